// The radam, rprop and asgd optimizers beyond their golden trajectories
// (golden_optimizers_test.cpp): defaults and describe(), errors with
// PyTorch's messages, state-dict names, a state dict taken mid-run that
// continues exactly, and the PyTorch 1.13 details the trajectories do not
// isolate (RAdam's unrectified first steps, Rprop's step sizes fixed at the
// first lr, ASGD's float32 eta and mu).
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <cmath>
#include <string>
#include <vector>

namespace {

using axon::Tensor;
using axon::testing_util::error_of;
using testing::HasSubstr;

// Two parameters of shapes (3, 4) and (5,), as in the golden cases.
axon::TensorList make_params() {
  std::vector<float> a(12), b(5);
  for (size_t j = 0; j < a.size(); ++j) a[j] = 0.3f * static_cast<float>(j) - 1.7f;
  for (size_t j = 0; j < b.size(); ++j) b[j] = 0.9f - 0.4f * static_cast<float>(j);
  return {axon::from_vector(a, {3, 4}).requires_grad_(),
          axon::from_vector(b, {5}).requires_grad_()};
}

// Parameters i in group i, group 1 with its own lr.
axon::OptimizerPtr make_two_groups(const std::string& name, const axon::TensorList& params,
                                   const axon::Options& options, double lr1) {
  std::vector<axon::ParamGroup> groups{{{params[0]}, {}}, {{params[1]}, {{"lr", lr1}}}};
  return axon::make_optimizer(name, std::move(groups), options);
}

// Gradients that change sign from step to step and element to element.
void set_grads(const axon::TensorList& params, int step) {
  for (size_t i = 0; i < params.size(); ++i) {
    std::vector<float> g(params[i].numel());
    for (size_t j = 0; j < g.size(); ++j)
      g[j] = static_cast<float>(std::sin(1.3 * step + 2.1 * static_cast<double>(j) + 0.7 * i));
    params[i].set_grad(axon::from_vector(g, params[i].shape()));
  }
}

std::vector<float> values(const Tensor& t) { return t.detach().to_vector<float>(); }

std::string make_error(const std::string& name, const axon::Options& options) {
  return error_of([&] { axon::make_optimizer(name, make_params(), options); });
}

std::string describe(const std::string& name, const axon::Options& options = {}) {
  return axon::make_optimizer(name, make_params(), options)->describe();
}

// ---- describe() and defaults -------------------------------------------------------

TEST(OptimizersMore, DescribeShowsPyTorchDefaults) {
  EXPECT_EQ(describe("radam"),
            "RAdam(lr=0.001, betas=[0.9, 0.999], eps=1e-08, weight_decay=0.0, l1=0.0)");
  EXPECT_EQ(describe("rprop"),
            "Rprop(lr=0.01, etas=[0.5, 1.2], step_sizes=[1e-06, 50.0], maximize=false, l1=0.0)");
  EXPECT_EQ(describe("asgd"),
            "ASGD(lr=0.01, lambd=0.0001, alpha=0.75, t0=1000000.0, weight_decay=0.0, "
            "maximize=false, l1=0.0)");
}

TEST(OptimizersMore, DescribeShowsEveryGroup) {
  auto opt = make_two_groups("asgd", make_params(), {{"t0", 3.0}}, 0.5);
  EXPECT_EQ(opt->describe(),
            "ASGD(group 0: lr=0.01, lambd=0.0001, alpha=0.75, t0=3.0, weight_decay=0.0, "
            "maximize=false, l1=0.0; group 1: lr=0.5, lambd=0.0001, alpha=0.75, t0=3.0, "
            "weight_decay=0.0, maximize=false, l1=0.0)");
}

// ---- errors --------------------------------------------------------------------------

TEST(OptimizersMore, RAdamRejectsWhatPyTorchRejects) {
  EXPECT_EQ(make_error("radam", {{"lr", -0.1}}), "radam: invalid learning rate: -0.1");
  EXPECT_EQ(make_error("radam", {{"eps", -1e-8}}), "radam: invalid epsilon value: -1e-08");
  EXPECT_EQ(make_error("radam", {{"betas", std::vector<double>{1.0, 0.999}}}),
            "radam: invalid beta parameter at index 0: 1");
  EXPECT_EQ(make_error("radam", {{"betas", std::vector<double>{0.9, -0.5}}}),
            "radam: invalid beta parameter at index 1: -0.5");
  EXPECT_EQ(make_error("radam", {{"betas", std::vector<double>{0.9}}}),
            "radam: expected betas of 2 values (beta1, beta2), got [0.9]");
  EXPECT_EQ(make_error("radam", {{"weight_decay", -0.01}}),
            "radam: invalid weight_decay value: -0.01");
  // RAdam has no maximize in PyTorch 1.13.
  EXPECT_THAT(make_error("radam", {{"maximize", true}}), HasSubstr("unknown option 'maximize'"));
}

TEST(OptimizersMore, RpropRejectsWhatPyTorchRejects) {
  EXPECT_EQ(make_error("rprop", {{"lr", -1.0}}), "rprop: invalid learning rate: -1");
  for (auto etas : {std::vector<double>{0.0, 1.2}, std::vector<double>{1.0, 1.2},
                    std::vector<double>{0.5, 1.0}, std::vector<double>{1.5, 2.0}}) {
    EXPECT_EQ(make_error("rprop", {{"etas", etas}}),
              fmt::format("rprop: invalid eta values: {}, {}", etas[0], etas[1]));
  }
  EXPECT_EQ(make_error("rprop", {{"etas", std::vector<double>{0.5, 1.2, 2.0}}}),
            "rprop: expected etas of 2 values (etaminus, etaplus), got [0.5, 1.2, 2]");
  EXPECT_EQ(make_error("rprop", {{"step_sizes", std::vector<double>{1e-6}}}),
            "rprop: expected step_sizes of 2 values (step_size_min, step_size_max), got [1e-06]");
}

TEST(OptimizersMore, AsgdChecksOnlyLrAndWeightDecayAsPyTorchDoes) {
  EXPECT_EQ(make_error("asgd", {{"lr", -1.0}}), "asgd: invalid learning rate: -1");
  EXPECT_EQ(make_error("asgd", {{"weight_decay", -1.0}}), "asgd: invalid weight_decay value: -1");
  EXPECT_EQ(make_error("asgd", {{"lambd", -1.0}, {"alpha", -2.0}, {"t0", -5.0}}), "");
}

TEST(OptimizersMore, EveryGroupIsChecked) {
  auto error = [](const std::string& name) {
    return error_of([&] { make_two_groups(name, make_params(), {}, -0.5); });
  };
  EXPECT_EQ(error("radam"), "radam: invalid learning rate: -0.5");
  EXPECT_EQ(error("rprop"), "rprop: invalid learning rate: -0.5");
  EXPECT_EQ(error("asgd"), "asgd: invalid learning rate: -0.5");
}

// ---- state dict ------------------------------------------------------------------------

std::vector<std::string> state_keys(const axon::Optimizer& opt) {
  std::vector<std::string> keys;
  for (const auto& key : opt.state_dict().keys())
    if (key.rfind("state.0.", 0) == 0) keys.push_back(key);
  return keys;
}

TEST(OptimizersMore, StateDictUsesPyTorchStateNames) {
  using testing::UnorderedElementsAre;
  auto names = [](const std::string& name) {
    axon::TensorList params = make_params();
    auto opt = axon::make_optimizer(name, params, {});
    set_grads(params, 0);
    opt->step();
    return state_keys(*opt);
  };
  EXPECT_THAT(names("radam"),
              UnorderedElementsAre("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq"));
  EXPECT_THAT(names("rprop"),
              UnorderedElementsAre("state.0.step", "state.0.prev", "state.0.step_size"));
  EXPECT_THAT(names("asgd"),
              UnorderedElementsAre("state.0.step", "state.0.eta", "state.0.mu", "state.0.ax"));
}

struct RoundTripCase {
  std::string name;
  axon::Options options;
};

class OptimizersMoreRoundTrip : public testing::TestWithParam<RoundTripCase> {};

// An optimizer restored from a state dict taken after 5 of 12 steps (its
// parameters copied likewise) continues exactly as the original; one that
// starts afresh from the same parameters does not.
TEST_P(OptimizersMoreRoundTrip, RestoredOptimizerContinuesExactly) {
  const RoundTripCase& c = GetParam();
  constexpr int kSplit = 5, kSteps = 12;
  axon::TensorList original = make_params();
  auto opt = make_two_groups(c.name, original, c.options, 0.05);
  for (int k = 0; k < kSplit; ++k) {
    set_grads(original, k);
    opt->step();
  }

  axon::TensorList restored, fresh;
  for (const auto& p : original) {
    restored.push_back(p.detach().clone().requires_grad_());
    fresh.push_back(p.detach().clone().requires_grad_());
  }
  auto restored_opt = make_two_groups(c.name, restored, c.options, 0.05);
  restored_opt->load_state_dict(opt->state_dict());
  auto fresh_opt = make_two_groups(c.name, fresh, c.options, 0.05);

  for (int k = kSplit; k < kSteps; ++k) {
    for (auto* params : {&original, &restored, &fresh}) set_grads(*params, k);
    opt->step();
    restored_opt->step();
    fresh_opt->step();
    for (size_t i = 0; i < original.size(); ++i)
      ASSERT_EQ(values(restored[i]), values(original[i])) << "param " << i << " after step " << k;
  }
  axon::StateDict restored_state = restored_opt->state_dict();
  for (const auto& [key, t] : opt->state_dict()) {
    const Tensor* got = restored_state.find(key);
    ASSERT_NE(got, nullptr) << key;
    EXPECT_EQ(got->to(axon::DType::f64).to_vector<double>(),
              t.to(axon::DType::f64).to_vector<double>())
        << key;
  }
  EXPECT_NE(values(fresh[0]), values(original[0])) << "the state made no difference";
}

INSTANTIATE_TEST_SUITE_P(
    , OptimizersMoreRoundTrip,
    testing::Values(RoundTripCase{"radam", {{"weight_decay", 0.01}}},
                    RoundTripCase{"rprop",
                                  {{"etas", std::vector<double>{0.3, 1.5}},
                                   {"step_sizes", std::vector<double>{1e-3, 0.02}}}},
                    RoundTripCase{"rprop", {{"maximize", true}}},
                    RoundTripCase{"asgd",
                                  {{"lr", 0.1}, {"lambd", 0.1}, {"alpha", 0.5}, {"t0", 2.5}}},
                    RoundTripCase{"asgd", {}}),
    [](const testing::TestParamInfo<RoundTripCase>& info) {
      return info.param.name + std::to_string(info.index);
    });

// ---- PyTorch 1.13 details ------------------------------------------------------------

// One (1,) parameter at 0 with gradient `grad` at each step; its values after each.
std::vector<float> trajectory(const std::string& name, const axon::Options& options,
                              const std::vector<float>& grads) {
  Tensor p = axon::zeros({1}).requires_grad_();
  auto opt = axon::make_optimizer(name, {p}, options);
  std::vector<float> out;
  for (float g : grads) {
    p.set_grad(axon::from_vector(std::vector<float>{g}, {1}));
    opt->step();
    out.push_back(p.detach().item<float>());
  }
  return out;
}

// While rho_t <= 5 (the first 5 steps with beta2 = 0.999) RAdam is SGD with a
// bias-corrected momentum: the step scales with the gradient, unlike Adam's.
// Values from torch.optim.RAdam([p], lr=0.1) with p.grad = 2 at every step.
TEST(OptimizersMore, RAdamFirstStepsAreUnrectified) {
  std::vector<float> got = trajectory("radam", {{"lr", 0.1}}, std::vector<float>(7, 2.0f));
  std::vector<float> want{-0.2f, -0.4f, -0.6f, -0.8f, -1.0f, -1.0025821f, -1.0058559f};
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k)
    EXPECT_NEAR(got[k], want[k], 1e-5 * std::abs(want[k])) << "after step " << k;
}

