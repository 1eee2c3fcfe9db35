// The dispatcher's fallback policy, on the fixture device "testremote": a
// device that claims its own memory and registers no kernel at all.
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace {

using axon::FallbackPolicy;
using axon::ScopedFallbackPolicy;
using axon::Tensor;
using axon::testing_util::error_of;
using testing::HasSubstr;

axon::Device& remote() {
  static const axon::PluginReport report =
      axon::load_plugin(std::string(AXON_TEST_FIXTURE_DIR) + "/libaxon_test_good.so");
  EXPECT_TRUE(report.loaded) << report.reason;
  return axon::device("testremote");
}

Tensor remote_vector(const std::vector<float>& values) {
  return axon::from_vector(values, {static_cast<int64_t>(values.size())}).to(remote());
}

TEST(Dispatcher, ErrorPolicyNamesTheOpAndTheDevice) {
  Tensor a = remote_vector({1, 2, 3});
  ScopedFallbackPolicy policy(FallbackPolicy::error);
  EXPECT_THAT(error_of([&] { axon::exp(a); }),
              HasSubstr("op exp has no kernel for device testremote (fallback policy is 'error'"));
}

TEST(Dispatcher, AllowPolicyRunsTheCpuKernelOnCopiesAndCountsIt) {
  Tensor a = remote_vector({1, 2, 3}), b = remote_vector({10, 20, 30});
  ScopedFallbackPolicy policy(FallbackPolicy::allow);
  uint64_t before = remote().stats().fallbacks_per_op["add"];
  Tensor sum = axon::add(a, b);
  EXPECT_EQ(&sum.device(), &remote());
  EXPECT_EQ(sum.to_vector<float>(), (std::vector<float>{11, 22, 33}));
  EXPECT_EQ(remote().stats().fallbacks_per_op["add"], before + 1);
}

TEST(Dispatcher, FallbackWritesThroughStridedViews) {
  Tensor m = axon::from_vector(std::vector<float>{1, 2, 3, 4, 5, 6}, {2, 3}).to(remote());
  ScopedFallbackPolicy policy(FallbackPolicy::allow);
  Tensor column = m.narrow(1, 1, 1);
  {
    axon::NoGradGuard no_grad;
    column.mul_(10.0);
  }
  EXPECT_EQ(m.to_vector<float>(), (std::vector<float>{1, 20, 3, 4, 50, 6}));
  EXPECT_EQ(axon::sum(m.t()).item<float>(), 84.0f);
}

TEST(Dispatcher, WarnPolicyWarnsOncePerOp) {
  Tensor a = remote_vector({-1, 2});
  ScopedFallbackPolicy policy(FallbackPolicy::warn);
  testing::internal::CaptureStderr();
  axon::abs(a);
  axon::abs(a);
  std::string warnings = testing::internal::GetCapturedStderr();
  EXPECT_THAT(warnings,
              HasSubstr("op abs has no kernel for device testremote; running it on the cpu"));
  EXPECT_EQ(warnings.find("op abs"), warnings.rfind("op abs")) << warnings;
}

TEST(Dispatcher, TrainingStepRunsOnADeviceWithoutKernels) {
  ScopedFallbackPolicy policy(FallbackPolicy::allow);
  axon::manual_seed(3);
  auto net = axon::nn::Linear(2, 1);
  net->to(remote());
  Tensor x = remote_vector({1, 2}).reshape({1, 2});
  Tensor loss = axon::sum(axon::square(net->forward(x)));
  loss.backward();
  for (const auto& p : net->parameters()) {
    EXPECT_EQ(&p.grad().device(), &remote());
  }
  EXPECT_GT(remote().stats().fallbacks_per_op["matmul"], 0u);
}

}  // namespace
