// Gradient clipping and early stopping (PyTorch's clip_grad_norm_ / clip_grad_value_).
#include <axon/axon.h>
#include <gtest/gtest.h>

#include <limits>

#include "test_util.h"

namespace {

using axon::Tensor;
using axon::testing_util::error_of;

// Two parameters whose gradients are [3, 4] and [12]: total 2-norm 13.
axon::TensorList params_with_grads() {
  Tensor a = axon::zeros({2}).requires_grad_(), b = axon::zeros({1}).requires_grad_();
  a.set_grad(axon::from_vector(std::vector<float>{3, 4}, {2}));
  b.set_grad(axon::from_vector(std::vector<float>{12}, {1}));
  return {a, b};
}

TEST(ClipGrad, NormScalesEveryGradientByTheSameFactor) {
  auto params = params_with_grads();
  Tensor total = axon::clip_grad_norm(params, 6.5);
  EXPECT_NEAR(total.item(), 13.0, 1e-5);
  double coef = 6.5 / (13.0 + 1e-6);
  EXPECT_NEAR(params[0].grad().to_vector<float>()[0], 3 * coef, 1e-5);
  EXPECT_NEAR(params[0].grad().to_vector<float>()[1], 4 * coef, 1e-5);
  EXPECT_NEAR(params[1].grad().item(), 12 * coef, 1e-5);
}

TEST(ClipGrad, NormBelowTheLimitLeavesGradientsAlone) {
  auto params = params_with_grads();
  EXPECT_NEAR(axon::clip_grad_norm(params, 100.0).item(), 13.0, 1e-5);
  EXPECT_EQ(params[0].grad().to_vector<float>(), (std::vector<float>{3, 4}));
}

TEST(ClipGrad, InfinityNormIsTheLargestAbsoluteValue) {
  auto params = params_with_grads();
  Tensor total = axon::clip_grad_norm(params, 6.0, std::numeric_limits<double>::infinity());
  EXPECT_NEAR(total.item(), 12.0, 1e-6);
  EXPECT_NEAR(params[1].grad().item(), 6.0, 1e-5);
  EXPECT_NE(error_of([&] { axon::clip_grad_norm(params, 1.0, 0.5); }), "");
}

TEST(ClipGrad, ValueClampsEachElement) {
  auto params = params_with_grads();
  axon::clip_grad_value(params, 3.5);
  EXPECT_EQ(params[0].grad().to_vector<float>(), (std::vector<float>{3, 3.5}));
  EXPECT_EQ(params[1].grad().to_vector<float>(), (std::vector<float>{3.5}));
}

TEST(EarlyStopping, StopsAfterPatienceEpochsAndRestoresTheBestWeights) {
  auto model = axon::nn::Linear(2, 1);
  axon::EarlyStopping stopper(3, 0.01, "min");
  std::vector<double> losses = {1.0, 0.8, 0.795, 0.9, 0.85};
  std::vector<float> best_weight;
  bool stopped = false;
  for (size_t epoch = 0; epoch < losses.size() && !stopped; ++epoch) {
    {
      axon::NoGradGuard no_grad;
      model->parameters()[0].fill_(static_cast<double>(epoch));
    }
    stopped = stopper.step(losses[epoch], *model);
    if (epoch == 1) best_weight = model->parameters()[0].to_vector<float>();
  }
  EXPECT_TRUE(stopped);
  EXPECT_EQ(stopper.epochs_without_improvement(), 3);  // 0.795 is not better by min_delta
  EXPECT_DOUBLE_EQ(stopper.best_metric(), 0.8);
  stopper.restore_best(*model);
  EXPECT_EQ(model->parameters()[0].to_vector<float>(), best_weight);
}

TEST(EarlyStopping, MaxModeAndBadArguments) {
  auto model = axon::nn::Linear(1, 1);
  axon::EarlyStopping stopper(1, 0.0, "max");
  EXPECT_FALSE(stopper.step(0.5, *model));
  EXPECT_FALSE(stopper.step(0.6, *model));
  EXPECT_TRUE(stopper.step(0.6, *model));
  EXPECT_EQ(error_of([] { axon::EarlyStopping(1, 0.0, "median"); }),
            "early_stopping: mode must be 'min' or 'max', got 'median'");
  EXPECT_EQ(error_of([&] { axon::EarlyStopping(2).restore_best(*model); }),
            "early_stopping: no epoch was recorded, there are no best weights");
}

// The notes' L1 regularization: w <- w - lr (dL/dw + l1 sign(w)), on every optimizer.
TEST(L1Regularization, AddsTheSignTermToTheGradientOfEveryOptimizer) {
  Tensor w = axon::from_vector(std::vector<float>{2, -3}, {2}).requires_grad_();
  w.set_grad(axon::from_vector(std::vector<float>{0.5, 0.5}, {2}));
  auto sgd = axon::make_optimizer("sgd", {w}, {{"lr", 0.1}, {"l1", 0.2}});
  sgd->step();
  auto got = w.to_vector<float>();
  EXPECT_NEAR(got[0], 2 - 0.1 * (0.5 + 0.2), 1e-6);
  EXPECT_NEAR(got[1], -3 - 0.1 * (0.5 - 0.2), 1e-6);
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{0.5, 0.5}));  // .grad untouched
  for (const auto& entry : axon::registry_entries("optimizer"))
    EXPECT_NE(entry.schema.find("l1"), nullptr) << entry.name;
  EXPECT_EQ(error_of([&] {
              axon::make_optimizer("adam", {w}, {{"l1", -1.0}})->step();
            }),
            "optimizer: invalid l1 value: -1");
}

}  // namespace
