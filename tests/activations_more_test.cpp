// The activations added after the first set (relu6, hardsigmoid, softsign,
// tanhshrink, logsigmoid, celu, softshrink, hardshrink, threshold, glu,
// softmin) through the registry, on the cpu: option defaults and describe(),
// errors, the values and gradients at the points where the pieces meet, the
// tails, and finite differences. The comparisons with PyTorch over whole
// tensors are the golden cases (golden/activations_more.json).
#include <axon/axon.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using axon::Tensor;
using axon::testing_util::error_of;

#define EXPECT_ERROR(part, ...) \
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, part, error_of([&] { __VA_ARGS__; }))

Tensor vec(const std::vector<float>& values) {
  return axon::from_vector(values, {static_cast<int64_t>(values.size())});
}

void expect_values(const Tensor& t, const std::vector<float>& expected, float tol = 1e-6f) {
  auto got = t.to_vector<float>();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], tol) << "at " << i;
}

// The layer's output at `x` and the gradient of its sum.
struct ValueAndGrad {
  Tensor value, grad;
};
ValueAndGrad run(const std::string& name, const axon::Options& options, const Tensor& input) {
  Tensor x = input.clone().requires_grad_();
  Tensor y = axon::make_layer(name, options)->forward(x);
  axon::sum(y).backward();
  return {y, x.grad()};
}

TEST(ActivationsMore, DescribeShowsTheDefaults) {
  EXPECT_EQ(axon::make_layer("relu6")->describe(), "ReLU6()");
  EXPECT_EQ(axon::make_layer("hardsigmoid")->describe(), "Hardsigmoid()");
  EXPECT_EQ(axon::make_layer("softsign")->describe(), "Softsign()");
  EXPECT_EQ(axon::make_layer("tanhshrink")->describe(), "Tanhshrink()");
  EXPECT_EQ(axon::make_layer("logsigmoid")->describe(), "LogSigmoid()");
  EXPECT_EQ(axon::make_layer("celu")->describe(), "CELU(alpha=1)");
  EXPECT_EQ(axon::make_layer("celu", {{"alpha", 0.5}})->describe(), "CELU(alpha=0.5)");
  EXPECT_EQ(axon::make_layer("softshrink")->describe(), "Softshrink(0.5)");
  EXPECT_EQ(axon::make_layer("hardshrink", {{"lambd", 1.5}})->describe(), "Hardshrink(1.5)");
  EXPECT_EQ(axon::make_layer("threshold", {{"threshold", 0.1}, {"value", 20}})->describe(),
            "Threshold(threshold=0.1, value=20)");
  EXPECT_EQ(axon::make_layer("glu")->describe(), "GLU(dim=-1)");
  EXPECT_EQ(axon::make_layer("softmin")->describe(), "Softmin(dim=None)");
  EXPECT_EQ(axon::make_layer("softmin", {{"dim", 1}})->describe(), "Softmin(dim=1)");
  for (const char* name : {"relu6", "hardsigmoid", "softsign", "tanhshrink", "logsigmoid", "celu",
                           "softshrink", "hardshrink", "threshold", "glu", "softmin"})
    EXPECT_EQ(axon::registry_entry("", name).kind, "activation") << name;
}

TEST(ActivationsMore, BadOptionsNameTheActivation) {
  EXPECT_ERROR("celu: alpha cannot be 0", axon::make_layer("celu", {{"alpha", 0.0}}));
  EXPECT_ERROR("softshrink: lambda must be greater or equal to 0, got -1",
               axon::make_layer("softshrink", {{"lambd", -1.0}}));
  EXPECT_ERROR("threshold: missing required option 'threshold'",
               axon::make_layer("threshold", {{"value", 1.0}}));
  EXPECT_ERROR("threshold: missing required option 'value'",
               axon::make_layer("threshold", {{"threshold", 1.0}}));
  EXPECT_ERROR("softshrink: unknown option 'lambda' (known: lambd)",
               axon::make_layer("softshrink", {{"lambda", 1.0}}));
}

