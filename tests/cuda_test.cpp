// The cuda backend. Without a GPU (CI): the plugin still loads and registers
// `cuda` as unavailable with the runtime's reason, which device("cuda"),
// `axon devices` and the skipped tests show. With one: copies, the caching
// allocator, kernel faults, random numbers, counters, and training that moves
// between cpu, cuda and mlu (the golden and conformance tests cover the ops).
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mlp_fixture.h"
#include "program_run.h"
#include "test_util.h"

namespace {

using namespace axon;
using axon::testing_util::error_of;
using axon::testing_util::flat_parameters;
using axon::testing_util::make_mlp_run;
using axon::testing_util::relative_difference;
using axon::testing_util::train_phases;
using ::testing::HasSubstr;

#ifdef AXON_TEST_CUDA_BUILT
constexpr bool kCudaBuilt = true;
#else
constexpr bool kCudaBuilt = false;
#endif

const DeviceTypeInfo* cuda_type() {
  load_default_plugins();
  static const std::vector<DeviceTypeInfo> types = device_types();
  for (const DeviceTypeInfo& type : types)
    if (type.type == "cuda") return &type;
  return nullptr;
}

// Why the GPU tests cannot run here, or "" when they can.
std::string why_no_gpu() {
  const DeviceTypeInfo* type = cuda_type();
  if (type == nullptr) return "the cuda backend was not built (no nvcc, or AXON_WITH_CUDA=OFF)";
  if (type->devices.empty()) return "cuda is unavailable: " + type->unavailable_reason;
  return "";
}

#define REQUIRE_GPU()                                       \
  if (const std::string why = why_no_gpu(); !why.empty()) { \
    GTEST_SKIP() << why;                                    \
  }

TEST(CudaBackend, IsRegisteredWithDevicesOrWithTheReasonWhyNot) {
  if (!kCudaBuilt) GTEST_SKIP() << "the cuda backend was not built";
  const DeviceTypeInfo* type = cuda_type();
  ASSERT_NE(type, nullptr) << "libaxon_cuda.so was built but did not register `cuda`";
  EXPECT_THAT(type->library, HasSubstr("libaxon_cuda.so"));
  if (!type->devices.empty()) {
    EXPECT_EQ(best_device().type(), "cuda") << "a GPU is the best device";
    return;
  }
  ASSERT_FALSE(type->unavailable_reason.empty());
  EXPECT_FALSE(is_available("cuda"));
  EXPECT_FALSE(is_available("cuda:0"));
  EXPECT_THAT(error_of([] { device("cuda"); }), HasSubstr(type->unavailable_reason));
  EXPECT_EQ(best_device().type(), "cpu");
}

// Checked without a GPU too: the kernels register when the plugin loads.
TEST(CudaBackend, RegistersAKernelForEveryPrimitive) {
  if (!kCudaBuilt) GTEST_SKIP() << "the cuda backend was not built";
  const std::vector<std::string> native = dispatch::native_ops("cuda");
  for (std::string_view op : primitive_names())
    EXPECT_THAT(native, ::testing::Contains(std::string(op))) << "no cuda kernel for " << op;
}

// nvcc compiles a host version of every __device__-only function that is
// instantiated from host code, and its body is a call to exit(): such a call
// compiles silently and ends the process on the first use (cuda fill did so).
// No function of the plugin may contain one.
TEST(CudaBackend, NoHostCodeCallsADeviceOnlyFunction) {
  if (!kCudaBuilt) GTEST_SKIP() << "the cuda backend was not built";
  const std::string library = cuda_type()->library;
  // Prints each function that calls exit, then "<n> functions" read.
  const auto run = testing_util::run_command(
      ::testing::TempDir(),
      fmt::format("objdump -d --no-show-raw-insn '{}' | awk '/^[0-9a-f]+ <.*>:$/ {{ f = $2; ++n }} "
                  "/call.*<exit@plt>/ {{ print f }} END {{ print n \" functions\" }}' | c++filt",
                  library));
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_THAT(run.output, ::testing::MatchesRegex("[1-9][0-9]+ functions\n"))
      << "host stubs of device functions in " << library;
}

TEST(CudaBackend, AxonDevicesShowsTheTypeAndWhyItIsUnavailable) {
  if (!kCudaBuilt) GTEST_SKIP() << "the cuda backend was not built";
  const auto run = testing_util::run_program(::testing::TempDir(), "axon", "devices");
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("cuda (priority 20"));
  if (cuda_type()->devices.empty())
    EXPECT_THAT(run.output, HasSubstr("unavailable: " + cuda_type()->unavailable_reason));
  else
    EXPECT_THAT(run.output, HasSubstr("cuda:0"));
}

TEST(CudaBackend, ProgramsAskedForCudaFailWithTheReason) {
  if (!kCudaBuilt) GTEST_SKIP() << "the cuda backend was not built";
  if (!cuda_type()->devices.empty()) GTEST_SKIP() << "a GPU is here";
  const auto run =
      testing_util::run_program(::testing::TempDir(), "mlp2d_train", "--device cuda --epochs 1");
  EXPECT_NE(run.status, 0);
  EXPECT_THAT(run.output, HasSubstr(cuda_type()->unavailable_reason));
}

Device& gpu() { return device("cuda"); }

