// The regularization layers (dropout, alpha_dropout, maxout) through the
// registry, on the cpu: dropout's statistics over 100k draws, its gradient and
// eval mode, alpha dropout's preserved mean and variance, and maxout checked
// by hand against its own parameters.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

using axon::Tensor;
using axon::testing_util::error_of;

#define EXPECT_ERROR(part, ...) \
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, part, error_of([&] { __VA_ARGS__; }))

constexpr int64_t kDraws = 100000;

// Expects the kept fraction of `kept` draws out of kDraws to be within 5
// standard errors of 1 - p.
void expect_kept_fraction(int64_t kept, double p) {
  double fraction = static_cast<double>(kept) / kDraws;
  double standard_error = std::sqrt(p * (1.0 - p) / kDraws);
  EXPECT_NEAR(fraction, 1.0 - p, 5 * standard_error) << "p = " << p;
}

// ---- dropout ------------------------------------------------------------------

class RegularizationDropout : public ::testing::TestWithParam<double> {};

TEST_P(RegularizationDropout, KeepsOneMinusPAndScalesTheKept) {
  double p = GetParam();
  axon::manual_seed(7);
  Tensor x = axon::rand({kDraws}) + 1.0;  // in [1, 2): never 0 by itself
  auto dropout = axon::make_layer("dropout", {{"p", p}});
  auto in = x.to_vector<float>();
  auto out = dropout->forward(x).to_vector<float>();
  int64_t kept = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0.0f) continue;
    ++kept;
    double expected = in[i] / (1.0 - p);
    ASSERT_NEAR(out[i], expected, 1e-6 * expected) << "at " << i;
  }
  expect_kept_fraction(kept, p);
}

TEST_P(RegularizationDropout, GradientIsTheScaledMask) {
  double p = GetParam();
  axon::manual_seed(11);
  Tensor x = (axon::rand({kDraws}) + 1.0).requires_grad_();
  auto dropout = axon::make_layer("dropout", {{"p", p}});
  Tensor y = dropout->forward(x);
  axon::sum(y).backward();
  auto out = y.to_vector<float>();
  auto grad = x.grad().to_vector<float>();
  ASSERT_EQ(grad.size(), out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    float expected = out[i] == 0.0f ? 0.0f : static_cast<float>(1.0 / (1.0 - p));
    ASSERT_NEAR(grad[i], expected, 1e-5) << "at " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Probabilities, RegularizationDropout, ::testing::Values(0.5, 0.2, 0.9));

TEST(RegularizationDropoutModes, EvalIsTheIdentity) {
  auto dropout = axon::make_layer("dropout");
  EXPECT_EQ(dropout->describe(), "Dropout(p=0.5)");
  Tensor x = axon::randn({4, 5});
  dropout->eval();
  EXPECT_TRUE(axon::allclose(dropout->forward(x), x, 0.0, 0.0));
  dropout->train();
  EXPECT_FALSE(axon::allclose(dropout->forward(axon::ones({1000})), axon::ones({1000}), 0.0, 0.0));
}

TEST(RegularizationDropoutModes, EdgeProbabilities) {
  Tensor x = axon::randn({3, 4});
  auto all = axon::make_layer("dropout", {{"p", 1.0}});
  EXPECT_TRUE(axon::allclose(all->forward(x), axon::zeros({3, 4}), 0.0, 0.0));
  auto none = axon::make_layer("dropout", {{"p", 0.0}});
  EXPECT_TRUE(axon::allclose(none->forward(x), x, 0.0, 0.0));
}

TEST(RegularizationDropoutModes, RejectsBadProbabilities) {
  EXPECT_ERROR("dropout probability has to be between 0 and 1, but got 1.5",
               axon::make_layer("dropout", {{"p", 1.5}}));
  EXPECT_ERROR("dropout probability has to be between 0 and 1, but got -0.1",
               axon::make_layer("dropout", {{"p", -0.1}}));
  EXPECT_ERROR("dropout probability has to be between 0 and 1, but got 2",
               axon::make_layer("alpha_dropout", {{"p", 2.0}}));
}

// ---- alpha dropout ------------------------------------------------------------

TEST(RegularizationAlphaDropout, KeepsZeroMeanAndUnitVariance) {
  axon::manual_seed(3);
  Tensor x = axon::randn({kDraws});
  for (double p : {0.5, 0.1}) {
    auto layer = axon::make_layer("alpha_dropout", {{"p", p}});
    auto out = layer->forward(x).to_vector<float>();
    double mean = 0.0, square = 0.0;
    for (float v : out) mean += v, square += static_cast<double>(v) * v;
    mean /= kDraws;
    double variance = square / kDraws - mean * mean;
    // Standard errors: about 0.003 for the mean and 0.006 for the variance.
    EXPECT_NEAR(mean, 0.0, 0.02) << "p = " << p;
    EXPECT_NEAR(variance, 1.0, 0.04) << "p = " << p;
  }
}

TEST(RegularizationAlphaDropout, DroppedTakeTheSaturationValueAndKeptAreAffine) {
  double p = 0.5, alpha = -1.7580993408473766;
  double a = 1.0 / std::sqrt((1 - p) * (1 + p * alpha * alpha));
  double b = -a * alpha * p;
  axon::manual_seed(5);
  Tensor x = axon::rand({kDraws}) + 1.0;  // positive: never near a * alpha + b
  auto in = x.to_vector<float>();
  auto out = axon::make_layer("alpha_dropout")->forward(x).to_vector<float>();
  int64_t kept = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    bool dropped = std::abs(out[i] - (a * alpha + b)) < 1e-5;
    if (!dropped) ++kept;
    ASSERT_NEAR(out[i], dropped ? a * alpha + b : a * in[i] + b, 1e-5) << "at " << i;
  }
  expect_kept_fraction(kept, p);
}

