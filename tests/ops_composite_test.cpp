// The composite ops added for the norm, recurrent and attention layers: var
// and var_mean, split/chunk/unbind (one node for all pieces), masked_fill,
// dropout and dropout2d. Values by hand, gradients by gradcheck (f64).
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace {

using axon::Tensor;
using axon::TensorList;
using axon::testing_util::error_of;
using testing::HasSubstr;

Tensor f64(const std::vector<double>& values, const axon::Shape& shape) {
  return axon::from_vector(values, shape).requires_grad_();
}

testing::AssertionResult gradcheck_passes(const std::function<Tensor(const TensorList&)>& f,
                                          const TensorList& inputs) {
  auto r = axon::autograd::gradcheck(f, inputs);
  if (r.ok) return testing::AssertionSuccess();
  return testing::AssertionFailure() << r.report;
}

TEST(OpsVar, BiasedAndUnbiasedOverDims) {
  // rows {1, 2, 3, 6} and {0, 0, 4, 4}: means 3 and 2, squared deviations 14 and 16.
  Tensor x = f64({1, 2, 3, 6, 0, 0, 4, 4}, {2, 4});
  EXPECT_EQ(axon::var(x, {1}).to_vector<double>(), (std::vector<double>{14.0 / 3, 16.0 / 3}));
  EXPECT_EQ(axon::var(x, {1}, false).to_vector<double>(), (std::vector<double>{3.5, 4.0}));
  EXPECT_EQ(axon::var(x, {1}, false, true).shape(), (axon::Shape{2, 1}));
  auto [var, mean] = axon::var_mean(x, {0}, false);
  EXPECT_EQ(mean.to_vector<double>(), (std::vector<double>{0.5, 1, 3.5, 5}));
  EXPECT_EQ(var.to_vector<double>(), (std::vector<double>{0.25, 1, 0.25, 1}));
  // overall mean 2.5: squared deviations 2.25 + 0.25 + 0.25 + 12.25 + 6.25 + 6.25 + 2.25 + 2.25
  EXPECT_NEAR(axon::var(x, {}).item(), 32.0 / 7, 1e-12);
}

TEST(OpsVar, GradcheckAndErrors) {
  Tensor x = axon::randn({3, 4, 2}, axon::DType::f64).requires_grad_();
  for (bool unbiased : {true, false}) {
    EXPECT_TRUE(gradcheck_passes(
        [unbiased](const TensorList& in) {
          return axon::var(in[0], {0, 2}, unbiased);
        },
        {x}));
    EXPECT_TRUE(gradcheck_passes(
        [unbiased](const TensorList& in) {
          auto [v, m] = axon::var_mean(in[0], {1}, unbiased, true);
          return v * m;
        },
        {x}));
  }
  EXPECT_THAT(error_of([] { axon::var(axon::zeros({2}, axon::DType::i64), {0}); }),
              HasSubstr("var: expected a floating point tensor, got i64"));
}

TEST(OpsSplit, PiecesAreViewsOfTheRightSizes) {
  Tensor x = axon::arange(0, 10, 1, axon::DType::f32).view({2, 5});
  TensorList pieces = axon::split(x, 2, 1);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[2].shape(), (axon::Shape{2, 1}));
  EXPECT_EQ(pieces[1].to_vector<float>(), (std::vector<float>{2, 3, 7, 8}));
  TensorList chunks = axon::chunk(x, 2, 1);  // ceil(5 / 2) = 3, then 2
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].shape(), (axon::Shape{2, 3}));
  EXPECT_EQ(chunks[1].to_vector<float>(), (std::vector<float>{3, 4, 8, 9}));
  TensorList rows = axon::unbind(x, 0);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].shape(), (axon::Shape{5}));
  EXPECT_EQ(rows[1].to_vector<float>(), (std::vector<float>{5, 6, 7, 8, 9}));
  EXPECT_EQ(axon::unbind(x, -1)[4].to_vector<float>(), (std::vector<float>{4, 9}));
}