TEST(ActivationsMore, GluNeedsAnEvenDim) {
  auto glu = axon::make_layer("glu");
  EXPECT_ERROR("glu: halving dimension must be even, but dimension 1 is size 3",
               glu->forward(axon::zeros({2, 3})));
  EXPECT_ERROR("glu: halving dimension must be even, but dimension 0 is size 3",
               axon::make_layer("glu", {{"dim", -2}})->forward(axon::zeros({3, 4})));
  EXPECT_ERROR("glu: does not support scalars", glu->forward(axon::zeros({})));
  EXPECT_ERROR("glu: dimension out of range (expected to be in range of [-2, 1], but got 2)",
               axon::make_layer("glu", {{"dim", 2}})->forward(axon::zeros({3, 4})));
}

TEST(ActivationsMore, GluGatesTheFirstHalfWithTheSecond) {
  // (2, 4) split along dim 0 into rows a and b: a * sigmoid(b).
  Tensor x = axon::from_vector(std::vector<float>{1, 2, 3, 4, 0, 100, -100, 0}, {2, 4});
  Tensor y = axon::make_layer("glu", {{"dim", 0}})->forward(x);
  EXPECT_EQ(y.shape(), (axon::Shape{1, 4}));
  expect_values(y, {0.5f, 2, 0, 2});
  EXPECT_EQ(axon::make_layer("glu")->forward(axon::zeros({3, 2, 6})).shape(),
            (axon::Shape{3, 2, 3}));
}

TEST(ActivationsMore, SoftminTakesSoftmaxsImplicitDim) {
  Tensor x3 = axon::randn({2, 3, 4});
  Tensor x2 = axon::randn({3, 4});
  auto softmin = axon::make_layer("softmin");
  // None: dim 0 for a 3-D input (one unbatched image), dim 1 for a 2-D one.
  EXPECT_TRUE(axon::allclose(softmin->forward(x3), axon::softmax(-x3, 0)));
  EXPECT_TRUE(axon::allclose(softmin->forward(x2), axon::softmax(-x2, 1)));
  EXPECT_TRUE(axon::allclose(axon::make_layer("softmin", {{"dim", -1}})->forward(x3),
                             axon::softmax(-x3, 2)));
  // The smallest input gets the largest weight.
  expect_values(softmin->forward(vec({0, std::log(3.0f)})), {0.75f, 0.25f});
}

TEST(ActivationsMore, ClampedPiecesHaveNoGradientAtTheirBounds) {
  // As PyTorch's backward kernels: the bounds themselves count as outside.
  auto relu6 = run("relu6", {}, vec({-1, 0, 3, 6, 7}));
  expect_values(relu6.value, {0, 0, 3, 6, 6});
  expect_values(relu6.grad, {0, 0, 1, 0, 0});
  auto hardsigmoid = run("hardsigmoid", {}, vec({-4, -3, 0, 3, 4}));
  expect_values(hardsigmoid.value, {0, 0, 0.5f, 1, 1});
  expect_values(hardsigmoid.grad, {0, 0, 1.0f / 6, 0, 0});
  auto softshrink = run("softshrink", {}, vec({-2, -0.5f, 0.25f, 0.5f, 2}));
  expect_values(softshrink.value, {-1.5f, 0, 0, 0, 1.5f});
  expect_values(softshrink.grad, {1, 0, 0, 0, 1});
  auto hardshrink = run("hardshrink", {}, vec({-2, -0.5f, 0.25f, 0.5f, 2}));
  expect_values(hardshrink.value, {-2, 0, 0, 0, 2});
  expect_values(hardshrink.grad, {1, 0, 0, 0, 1});
  auto threshold = run("threshold", {{"threshold", 1.0}, {"value", -5.0}}, vec({0, 1, 2}));
  expect_values(threshold.value, {-5, -5, 2});
  expect_values(threshold.grad, {0, 0, 1});
}

