// The losses added after the first set (triplet_margin, gaussian_nll,
// multilabel_soft_margin, multilabel_margin) through the registry, on the
// cpu: option defaults and describe(), errors, PyTorch's shape rules and edge
// cases (values from torch 1.13), and finite differences. The comparisons
// with PyTorch over every option and reduction are the golden cases
// (golden/losses_more.json).
#include <axon/axon.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using axon::Tensor;
using axon::TensorList;
using axon::testing_util::error_of;

#define EXPECT_ERROR(part, ...) \
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, part, error_of([&] { __VA_ARGS__; }))

Tensor mat(const std::vector<float>& values, const axon::Shape& shape) {
  return axon::from_vector(values, shape);
}

Tensor vec(const std::vector<float>& values) {
  return mat(values, {static_cast<int64_t>(values.size())});
}

Tensor labels(const std::vector<int64_t>& values, const axon::Shape& shape) {
  return axon::from_vector(values, shape);
}

void expect_values(const Tensor& t, const std::vector<float>& expected, float tol = 1e-5f) {
  auto got = t.to_vector<float>();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], tol) << "at " << i;
}

testing::AssertionResult gradcheck_passes(const std::function<Tensor(const TensorList&)>& f,
                                          const TensorList& inputs) {
  auto result = axon::autograd::gradcheck(f, inputs);
  if (result.ok) return testing::AssertionSuccess();
  return testing::AssertionFailure() << result.report;
}

TEST(LossesMore, DescribeShowsTheDefaults) {
  EXPECT_EQ(axon::make_loss("triplet_margin")->describe(),
            "TripletMarginLoss(margin=1, p=2, eps=1e-06, swap=false, reduction=mean)");
  EXPECT_EQ(axon::make_loss("gaussian_nll")->describe(),
            "GaussianNLLLoss(full=false, eps=1e-06, reduction=mean)");
  EXPECT_EQ(axon::make_loss("multilabel_soft_margin")->describe(),
            "MultiLabelSoftMarginLoss(reduction=mean)");
  EXPECT_EQ(axon::make_loss("multilabel_soft_margin",
                            {{"weight", std::vector<double>{1, 2}}, {"reduction", "sum"}})
                ->describe(),
            "MultiLabelSoftMarginLoss(weight=[1, 2], reduction=sum)");
  EXPECT_EQ(axon::make_loss("multilabel_margin")->describe(),
            "MultiLabelMarginLoss(reduction=mean)");
}

TEST(LossesMore, BadOptionsAndCallsNameTheLoss) {
  for (const char* name :
       {"triplet_margin", "gaussian_nll", "multilabel_soft_margin", "multilabel_margin"})
    EXPECT_ERROR(std::string(name) + ": invalid reduction 'avg'",
                 axon::make_loss(name, {{"reduction", "avg"}}));
  Tensor x = axon::zeros({2, 3});
  EXPECT_ERROR(
      "triplet_margin: expected forward({anchor, positive, negative}), got (input, target)",
      axon::make_loss("triplet_margin")->forward(x, x));
  EXPECT_ERROR("gaussian_nll: expected forward({input, target, var}), got (input, target)",
               axon::make_loss("gaussian_nll")->forward(x, x));
  EXPECT_ERROR("gaussian_nll: expected 3 tensors (input, target, var), got 2",
               axon::make_loss("gaussian_nll")->forward(TensorList{x, x}));
}

// ---- triplet_margin ------------------------------------------------------------

struct Triplet {
  Tensor anchor = mat({1, -2, 0.5f, 0, 1, 2}, {2, 3});
  Tensor positive = mat({0.5f, -1, 0, 1, 1, 1}, {2, 3});
  Tensor negative = mat({2, 0, 0.5f, 0, 0.5f, 2.5f}, {2, 3});
  Tensor loss(const axon::Options& options) const {
    axon::Options all = options;
    all.set("reduction", "none");
    return axon::make_loss("triplet_margin", all)->forward(TensorList{anchor, positive, negative});
  }
};