TEST(OpsSplit, OneNodeForAllPiecesAndZerosForUnusedOnes) {
  Tensor x = axon::randn({4, 6}, axon::DType::f64).requires_grad_();
  TensorList pieces = axon::chunk(x, 3, 1);
  EXPECT_EQ(pieces[0].grad_fn(), pieces[2].grad_fn());
  // Only the middle piece is used: the others' columns get zero gradient.
  axon::sum(pieces[1] * 2.0).backward();
  auto grad = x.grad().to_vector<double>();
  for (size_t i = 0; i < grad.size(); ++i)
    EXPECT_EQ(grad[i], (i % 6 == 2 || i % 6 == 3) ? 2.0 : 0.0) << "at " << i;
}

TEST(OpsSplit, Gradcheck) {
  Tensor x = axon::randn({3, 5, 2}, axon::DType::f64).requires_grad_();
  EXPECT_TRUE(gradcheck_passes(
      [](const TensorList& in) {
        TensorList p = axon::split(in[0], 2, 1);
        return p[0] * p[1] + axon::sum(p[2], {1}, true);
      },
      {x}));
  EXPECT_TRUE(gradcheck_passes(
      [](const TensorList& in) {
        TensorList t = axon::unbind(in[0], 2);
        return axon::tanh(t[0]) * t[1];
      },
      {x}));
}

TEST(OpsSplit, Errors) {
  EXPECT_THAT(error_of([] { axon::split(axon::zeros({4}), 0); }),
              HasSubstr("split: split_size must be positive, got 0"));
  EXPECT_THAT(error_of([] { axon::chunk(axon::zeros({4}), 0); }),
              HasSubstr("chunk: number of chunks must be positive, got 0"));
  EXPECT_THAT(error_of([] { axon::unbind(axon::scalar_tensor(1.0)); }),
              HasSubstr("unbind: expected a tensor with at least 1 dimension"));
}

TEST(OpsMaskedFill, FillsWhereTrueAndBlocksTheGradientThere) {
  Tensor x = f64({1, 2, 3, 4}, {2, 2});
  Tensor mask = axon::from_vector(std::vector<int64_t>{0, 1}, {1, 2}).to(axon::DType::boolean);
  Tensor y = axon::masked_fill(x, mask, -5.0);
  EXPECT_EQ(y.to_vector<double>(), (std::vector<double>{1, -5, 3, -5}));
  axon::sum(y).backward();
  EXPECT_EQ(x.grad().to_vector<double>(), (std::vector<double>{1, 0, 1, 0}));
  EXPECT_THAT(error_of([&] {
                axon::masked_fill(x, axon::ones({2, 2}), 0.0);
              }),
              HasSubstr("masked_fill: expected a bool mask, got f32"));
}

TEST(OpsDropout, ScalesTheKeptAndIsTheIdentityOutOfTraining) {
  axon::manual_seed(3);
  Tensor x = axon::ones({20000});
  auto y = axon::dropout(x, 0.25).to_vector<float>();
  int64_t kept = std::count(y.begin(), y.end(), 1.0f / 0.75f);
  EXPECT_EQ(kept + std::count(y.begin(), y.end(), 0.0f), 20000);
  EXPECT_NEAR(kept / 20000.0, 0.75, 0.02);
  EXPECT_TRUE(axon::dropout(x, 0.25, false).is_same(x));
  EXPECT_TRUE(axon::allclose(axon::dropout(x, 1.0), axon::zeros({20000}), 0, 0));
  EXPECT_THAT(error_of([&] { axon::dropout(x, 1.5); }),
              HasSubstr("dropout: dropout probability has to be between 0 and 1, but got 1.5"));
}

TEST(OpsDropout, Dropout2dZeroesWholeChannels) {
  axon::manual_seed(5);
  Tensor x = axon::rand({8, 16, 3, 3}) + 1.0;  // never 0 by itself
  auto y = axon::dropout2d(x, 0.5).to_vector<float>();
  int64_t dropped = 0;
  for (size_t channel = 0; channel < y.size() / 9; ++channel) {
    auto first = y.begin() + channel * 9;
    int64_t zeros = std::count(first, first + 9, 0.0f);
    EXPECT_TRUE(zeros == 0 || zeros == 9) << "channel " << channel << " is partly zeroed";
    dropped += zeros == 9;
  }
  EXPECT_GT(dropped, 30);
  EXPECT_LT(dropped, 98);
  EXPECT_THAT(error_of([] {
                axon::dropout2d(axon::zeros({2, 3}), 0.5);
              }),
              HasSubstr("dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got "
                        "shape [2, 3]"));
}

}  // namespace