// PyTorch fills step_size with the lr of the first step; a later change of
// the group's lr (a scheduler's) does not reach it.
TEST(OptimizersMore, RpropStepSizesIgnoreLaterLrChanges) {
  Tensor p = axon::zeros({1}).requires_grad_();
  auto opt = axon::make_optimizer("rprop", {p}, {{"lr", 0.1}});
  p.set_grad(axon::ones({1}));
  opt->step();
  opt->param_groups()[0].options.set("lr", 10.0);
  opt->step();
  // Same gradient sign twice: the step size grows by etaplus from 0.1.
  EXPECT_NEAR(p.detach().item<float>(), -0.1f - 0.12f, 1e-6);
  EXPECT_NEAR(opt->state_dict().at("state.0.step_size").item(), 0.12, 1e-7);
}

// A flipped gradient sign: no move at that step, and prev is zeroed so that
// the next step keeps the shrunk step size (sign 0: factor 1).
TEST(OptimizersMore, RpropSignFlipSkipsOneStep) {
  std::vector<float> got = trajectory("rprop", {{"lr", 0.1}}, {1.0f, -1.0f, -1.0f, -1.0f});
  std::vector<float> want{-0.1f, -0.1f, -0.05f, -0.05f + 0.06f};
  for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-6) << "after step " << k;
}

