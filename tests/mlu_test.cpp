// The simulated accelerator: its memory is not the host's, its queue is
// asynchronous with errors reported at the next synchronizing call, its
// capacity is enforced, its counters count, and a model with its optimizer
// moves between cpu and mlu while training without changing the result.
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mlp_fixture.h"
#include "test_util.h"

namespace {

using namespace axon;
using axon::testing_util::error_of;
using ::testing::HasSubstr;

Device& mlu() { return device("mlu"); }

TEST(Mlu, IsAnAvailableDeviceThatIsNotTheHost) {
  Device& d = mlu();
  EXPECT_EQ(d.name(), "mlu:0");
  EXPECT_FALSE(d.is_host());
  EXPECT_EQ(d.info().memory_total, uint64_t{4} << 30);
  EXPECT_EQ(best_device().type(), "cpu") << "a simulation must not be preferred to the cpu";
}

TEST(MluDeathTest, HostDereferenceOfDeviceMemoryCrashes) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Tensor t = ones({16}, TensorOptions().device(mlu()));
  const volatile float* data = static_cast<const float*>(t.arg().base);
  EXPECT_DEATH({ [[maybe_unused]] float value = data[0]; }, "");
  // The copy API reads the same memory fine.
  EXPECT_EQ(t.to_vector<float>(), std::vector<float>(16, 1.0f));
}

TEST(Mlu, ResultsComeBackThroughTheCopyFunctions) {
  std::vector<float> host = {1, 2, 3, 4, 5, 6};
  Tensor a = from_vector(host, {2, 3}, TensorOptions().device(mlu()));
  host.assign(host.size(), -1.0f);  // the copy was staged: the source may change at once
  Tensor b = matmul(a, a.transpose(0, 1)) * 2.0 + 1.0;
  EXPECT_EQ(b.device().name(), "mlu:0");
  EXPECT_EQ(b.to_vector<float>(), (std::vector<float>{29, 65, 65, 155}));
}

TEST(Mlu, KernelErrorSurfacesAtTheNextSynchronizingCallAndIsCleared) {
  Tensor x = from_vector<float>({1, 2, 3}, {3}, TensorOptions().device(mlu()));
  Tensor index = from_vector<int64_t>({0, 7}, {2}, TensorOptions(DType::i64).device(mlu()));
  Tensor y;
  ASSERT_NO_THROW(y = gather(x, 0, index)) << "the launch returns before the kernel runs";
  Tensor z = x + 1.0;  // queued behind the failure: dropped
  const std::string message = error_of([] { mlu().synchronize(); });
  EXPECT_THAT(message, HasSubstr("mlu:0: kernel gather failed"));
  EXPECT_THAT(message, HasSubstr("7"));
  EXPECT_EQ(error_of([] { mlu().synchronize(); }), "") << "reported once";
  EXPECT_EQ((x * 2.0).to_vector<float>(), (std::vector<float>{2, 4, 6}));
}

TEST(Mlu, CopyToHostReportsAPendingKernelError) {
  Tensor x = from_vector<float>({1, 2}, {2}, TensorOptions().device(mlu()));
  Tensor bad = from_vector<int64_t>({-3}, {1}, TensorOptions(DType::i64).device(mlu()));
  Tensor y = index_select(x, 0, bad);
  EXPECT_THAT(error_of([&] { x.to_vector<float>(); }), HasSubstr("kernel index_select failed"));
  EXPECT_EQ(x.to_vector<float>(), (std::vector<float>{1, 2}));
}

TEST(Mlu, OutOfMemoryNamesTheSizesAndLeavesTheDeviceUsable) {
  Device& d = mlu();
  Tensor held = zeros({1 << 20}, TensorOptions().device(d));  // 4 MiB in use
  const int64_t too_many = static_cast<int64_t>(d.info().memory_total / 4);
  try {
    empty({too_many}, TensorOptions().device(d));
    FAIL() << "expected an OutOfMemoryError";
  } catch (const OutOfMemoryError& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, HasSubstr("mlu:0"));
    EXPECT_THAT(message, HasSubstr(std::to_string(too_many * 4)));
    EXPECT_THAT(message, HasSubstr(std::to_string(d.info().memory_total)));
  }
  Tensor next = ones({1000}, TensorOptions().device(d));
  EXPECT_EQ(sum(next).item(), 1000.0);
  EXPECT_EQ(sum(held).item(), 0.0);
}