TEST(LossesMore, TripletMarginTakesAnyNormDegree) {
  // Values from torch 1.13 (eps 1e-6 added to each difference).
  Triplet t;
  double inf = std::numeric_limits<double>::infinity();
  expect_values(t.loss({}), {0, 1.7071068f});
  expect_values(t.loss({{"p", 1.0}}), {1.9073486e-06f, 2});
  expect_values(t.loss({{"p", inf}}), {0, 1.5f});
  expect_values(t.loss({{"p", -inf}}), {1.5f, 0.99999994f});
  expect_values(t.loss({{"p", 0.0}}), {1, 1});  // the count of nonzero differences
  expect_values(t.loss({{"swap", true}}), {0.3539176f, 1.7071068f});
}

TEST(LossesMore, TripletMarginShapes) {
  auto loss = axon::make_loss("triplet_margin", {{"reduction", "none"}});
  EXPECT_ERROR(
      "triplet_margin: all inputs should have the same dimension, but got 2D, 1D and 2D inputs",
      loss->forward(TensorList{axon::zeros({4, 3}), axon::zeros({3}), axon::zeros({4, 3})}));
  // Same rank, broadcast sizes: one positive for every anchor.
  EXPECT_EQ(loss->forward(TensorList{axon::zeros({4, 3}), axon::ones({1, 3}), axon::zeros({4, 3})})
                .shape(),
            (axon::Shape{4}));
  // Unbatched, and even 0-D (a 0-D difference is its own last dim).
  EXPECT_EQ(loss->forward(TensorList{axon::zeros({3}), axon::zeros({3}), axon::zeros({3})}).shape(),
            (axon::Shape{}));
  expect_values(loss->forward(TensorList{axon::scalar_tensor(1), axon::scalar_tensor(1.5),
                                         axon::scalar_tensor(3)}),
                {0});
}

TEST(LossesMore, TripletMarginAtZeroDistanceHasZeroGradient) {
  // With eps 0 the anchor-positive distance is exactly 0: PyTorch's norm
  // backward gives it a zero gradient, not the NaN of 0 / 0, so only the
  // negative pulls: -(a - n) / |a - n|.
  Tensor anchor = mat({1, 2, 3}, {1, 3}).requires_grad_();
  auto loss = axon::make_loss("triplet_margin", {{"eps", 0.0}, {"margin", 5.0}});
  Tensor out = loss->forward(TensorList{anchor, anchor.detach(), mat({3, 2, 1}, {1, 3})});
  out.backward();
  float d = std::sqrt(8.0f);
  expect_values(out, {5 - d});
  expect_values(anchor.grad(), {2 / d, 0, -2 / d});
}

TEST(LossesMore, TripletMarginGradientsMatchFiniteDifferences) {
  TensorList in = {axon::randn({3, 4}), axon::randn({3, 4}), axon::randn({3, 4})};
  for (const axon::Options& options : {axon::Options{{"p", 2.0}}, axon::Options{{"p", 3.0}},
                                       axon::Options{{"p", 1.0}, {"margin", 3.0}},
                                       axon::Options{{"swap", true}, {"margin", 4.0}}}) {
    auto loss = axon::make_loss("triplet_margin", options);
    EXPECT_TRUE(gradcheck_passes([&](const TensorList& t) { return loss->forward(t); }, in))
        << loss->describe();
  }
}

// ---- gaussian_nll --------------------------------------------------------------

TEST(LossesMore, GaussianNllVarShapesFollowPyTorch) {
  auto loss = axon::make_loss("gaussian_nll", {{"reduction", "none"}});
  auto shape_with_var = [&](const axon::Shape& input, const axon::Shape& var) {
    return loss->forward(TensorList{axon::zeros(input), axon::zeros(input), axon::ones(var)})
        .shape();
  };
  EXPECT_EQ(shape_with_var({4, 3}, {4, 3}), (axon::Shape{4, 3}));
  EXPECT_EQ(shape_with_var({4, 3}, {4}), (axon::Shape{4, 3}));  // one var per row
  EXPECT_EQ(shape_with_var({4, 3}, {4, 1}), (axon::Shape{4, 3}));
  EXPECT_EQ(shape_with_var({2, 3, 4}, {2, 3}), (axon::Shape{2, 3, 4}));
  EXPECT_EQ(shape_with_var({5}, {}), (axon::Shape{5}));
  EXPECT_EQ(shape_with_var({}, {1}), (axon::Shape{1}));
  // No other broadcast, not even a scalar var for a batch.
  EXPECT_ERROR(
      "gaussian_nll: var is of incorrect size: expected [4, 3] (the input's shape), [4] or "
      "[4, 1], got [1, 3]",
      shape_with_var({4, 3}, {1, 3}));
  EXPECT_ERROR("gaussian_nll: var is of incorrect size", shape_with_var({4, 3}, {3}));
  EXPECT_ERROR("gaussian_nll: var is of incorrect size", shape_with_var({4, 3}, {}));
  EXPECT_ERROR("gaussian_nll: var has negative entry/entries",
               loss->forward(TensorList{axon::zeros({2}), axon::zeros({2}), vec({1, -1e-3f})}));
}