TEST(OptimizersMore, RpropStepSizesStayWithinBounds) {
  std::vector<float> got =
      trajectory("rprop", {{"lr", 0.1}, {"step_sizes", std::vector<double>{0.01, 0.15}}},
                 {1.0f, 1.0f, 1.0f, 1.0f, -1.0f, -1.0f, -1.0f});
  // 0.1, 0.12, 0.144, 0.15 (max); a flip: no move and 0.075; 0.075 (sign 0); 0.09.
  std::vector<float> want{-0.1f, -0.22f, -0.364f, -0.514f, -0.514f, -0.439f, -0.349f};
  for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-6) << "after step " << k;
}

// PyTorch 1.13 keeps eta and mu as float32 tensors: the state holds their
// float32 roundings, and eta starts at float32(lr).
TEST(OptimizersMore, AsgdEtaAndMuAreFloat32) {
  Tensor p = axon::zeros({1}).requires_grad_();
  double lr = 0.1, lambd = 0.1, alpha = 0.5, t0 = 2.5;
  auto opt = axon::make_optimizer("asgd", {p},
                                  {{"lr", lr}, {"lambd", lambd}, {"alpha", alpha}, {"t0", t0}});
  for (int step = 1; step <= 5; ++step) {
    p.set_grad(axon::ones({1}));
    opt->step();
    axon::StateDict state = opt->state_dict();
    double eta = static_cast<float>(lr / std::pow(1.0 + lambd * lr * step, alpha));
    double mu = static_cast<float>(1.0 / std::max(1.0, step - t0));
    EXPECT_EQ(state.at("state.0.eta").item(), eta) << "after step " << step;
    EXPECT_EQ(state.at("state.0.mu").item(), mu) << "after step " << step;
  }
}

// ax copies the parameter while mu is 1 (steps up to t0 + 1), then averages.
TEST(OptimizersMore, AsgdAveragesAfterT0) {
  Tensor p = axon::zeros({1}).requires_grad_();
  auto opt = axon::make_optimizer("asgd", {p}, {{"lr", 0.5}, {"lambd", 0.0}, {"t0", 1.0}});
  std::vector<float> ax;
  for (int step = 1; step <= 4; ++step) {
    p.set_grad(axon::ones({1}));
    opt->step();
    ax.push_back(opt->state_dict().at("state.0.ax").item<float>());
  }
  // p: -0.5, -1, -1.5, -2; mu before steps 3 and 4: 1, then 1/2 (step 3 - t0 = 2).
  EXPECT_EQ(ax, (std::vector<float>{-0.5f, -1.0f, -1.5f, -1.75f}));
  EXPECT_EQ(p.detach().item<float>(), -2.0f);
}

}  // namespace