TEST(Mlu, FreedMemoryIsReusedAndMerged) {
  Device& d = mlu();
  const uint64_t before = d.info().memory_free;
  {
    Tensor a = zeros({1 << 18}, TensorOptions().device(d));
    Tensor b = zeros({1 << 18}, TensorOptions().device(d));
    EXPECT_EQ(d.info().memory_free, before - 2 * (uint64_t{1} << 20));
  }
  EXPECT_EQ(d.info().memory_free, before);
  // Three quarters of the capacity fits again only if the freed blocks merged.
  Tensor big =
      empty({static_cast<int64_t>(d.info().memory_total / 4 * 3 / 4)}, TensorOptions().device(d));
  EXPECT_EQ(big.numel() * 4, static_cast<int64_t>(d.info().memory_total / 4 * 3));
}

TEST(Mlu, CountsKernelsTransfersAndPeakMemory) {
  Device& d = mlu();
  d.synchronize();
  d.reset_stats();
  Tensor a = from_vector<float>({1, 2, 3, 4}, {4}, TensorOptions().device(d));
  Tensor b = exp(a) + a;
  std::vector<float> back = b.to_vector<float>();
  const DeviceStats stats = d.stats();
  EXPECT_EQ(stats.kernels_per_op.at("exp"), 1u);
  EXPECT_EQ(stats.kernels_per_op.at("add"), 1u);
  EXPECT_EQ(stats.copies_host_to_device, 1u);
  EXPECT_EQ(stats.bytes_host_to_device, 16u);
  EXPECT_EQ(stats.copies_device_to_host, 1u);
  EXPECT_EQ(stats.bytes_device_to_host, 16u);
  EXPECT_GE(stats.peak_bytes, 48u);
  EXPECT_TRUE(stats.fallbacks_per_op.empty());
}

TEST(Mlu, RandomNumbersMatchTheCpuForTheSameSeed) {
  manual_seed(5);
  std::vector<float> on_cpu = randn({101}).to_vector<float>();
  manual_seed(5);
  std::vector<float> on_mlu = randn({101}, TensorOptions().device(mlu())).to_vector<float>();
  EXPECT_EQ(on_cpu, on_mlu);
}

using axon::testing_util::flat_parameters;
using axon::testing_util::make_mlp_run;
using axon::testing_util::relative_difference;
using axon::testing_util::train_phases;

TEST(MluMoves, TrainingThatSwitchesDevicesMatchesTheAllCpuRun) {
  auto reference = make_mlp_run();
  train_phases(reference, {{"cpu", 60}});
  auto moved = make_mlp_run();
  train_phases(moved, {{"cpu", 20}, {"mlu", 20}, {"cpu", 20}});
  auto on_mlu = make_mlp_run();
  train_phases(on_mlu, {{"mlu", 60}});

  EXPECT_EQ(moved.net->parameters()[0].device().name(), "cpu:0");
  EXPECT_LT(relative_difference(flat_parameters(*moved.net), flat_parameters(*reference.net)),
            1e-4);
  EXPECT_LT(relative_difference(flat_parameters(*on_mlu.net), flat_parameters(*reference.net)),
            1e-4);
  // The optimizer state moved too: the next step on cpu agrees with the reference.
  for (const auto& [key, tensor] : moved.optimizer->state_dict())
    EXPECT_EQ(tensor.device().type(), "cpu") << key;
}

TEST(MluMoves, CheckpointsSavedFromTheDeviceLoadAnywhere) {
  auto run = make_mlp_run();
  train_phases(run, {{"mlu", 5}});
  const std::string path = ::testing::TempDir() + "/mlu_checkpoint.safetensors";
  save_safetensors(path, run.net->state_dict());
  auto fresh = make_mlp_run();
  fresh.net->load_state_dict(load_safetensors(path));
  EXPECT_EQ(flat_parameters(*fresh.net), flat_parameters(*run.net));
  std::remove(path.c_str());
}

TEST(MluMoves, TheLoaderDeliversBatchesOnTheDevice) {
  auto dataset = std::make_shared<data::TensorDataset>(
      TensorList{arange(0, 10, 1, DType::f32).reshape({5, 2}), arange(0, 5)});
  data::DataLoader loader(dataset, {.batch_size = 2, .device = &mlu()});
  int64_t batches = 0;
  for (const TensorList& batch : loader) {
    EXPECT_EQ(batch[0].device().name(), "mlu:0");
    ++batches;
  }
  EXPECT_EQ(batches, 3);
}

}  // namespace