TEST(LossesMore, GaussianNllFloorsVarButPassesItsGradient) {
  // PyTorch clamps var at eps under no_grad: the loss sees 0.6 for 1e-8, and
  // the gradient 0.5 (1 / v - (x - t)^2 / v^2) at v = 0.6 still reaches var.
  Tensor var = vec({1e-8f, 0.5f, 2}).requires_grad_();
  Tensor input = vec({0.1f, 0.2f, 0.3f}).requires_grad_();
  auto loss = axon::make_loss("gaussian_nll", {{"eps", 0.6}, {"reduction", "sum"}});
  Tensor out = loss->forward(TensorList{input, axon::zeros({3}), var});
  out.backward();
  expect_values(out, {-0.10008529f});
  expect_values(var.grad(), {0.81944442f, 0.77777773f, 0.23875f});
  expect_values(input.grad(), {0.16666667f, 0.33333334f, 0.15000001f});
  auto full = axon::make_loss("gaussian_nll", {{"full", true}, {"reduction", "none"}});
  expect_values(
      full->forward(TensorList{axon::scalar_tensor(1), axon::scalar_tensor(2), vec({0.5f})}),
      {1.5723649f});
}

TEST(LossesMore, GaussianNllGradientsMatchFiniteDifferences) {
  Tensor target = axon::randn({3, 4});
  Tensor var = axon::rand({3, 4}) + 0.5;
  Tensor row_var = axon::rand({3}) + 0.5;
  auto loss = axon::make_loss("gaussian_nll", {{"full", true}});
  EXPECT_TRUE(gradcheck_passes(
      [&](const TensorList& t) {
        return loss->forward(TensorList{t[0], target, t[1]});
      },
      {axon::randn({3, 4}), var}));
  EXPECT_TRUE(gradcheck_passes(
      [&](const TensorList& t) {
        return loss->forward(TensorList{t[0], target, t[1]});
      },
      {axon::randn({3, 4}), row_var}));
}

// ---- multilabel_soft_margin ------------------------------------------------------

TEST(LossesMore, MultilabelSoftMarginAveragesOverTheClasses) {
  // Values from torch 1.13; +-100 would overflow a naive log(1 + e^-x).
  Tensor input = mat({0.5f, -1, 2, 100, -100, 0}, {2, 3});
  Tensor target = mat({1, 0, 1, 0, 1, 1}, {2, 3});
  expect_values(
      axon::make_loss("multilabel_soft_margin", {{"reduction", "none"}})->forward(input, target),
      {0.30475557f, 66.897713f}, 1e-4f);
  auto weighted =
      axon::make_loss("multilabel_soft_margin",
                      {{"weight", std::vector<double>{1, 2, 0.5}}, {"reduction", "none"}});
  expect_values(weighted->forward(input, target), {0.38802147f, 100.11553f}, 1e-4f);
  EXPECT_ERROR("multilabel_soft_margin: expected input of shape (N, C) or (C), got []",
               weighted->forward(axon::scalar_tensor(1), axon::scalar_tensor(1)));
  EXPECT_ERROR("multilabel_soft_margin: expected weight with as many values",
               weighted->forward(axon::zeros({2, 4}), axon::zeros({2, 4})));
  EXPECT_EQ(axon::make_loss("multilabel_soft_margin", {{"reduction", "none"}})
                ->forward(axon::zeros({2, 3, 5}), axon::zeros({2, 3, 5}))
                .shape(),
            (axon::Shape{2, 3}));
}