TEST(Cuda, CopiesRoundTripOfEverySize) {
  REQUIRE_GPU();
  // 0 bytes, one element, and more than the 32 MiB staging chunk plus a tail.
  for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{(33 << 20) / 4 + 3}}) {
    std::vector<float> host(static_cast<size_t>(n));
    for (size_t i = 0; i < host.size(); ++i) host[i] = static_cast<float>(i % 1000) - 7.0f;
    Tensor a = from_vector(host, {n}, TensorOptions().device(gpu()));
    EXPECT_EQ((a * 1.0).to_vector<float>(), host) << n;
  }
}

TEST(Cuda, FreedBlocksAreReusedAndEmptyCacheReturnsThem) {
  REQUIRE_GPU();
  Device& d = gpu();
  void* first = nullptr;
  {
    Tensor a = zeros({1 << 20}, TensorOptions().device(d));
    first = a.arg().base;
  }
  Tensor b = zeros({1 << 20}, TensorOptions().device(d));
  EXPECT_EQ(b.arg().base, first) << "the cached block is handed out again";
  const uint64_t free_before = d.info().memory_free;
  { Tensor big = zeros({64 << 20}, TensorOptions().device(d)); }
  d.empty_cache();
  EXPECT_GE(d.info().memory_free + (16u << 20), free_before) << "256 MiB went back to the driver";
}

TEST(Cuda, OutOfMemoryNamesTheSizesAndLeavesTheDeviceUsable) {
  REQUIRE_GPU();
  Device& d = gpu();
  const int64_t too_many = static_cast<int64_t>(d.info().memory_total / 2);  // 2x the memory
  try {
    empty({too_many}, TensorOptions().device(d));
    FAIL() << "expected an OutOfMemoryError";
  } catch (const OutOfMemoryError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cuda:0"));
    EXPECT_THAT(e.what(), HasSubstr(std::to_string(too_many * 4)));
  }
  EXPECT_EQ(sum(ones({1000}, TensorOptions().device(d))).item(), 1000.0);
}

TEST(Cuda, ABadIndexSurfacesAtTheNextSynchronizingCallAndIsCleared) {
  REQUIRE_GPU();
  Tensor x = from_vector<float>({1, 2, 3}, {3}, TensorOptions().device(gpu()));
  Tensor index = from_vector<int64_t>({0, 7}, {2}, TensorOptions(DType::i64).device(gpu()));
  Tensor y;
  ASSERT_NO_THROW(y = gather(x, 0, index)) << "the launch returns before the kernel runs";
  const std::string message = error_of([] { gpu().synchronize(); });
  EXPECT_THAT(message, HasSubstr("cuda:0: kernel gather failed"));
  EXPECT_THAT(message, HasSubstr("index 7 is out of range"));
  EXPECT_EQ(error_of([] { gpu().synchronize(); }), "") << "reported once";
  EXPECT_EQ((x * 2.0).to_vector<float>(), (std::vector<float>{2, 4, 6}));
}

TEST(Cuda, RandomNumbersMatchTheCpuForTheSameSeed) {
  REQUIRE_GPU();
  manual_seed(5);
  const std::vector<float> on_cpu = randn({101}).to_vector<float>();
  manual_seed(5);
  const std::vector<float> on_gpu = randn({101}, TensorOptions().device(gpu())).to_vector<float>();
  ASSERT_EQ(on_gpu.size(), on_cpu.size());
  for (size_t i = 0; i < on_cpu.size(); ++i) EXPECT_NEAR(on_gpu[i], on_cpu[i], 1e-5) << i;
}

TEST(Cuda, CountsKernelsAndTransfers) {
  REQUIRE_GPU();
  Device& d = gpu();
  d.synchronize();
  d.reset_stats();
  Tensor a = from_vector<float>({1, 2, 3, 4}, {4}, TensorOptions().device(d));
  Tensor b = exp(a) + a;
  b.to_vector<float>();
  const DeviceStats stats = d.stats();
  EXPECT_EQ(stats.kernels_per_op.at("exp"), 1u);
  EXPECT_EQ(stats.kernels_per_op.at("add"), 1u);
  EXPECT_EQ(stats.copies_host_to_device, 1u);
  EXPECT_EQ(stats.copies_device_to_host, 1u);
  EXPECT_TRUE(stats.fallbacks_per_op.empty());
}

TEST(CudaMoves, TrainingThatMovesBetweenCpuCudaAndMluMatchesTheAllCpuRun) {
  REQUIRE_GPU();
  auto reference = make_mlp_run();
  train_phases(reference, {{"cpu", 60}});
  auto moved = make_mlp_run();
  train_phases(moved, {{"cpu", 15}, {"cuda", 15}, {"mlu", 15}, {"cpu", 15}});
  auto on_gpu = make_mlp_run();
  train_phases(on_gpu, {{"cuda", 60}});
  EXPECT_LT(relative_difference(flat_parameters(*moved.net), flat_parameters(*reference.net)),
            1e-4);
  EXPECT_LT(relative_difference(flat_parameters(*on_gpu.net), flat_parameters(*reference.net)),
            1e-4);
  for (const auto& [key, tensor] : moved.optimizer->state_dict())
    EXPECT_EQ(tensor.device().type(), "cpu") << key;
}

}  // namespace