TEST(RegularizationAlphaDropout, EvalIsTheIdentity) {
  auto layer = axon::make_layer("alpha_dropout", {{"p", 0.3}});
  EXPECT_EQ(layer->describe(), "AlphaDropout(p=0.3)");
  Tensor x = axon::randn({6, 7});
  layer->eval();
  EXPECT_TRUE(axon::allclose(layer->forward(x), x, 0.0, 0.0));
}

// ---- maxout -------------------------------------------------------------------

TEST(RegularizationMaxout, ParametersLikeLinearWithKPieces) {
  auto maxout =
      axon::make_layer("maxout", {{"in_features", 100}, {"out_features", 3}, {"pieces", 4}});
  auto params = maxout->named_parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].first, "weight");
  EXPECT_EQ(params[0].second.shape(), (axon::Shape{12, 100}));
  EXPECT_EQ(params[1].first, "bias");
  EXPECT_EQ(params[1].second.shape(), (axon::Shape{12}));
  for (const auto& [name, t] : params) {  // both U(-0.1, 0.1) for in_features = 100
    double max_abs = axon::max(axon::abs(t)).item();
    EXPECT_LE(max_abs, 0.1 + 1e-7) << name;
    EXPECT_GE(max_abs, 0.05) << name;
  }
  EXPECT_EQ(maxout->forward(axon::randn({2, 5, 100})).shape(), (axon::Shape{2, 5, 3}));
  EXPECT_EQ(maxout->describe(), "Maxout(in_features=100, out_features=3, pieces=4, bias=true)");
  auto no_bias = axon::make_layer(
      "maxout", {{"in_features", 2}, {"out_features", 2}, {"pieces", 2}, {"bias", false}});
  EXPECT_EQ(no_bias->named_parameters().size(), 1u);
}

TEST(RegularizationMaxout, IsTheMaxOverPiecesOfItsLinearMap) {
  const int64_t n = 6, in = 5, out = 3, k = 4;
  auto maxout =
      axon::make_layer("maxout", {{"in_features", in}, {"out_features", out}, {"pieces", k}});
  auto params = maxout->named_parameters();
  auto w = params[0].second.to_vector<float>();  // (out * k, in)
  auto b = params[1].second.to_vector<float>();  // (out * k)
  Tensor x = axon::randn({n, in});
  auto xs = x.to_vector<float>();
  auto got = maxout->forward(x).to_vector<float>();
  ASSERT_EQ(got.size(), static_cast<size_t>(n * out));
  for (int64_t r = 0; r < n; ++r) {
    for (int64_t o = 0; o < out; ++o) {
      float best = -INFINITY;
      for (int64_t piece = 0; piece < k; ++piece) {
        int64_t j = o * k + piece;
        float z = b[j];
        for (int64_t i = 0; i < in; ++i) z += w[j * in + i] * xs[r * in + i];
        best = std::max(best, z);
      }
      EXPECT_NEAR(got[r * out + o], best, 1e-5) << "row " << r << ", output " << o;
    }
  }
}

TEST(RegularizationMaxout, GradientFlowsToTheWinningPieceOnly) {
  auto maxout =
      axon::make_layer("maxout", {{"in_features", 3}, {"out_features", 2}, {"pieces", 3}});
  axon::sum(maxout->forward(axon::randn({1, 3}))).backward();
  // One row: each output's bias gradient is 1 at its winning piece, 0 elsewhere.
  auto grad = maxout->named_parameters()[1].second.grad().to_vector<float>();
  for (int64_t o = 0; o < 2; ++o) {
    float total = 0.0f;
    for (int64_t piece = 0; piece < 3; ++piece) total += grad[o * 3 + piece];
    EXPECT_FLOAT_EQ(total, 1.0f) << "output " << o;
  }
  EXPECT_EQ(std::count(grad.begin(), grad.end(), 0.0f), 4);
}

TEST(RegularizationMaxout, RejectsBadOptionsAndInputs) {
  auto maxout =
      axon::make_layer("maxout", {{"in_features", 8}, {"out_features", 2}, {"pieces", 3}});
  EXPECT_ERROR("maxout: expected input with last dim 8 (in_features), got shape [4, 7]",
               maxout->forward(axon::zeros({4, 7})));
  EXPECT_ERROR(
      "maxout: pieces must be at least 1, got 0",
      axon::make_layer("maxout", {{"in_features", 8}, {"out_features", 2}, {"pieces", 0}}));
  EXPECT_ERROR("maxout: missing required option 'pieces'",
               axon::make_layer("maxout", {{"in_features", 8}, {"out_features", 2}}));
}

}  // namespace
