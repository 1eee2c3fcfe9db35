// The one_cycle, cyclic, cosine_warm_restarts, polynomial and constant
// schedulers beyond their golden lrs (golden_schedulers_test.cpp): defaults
// and describe(), errors with PyTorch's messages, one value per parameter
// group, momentum (or beta1) cycling and its effect on the optimizer's step.
// Expected values come from PyTorch 1.13.
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <vector>

namespace {

using axon::Tensor;
using axon::testing_util::error_of;
using testing::HasSubstr;

// One (3,) parameter per group, group i with lr lrs[i].
axon::OptimizerPtr optimizer_with(const std::string& name, const std::vector<double>& lrs,
                                  const axon::Options& options = {}) {
  std::vector<axon::ParamGroup> groups;
  for (double lr : lrs) groups.push_back({{axon::zeros({3}).requires_grad_()}, {{"lr", lr}}});
  return axon::make_optimizer(name, std::move(groups), options);
}

// Each group's lr after construction and after each of `steps` steps.
std::vector<std::vector<double>> lr_trace(axon::Scheduler& scheduler, int steps) {
  std::vector<std::vector<double>> lrs{scheduler.get_last_lr()};
  for (int k = 0; k < steps; ++k) {
    scheduler.step();
    lrs.push_back(scheduler.get_last_lr());
  }
  return lrs;
}

void expect_lrs(const std::vector<std::vector<double>>& got,
                const std::vector<std::vector<double>>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k) {
    ASSERT_EQ(got[k].size(), want[k].size()) << "at step " << k;
    for (size_t g = 0; g < want[k].size(); ++g)
      EXPECT_NEAR(got[k][g], want[k][g], 1e-12 + 1e-9 * want[k][g])
          << "group " << g << " at step " << k;
  }
}

std::string make_error(const std::string& name, const axon::Options& options,
                       const std::string& optimizer = "sgd") {
  return error_of([&] { axon::make_scheduler(name, optimizer_with(optimizer, {0.1}), options); });
}

// ---- describe() and defaults -------------------------------------------------------

TEST(SchedulersMore, DescribeShowsEveryOptionWithPyTorchDefaults) {
  auto opt = optimizer_with("sgd", {0.1});
  EXPECT_EQ(
      axon::make_scheduler("one_cycle", opt, {{"max_lr", 0.1}, {"total_steps", 100}})->describe(),
      "OneCycleLR(max_lr=0.1, total_steps=100, pct_start=0.3, anneal_strategy=cos, "
      "cycle_momentum=true, base_momentum=0.85, max_momentum=0.95, div_factor=25, "
      "final_div_factor=10000, three_phase=false)");
  EXPECT_EQ(axon::make_scheduler("cyclic", opt, {{"base_lr", 0.01}, {"max_lr", 0.1}})->describe(),
            "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2000, step_size_down=2000, "
            "mode=triangular, gamma=1, cycle_momentum=true, base_momentum=0.8, "
            "max_momentum=0.9)");
  EXPECT_EQ(axon::make_scheduler("cosine_warm_restarts", opt, {{"T_0", 10}})->describe(),
            "CosineAnnealingWarmRestarts(T_0=10, T_mult=1, eta_min=0)");
  EXPECT_EQ(axon::make_scheduler("polynomial", opt)->describe(),
            "PolynomialLR(total_iters=5, power=1)");
  EXPECT_EQ(axon::make_scheduler("constant", opt)->describe(),
            "ConstantLR(factor=0.3333333333333333, total_iters=5)");
}

TEST(SchedulersMore, OneCycleTakesTotalStepsFromEpochs) {
  auto opt = optimizer_with("sgd", {0.1});
  auto scheduler = axon::make_scheduler("one_cycle", opt,
                                        {{"max_lr", 0.1}, {"epochs", 3}, {"steps_per_epoch", 4}});
  EXPECT_THAT(scheduler->describe(), HasSubstr("total_steps=12"));
  // total_steps wins over epochs * steps_per_epoch, as in PyTorch.
  scheduler = axon::make_scheduler(
      "one_cycle", opt,
      {{"max_lr", 0.1}, {"total_steps", 5}, {"epochs", 3}, {"steps_per_epoch", 4}});
  EXPECT_THAT(scheduler->describe(), HasSubstr("total_steps=5"));
}

