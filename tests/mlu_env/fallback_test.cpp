// With AXON_MLU_DISABLE=softmax (main.cpp), the fallback policy decides what
// a softmax on the mlu does: warn (the default) runs it on the cpu, warns once
// and counts; error refuses, naming the op and the device.
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mlp_fixture.h"
#include "test_util.h"

namespace {

using namespace axon;
using axon::testing_util::error_of;
using axon::testing_util::flat_parameters;
using axon::testing_util::make_mlp_run;
using axon::testing_util::relative_difference;
using axon::testing_util::train_phases;
using ::testing::HasSubstr;

TEST(MluSettings, DevicesAndCapacityComeFromTheEnvironment) {
  EXPECT_EQ(device("mlu:1").name(), "mlu:1");
  EXPECT_EQ(device("mlu:0").info().memory_total, uint64_t{64} << 20);
  EXPECT_THAT(error_of([] { device("mlu:2"); }), HasSubstr("mlu:2"));
  EXPECT_THAT(device("mlu").info().details, HasSubstr("disabled ops: softmax"));
}

TEST(MluSettings, DisabledPrimitivesHaveNoKernel) {
  EXPECT_FALSE(dispatch::has_kernel("softmax", "mlu"));
  EXPECT_TRUE(dispatch::has_kernel("log_softmax", "mlu"));
  EXPECT_TRUE(dispatch::has_kernel("softmax", "cpu"));
}

TEST(MluSettings, TensorsMoveBetweenTwoDevicesOfTheType) {
  Tensor a = from_vector<float>({1, 2, 3}, {3}, TensorOptions().device("mlu:0"));
  Tensor b = (a * 2.0).to("mlu:1");
  EXPECT_EQ(b.device().name(), "mlu:1");
  EXPECT_EQ((b + 1.0).to_vector<float>(), (std::vector<float>{3, 5, 7}));
}

TEST(MluFallback, WarnPolicyTrainsWarnsOnceAndCounts) {
  Device& mlu = device("mlu");
  mlu.reset_stats();
  auto reference = make_mlp_run(true);
  train_phases(reference, {{"cpu", 20}}, true);
  auto run = make_mlp_run(true);
  ::testing::internal::CaptureStderr();
  train_phases(run, {{"mlu", 20}}, true);
  const std::string warnings = ::testing::internal::GetCapturedStderr();

  EXPECT_LT(relative_difference(flat_parameters(*run.net), flat_parameters(*reference.net)), 1e-4);
  const std::string expected = "op softmax has no kernel for device mlu";
  EXPECT_THAT(warnings, HasSubstr(expected));
  EXPECT_EQ(warnings.find(expected), warnings.rfind(expected)) << "warned more than once";
  const DeviceStats stats = mlu.stats();
  EXPECT_EQ(stats.fallbacks_per_op.at("softmax"), 20u) << "one forward softmax per step";
  EXPECT_EQ(stats.fallbacks_per_op.size(), 1u);
  EXPECT_GT(stats.kernels_per_op.at("softmax_backward"), 0u) << "the backward ran natively";
}

TEST(MluFallback, ErrorPolicyRefusesNamingTheOpAndTheDevice) {
  ScopedFallbackPolicy policy(FallbackPolicy::error);
  auto run = make_mlp_run(true);
  const std::string message = error_of([&] { train_phases(run, {{"mlu", 1}}, true); });
  EXPECT_THAT(message, HasSubstr("softmax"));
  EXPECT_THAT(message, HasSubstr("mlu"));
  EXPECT_THAT(message, HasSubstr("'error'"));
}

TEST(MluFallback, AllowPolicyIsSilentButCounts) {
  ScopedFallbackPolicy policy(FallbackPolicy::allow);
  Device& mlu = device("mlu:1");
  mlu.reset_stats();
  Tensor x = from_vector<float>({0, 1, 2}, {1, 3}, TensorOptions().device(mlu));
  ::testing::internal::CaptureStderr();
  std::vector<float> p = softmax(x, 1).to_vector<float>();
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_NEAR(p[0] + p[1] + p[2], 1.0f, 1e-6f);
  EXPECT_EQ(mlu.stats().fallbacks_per_op.at("softmax"), 1u);
}

}  // namespace