TEST(ActivationsMore, ShrinkEdgeCasesFollowPyTorch) {
  // A negative lambd leaves hardshrink with no band: the identity.
  expect_values(run("hardshrink", {{"lambd", -1.0}}, vec({-0.5f, 0, 0.5f})).value,
                {-0.5f, 0, 0.5f});
  // NaN passes through hardshrink and threshold (their kernels test x <= bound).
  float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(axon::make_layer("hardshrink")->forward(vec({nan})).item<float>()));
  EXPECT_TRUE(std::isnan(axon::make_layer("threshold", {{"threshold", 0.0}, {"value", 1.0}})
                             ->forward(vec({nan}))
                             .item<float>()));
}

TEST(ActivationsMore, CeluIsSmoothAtZeroForAnyAlpha) {
  auto celu = run("celu", {{"alpha", 0.5}}, vec({-1, 0, 2}));
  expect_values(celu.value, {0.5f * std::expm1(-2.0f), 0, 2});
  expect_values(celu.grad, {std::exp(-2.0f), 1, 1});
  // A negative alpha, which PyTorch accepts: -(e^(-x) - 1) below 0 (values
  // from torch 1.13).
  auto negative = run("celu", {{"alpha", -1.0}}, vec({-7, -0.5f, 0, 0.5f}));
  expect_values(negative.value, {-1095.6332f, -0.6487212f, 0, 0.5f}, 1e-3f);
  expect_values(negative.grad, {1096.6332f, 1.6487212f, 1, 1}, 1e-3f);
  // Large x stays finite: the exponential only sees min(x, 0).
  auto large = run("celu", {{"alpha", 0.1}}, vec({100}));
  expect_values(large.value, {100});
  expect_values(large.grad, {1});
}

TEST(ActivationsMore, LogsigmoidIsFiniteInBothTails) {
  // Values and gradients from torch 1.13.
  auto tails = run("logsigmoid", {}, vec({-1e4f, -200, -25, 25, 200, 1e4f}));
  expect_values(tails.value, {-1e4f, -200, -25, -1.3887944e-11f, 0, 0});
  expect_values(tails.grad, {1, 1, 1, 1.3887944e-11f, 0, 0});
  expect_values(run("logsigmoid", {}, vec({0})).value, {-std::log(2.0f)});
}

TEST(ActivationsMore, SoftsignAndTanhshrinkAroundZero) {
  auto softsign = run("softsign", {}, vec({-3, 0, 1}));
  expect_values(softsign.value, {-0.75f, 0, 0.5f});
  expect_values(softsign.grad, {1.0f / 16, 1, 0.25f});
  auto tanhshrink = run("tanhshrink", {}, vec({0, 1}));
  expect_values(tanhshrink.value, {0, 1 - std::tanh(1.0f)});
  expect_values(tanhshrink.grad, {0, std::pow(std::tanh(1.0f), 2.0f)});
}

TEST(ActivationsMore, GradientsMatchFiniteDifferences) {
  // Away from the kinks: |x| in (0.1, 2.9) by steps that miss 0.5, 1 and 3.
  std::vector<float> values;
  for (int i = 0; i < 24; ++i) values.push_back((i % 2 ? 1.0f : -1.0f) * (0.13f + 0.117f * i));
  Tensor x = axon::from_vector(values, {4, 6});
  struct Case {
    std::string name;
    axon::Options options;
  };
  const std::vector<Case> cases = {{"relu6", {}},
                                   {"hardsigmoid", {}},
                                   {"softsign", {}},
                                   {"tanhshrink", {}},
                                   {"logsigmoid", {}},
                                   {"celu", {{"alpha", 0.7}}},
                                   {"celu", {{"alpha", -2.0}}},
                                   {"softshrink", {{"lambd", 1.0}}},
                                   {"hardshrink", {{"lambd", 1.0}}},
                                   {"threshold", {{"threshold", 0.4}, {"value", 3.0}}},
                                   {"glu", {{"dim", 1}}},
                                   {"glu", {{"dim", 0}}},
                                   {"softmin", {{"dim", 0}}},
                                   {"softmin", {}}};
  for (const auto& c : cases) {
    auto layer = axon::make_layer(c.name, c.options);
    auto result = axon::autograd::gradcheck(
        [&](const axon::TensorList& in) { return layer->forward(in[0]); }, {x});
    EXPECT_TRUE(result.ok) << layer->describe() << ": " << result.report;
  }
}

}  // namespace