// ---- errors ----------------------------------------------------------------------------

TEST(SchedulersMore, OneCycleRejectsBadOptionsAsPyTorch) {
  EXPECT_THAT(make_error("one_cycle", {{"total_steps", 10}}),
              HasSubstr("missing required option 'max_lr'"));
  EXPECT_THAT(
      make_error("one_cycle", {{"max_lr", 0.1}}),
      HasSubstr("one_cycle: You must define either total_steps OR (epochs AND steps_per_epoch)"));
  EXPECT_THAT(make_error("one_cycle", {{"max_lr", 0.1}, {"epochs", 3}}),
              HasSubstr("You must define either total_steps OR (epochs AND steps_per_epoch)"));
  EXPECT_THAT(make_error("one_cycle", {{"max_lr", 0.1}, {"total_steps", 0}}),
              HasSubstr("one_cycle: Expected positive integer total_steps, but got 0"));
  EXPECT_THAT(make_error("one_cycle", {{"max_lr", 0.1}, {"epochs", -1}, {"steps_per_epoch", 4}}),
              HasSubstr("one_cycle: Expected positive integer epochs, but got -1"));
  EXPECT_THAT(make_error("one_cycle", {{"max_lr", 0.1}, {"epochs", 2}, {"steps_per_epoch", 0}}),
              HasSubstr("one_cycle: Expected positive integer steps_per_epoch, but got 0"));
  EXPECT_THAT(make_error("one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}, {"pct_start", 1.5}}),
              HasSubstr("one_cycle: Expected float between 0 and 1 pct_start, but got 1.5"));
  EXPECT_THAT(
      make_error("one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}, {"anneal_strategy", "exp"}}),
      HasSubstr("one_cycle: anneal_strategy must be one of 'cos' or 'linear', instead got 'exp'"));
  EXPECT_THAT(
      make_error("one_cycle", {{"max_lr", std::vector<double>{0.1, 0.2}}, {"total_steps", 10}}),
      HasSubstr("one_cycle: expected 1 values for max_lr, got 2"));
}

TEST(SchedulersMore, OneCycleStepsAtMostTotalSteps) {
  auto scheduler = axon::make_scheduler("one_cycle", optimizer_with("sgd", {0.1}),
                                        {{"max_lr", 0.1}, {"total_steps", 3}});
  for (int k = 0; k < 3; ++k) scheduler->step();
  EXPECT_EQ(error_of([&] { scheduler->step(); }),
            "one_cycle: Tried to step 5 times. The specified number of total steps is 3");
}

// PyTorch divides by the length of a phase and raises ZeroDivisionError when
// it is empty: here at construction (the first phase ends at step 0) and at
// the last step (pct_start 1 leaves the second phase no step).
TEST(SchedulersMore, OneCycleRejectsAnEmptyPhase) {
  EXPECT_THAT(make_error("one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}, {"pct_start", 0.1}}),
              HasSubstr("one_cycle: phase 1 of the schedule is empty"));
  auto scheduler = axon::make_scheduler("one_cycle", optimizer_with("sgd", {0.1}),
                                        {{"max_lr", 0.1}, {"total_steps", 4}, {"pct_start", 1.0}});
  for (int k = 0; k < 3; ++k) scheduler->step();
  EXPECT_THAT(error_of([&] { scheduler->step(); }), HasSubstr("phase 2 of the schedule is empty"));
}

TEST(SchedulersMore, CyclicRejectsBadOptions) {
  EXPECT_THAT(make_error("cyclic", {{"max_lr", 0.1}}),
              HasSubstr("cyclic: missing required option 'base_lr'"));
  EXPECT_THAT(make_error("cyclic", {{"base_lr", 0.01}}),
              HasSubstr("cyclic: missing required option 'max_lr'"));
  EXPECT_THAT(
      make_error("cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"mode", "sine"}}),
      HasSubstr("cyclic: mode 'sine' is invalid, expected triangular, triangular2 or exp_range"));
  EXPECT_THAT(make_error("cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"step_size_up", 0}}),
              HasSubstr("cyclic: step_size_up must be a positive number of iterations, got 0"));
  EXPECT_THAT(make_error("cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"step_size_down", -1}}),
              HasSubstr("cyclic: step_size_down must be a number of iterations >= 0, got -1"));
}

TEST(SchedulersMore, CosineWarmRestartsRejectsBadPeriods) {
  EXPECT_THAT(make_error("cosine_warm_restarts", {}),
              HasSubstr("cosine_warm_restarts: missing required option 'T_0'"));
  EXPECT_THAT(make_error("cosine_warm_restarts", {{"T_0", 0}}),
              HasSubstr("cosine_warm_restarts: Expected positive integer T_0, but got 0"));
  EXPECT_THAT(make_error("cosine_warm_restarts", {{"T_0", 2}, {"T_mult", 0}}),
              HasSubstr("cosine_warm_restarts: Expected integer T_mult >= 1, but got 0"));
}

TEST(SchedulersMore, ConstantRejectsAFactorOutsideTheUnitRange) {
  EXPECT_THAT(
      make_error("constant", {{"factor", 1.5}}),
      HasSubstr(
          "constant: Constant multiplicative factor expected to be between 0 and 1, got 1.5"));
  EXPECT_THAT(make_error("constant", {{"factor", -0.5}}), HasSubstr("between 0 and 1, got -0.5"));
}

// PyTorch accepts factor 0 and raises ZeroDivisionError when it undoes it.
TEST(SchedulersMore, ConstantFactorZeroFailsAtTotalIters) {
  auto scheduler = axon::make_scheduler("constant", optimizer_with("sgd", {0.1}),
                                        {{"factor", 0.0}, {"total_iters", 2}});
  scheduler->step();
  EXPECT_EQ(scheduler->get_last_lr()[0], 0.0);
  EXPECT_THAT(error_of([&] { scheduler->step(); }),
              HasSubstr("constant: factor 0 cannot be undone at epoch total_iters=2"));
}

// ---- momentum cycling ------------------------------------------------------------------

// adagrad has neither momentum nor betas; 1.13's CyclicLR knows only momentum.
TEST(SchedulersMore, CycledMomentumNeedsAnOptimizerWithMomentum) {
  EXPECT_THAT(make_error("one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}}, "adagrad"),
              HasSubstr("one_cycle: optimizer must support momentum with `cycle_momentum` option "
                        "enabled (its parameter groups have no 'momentum' or 'betas' option); pass "
                        "cycle_momentum=false"));
  EXPECT_THAT(
      make_error("cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}}, "adam"),
      HasSubstr("cyclic: optimizer must support momentum with `cycle_momentum` option enabled "
                "(its parameter groups have no 'momentum' option)"));
  EXPECT_EQ(
      make_error("one_cycle", {{"max_lr", 0.1}, {"total_steps", 10}, {"cycle_momentum", false}},
                 "adagrad"),
      "");
  EXPECT_EQ(
      make_error("cyclic", {{"base_lr", 0.01}, {"max_lr", 0.1}, {"cycle_momentum", false}}, "adam"),
      "");
}

TEST(SchedulersMore, OneCycleCyclesBeta1AndKeepsBeta2) {
  auto opt = optimizer_with("adam", {0.1}, {{"betas", std::vector<double>{0.9, 0.99}}});
  auto scheduler = axon::make_scheduler("one_cycle", opt, {{"max_lr", 0.1}, {"total_steps", 10}});
  auto betas = [&] { return opt->param_groups()[0].options.get<std::vector<double>>("betas"); };
  EXPECT_EQ(betas(), (std::vector<double>{0.95, 0.99}));
  scheduler->step();
  scheduler->step();  // step 2 = pct_start * total_steps - 1: max_lr and base_momentum
  EXPECT_NEAR(scheduler->get_last_lr()[0], 0.1, 1e-12);
  EXPECT_NEAR(betas()[0], 0.85, 1e-12);
  EXPECT_EQ(betas()[1], 0.99);
}

// rmsprop has a momentum; two groups with their own max_lr (PyTorch 1.13's values).
TEST(SchedulersMore, OneCycleTakesOneMaxLrPerGroup) {
  auto opt = optimizer_with("rmsprop", {0.1, 0.1});
  auto scheduler = axon::make_scheduler(
      "one_cycle", opt, {{"max_lr", std::vector<double>{0.1, 0.2}}, {"total_steps", 5}});
  expect_lrs(lr_trace(*scheduler, 4), {{0.0040000000000000036, 0.008000000000000007},
                                       {0.09504846320134738, 0.19009692640269477},
                                       {0.06112620219362893, 0.12225240438725786},
                                       {0.0188258346050237, 0.0376516692100474},
                                       {4e-07, 8e-07}});
  for (const auto& group : opt->param_groups())
    EXPECT_NEAR(group.options.get<double>("momentum"), 0.95, 1e-12);
  EXPECT_THAT(scheduler->describe(), HasSubstr("max_lr=[0.1, 0.2]"));
}

// The momentum a scheduler sets is the one the optimizer's next step uses:
// sgd with a constant gradient 1 moves by lr_0, then by lr_1 (m_1 buf_0 + 1).
TEST(SchedulersMore, CyclicMomentumReachesTheOptimizerStep) {
  Tensor p = axon::zeros({1}).requires_grad_();
  auto opt = axon::make_optimizer("sgd", axon::TensorList{p}, {{"lr", 0.5}});
  auto scheduler = axon::make_scheduler("cyclic", opt,
                                        {{"base_lr", 0.01}, {"max_lr", 0.1}, {"step_size_up", 2}});
  auto momentum = [&] { return opt->param_groups()[0].options.get<double>("momentum"); };
  EXPECT_EQ(scheduler->get_last_lr()[0], 0.01);  // base_lr replaces the optimizer's lr
  EXPECT_NEAR(momentum(), 0.9, 1e-12);
  p.set_grad(axon::ones({1}));
  opt->step();  // buf = 1, p = -0.01
  scheduler->step();
  EXPECT_NEAR(scheduler->get_last_lr()[0], 0.055, 1e-12);
  EXPECT_NEAR(momentum(), 0.85, 1e-12);
  opt->step();  // buf = 0.85 + 1, p -= 0.055 buf
  EXPECT_NEAR(p.item<float>(), -0.01 - 0.055 * 1.85, 1e-6);
}

// ---- schedules ---------------------------------------------------------------------------

// step_size_down 0: a sawtooth that drops back to base_lr at every cycle.
TEST(SchedulersMore, CyclicWithoutAFallingHalf) {
  auto scheduler = axon::make_scheduler(
      "cyclic", optimizer_with("sgd", {0.1}),
      {{"base_lr", 0.01}, {"max_lr", 0.1}, {"step_size_up", 2}, {"step_size_down", 0}});
  expect_lrs(lr_trace(*scheduler, 4),
             {{0.01}, {0.05500000000000001}, {0.01}, {0.05500000000000001}, {0.01}});
}

// T_mult 3 with two groups of their own initial lr.
TEST(SchedulersMore, CosineWarmRestartsPerGroup) {
  auto scheduler = axon::make_scheduler("cosine_warm_restarts", optimizer_with("sgd", {0.1, 0.2}),
                                        {{"T_0", 3}, {"T_mult", 3}, {"eta_min", 0.01}});
  auto lrs = lr_trace(*scheduler, 13);
  expect_lrs({lrs[1], lrs[2], lrs[3], lrs[4], lrs[11], lrs[12], lrs[13]},
             {{0.0775, 0.15250000000000002},
              {0.032500000000000015, 0.05750000000000002},
              {0.1, 0.2},
              {0.09728616793536589, 0.19427079897466132},
              {0.012713832064634126, 0.01572920102533871},
              {0.1, 0.2},
              {0.09969572609838744, 0.1993576439854846}});
}

TEST(SchedulersMore, PolynomialWithPowerZeroKeepsTheLr) {
  auto scheduler = axon::make_scheduler("polynomial", optimizer_with("sgd", {0.1}),
                                        {{"total_iters", 3}, {"power", 0.0}});
  expect_lrs(lr_trace(*scheduler, 4), {{0.1}, {0.1}, {0.1}, {0.1}, {0.1}});
}

// The recursive forms scale what the group holds, so they compose with a
// change made outside the scheduler, as in PyTorch.
TEST(SchedulersMore, ConstantScalesTheCurrentLr) {
  auto opt = optimizer_with("sgd", {0.1});
  auto scheduler = axon::make_scheduler("constant", opt, {{"factor", 0.5}, {"total_iters", 2}});
  opt->param_groups()[0].options.set("lr", 0.4);
  scheduler->step();
  scheduler->step();
  EXPECT_NEAR(scheduler->get_last_lr()[0], 0.8, 1e-12);
}

}  // namespace