TEST(LossesMore, MultilabelSoftMarginGradientMatchesFiniteDifferences) {
  Tensor target = mat({1, 0, 1, 0, 1, 1, 0, 0}, {2, 4});
  auto loss =
      axon::make_loss("multilabel_soft_margin", {{"weight", std::vector<double>{1, 2, 0.5, 1.5}}});
  EXPECT_TRUE(gradcheck_passes([&](const TensorList& t) { return loss->forward(t[0], target); },
                               {axon::randn({2, 4})}));
}

// ---- multilabel_margin ---------------------------------------------------------

TEST(LossesMore, MultilabelMarginReadsListsUpToTheFirstMinusOne) {
  // Row 0 lists classes 3 and 0 (the 1 after the -1 is ignored); row 1 lists
  // class 2 twice, which counts twice. Values and gradients from torch 1.13.
  Tensor input = mat({0.1f, 0.2f, 0.4f, 0.8f, 0.5f, -0.3f, 0.9f, 0}, {2, 4}).requires_grad_();
  Tensor target = labels({3, 0, -1, 1, 2, 2, -1, 3}, {2, 4});
  auto loss = axon::make_loss("multilabel_margin", {{"reduction", "none"}});
  Tensor out = loss->forward(input, target);
  expect_values(out, {0.85f, 0.35f});
  axon::sum(out).backward();
  expect_values(input.grad(), {-0.5f, 0.5f, 0.5f, -0.5f, 0.5f, 0, -1, 0.5f});
  // Unbatched: (C) and a 0-D input give a 0-D loss.
  Tensor one = loss->forward(mat({0.1f, 0.2f, 0.4f, 0.8f}, {4}), labels({3, 0, -1, 1}, {4}));
  EXPECT_EQ(one.shape(), (axon::Shape{}));
  expect_values(one, {0.85f});
  EXPECT_EQ(loss->forward(axon::scalar_tensor(0.3), labels({0}, {1})).shape(), (axon::Shape{}));
  // An empty list, or every class listed, costs nothing.
  expect_values(loss->forward(input.detach(), labels({-1, 0, 1, 2, 0, 1, 2, 3}, {2, 4})), {0, 0});
}

TEST(LossesMore, MultilabelMarginChecksItsTargets) {
  auto loss = axon::make_loss("multilabel_margin");
  Tensor input = axon::zeros({2, 3});
  // As PyTorch, the entries after the -1 must be valid too.
  EXPECT_ERROR(
      "multilabel_margin: expected target values in [-1, 3) (class indices, or -1 to end the "
      "list), got values from -1 to 7",
      loss->forward(input, labels({0, -1, 7, 1, 2, -1}, {2, 3})));
  EXPECT_ERROR("got values from -2 to 2",
               loss->forward(input, labels({0, -2, 1, 1, 2, -1}, {2, 3})));
  EXPECT_ERROR(
      "multilabel_margin: expected target of the input's shape [2, 3] (class indices, each list "
      "ended by -1), got [2, 2]",
      loss->forward(input, labels({0, -1, 1, -1}, {2, 2})));
  EXPECT_ERROR("multilabel_margin: expected target of class indices with dtype i64, got f32",
               loss->forward(input, axon::zeros({2, 3})));
  EXPECT_ERROR("multilabel_margin: expected input of shape (N, C) or (C) with C > 0, got [2, 2, 2]",
               loss->forward(axon::zeros({2, 2, 2}), labels({0, 0, 0, 0, 0, 0, 0, 0}, {2, 2, 2})));
}

TEST(LossesMore, MultilabelMarginGradientMatchesFiniteDifferences) {
  Tensor target = labels({3, 0, -1, 1, 2, 2, -1, 3, 1, 2, 3, 0}, {3, 4});
  auto loss = axon::make_loss("multilabel_margin", {{"reduction", "sum"}});
  // Inputs spread 0.37 apart: no hinge 1 - x[y] + x[i] sits at 0.
  std::vector<float> values;
  for (int i = 0; i < 12; ++i) values.push_back(0.37f * static_cast<float>((i * 5) % 12) - 2);
  EXPECT_TRUE(gradcheck_passes([&](const TensorList& t) { return loss->forward(t[0], target); },
                               {mat(values, {3, 4})}));
}

}  // namespace
