// The first plugins (activations, layers, losses, optimizers, schedulers,
// initializers) through the registry, on the cpu: option validation, shapes,
// error messages, hand-checked values and initializer statistics. The
// comparisons with PyTorch dumps live in the golden_*_test.cpp files.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace {

using axon::Tensor;

using axon::testing_util::error_of;

// Expects the statements to throw an axon::Error whose message contains `part`.
#define EXPECT_ERROR(part, ...) \
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, part, error_of([&] { __VA_ARGS__; }))

Tensor vec(const std::vector<float>& values, const axon::Shape& shape) {
  return axon::from_vector(values, shape);
}

Tensor labels(const std::vector<int64_t>& values) {
  return axon::from_vector(values, {static_cast<int64_t>(values.size())});
}

void expect_values(const Tensor& t, const std::vector<float>& expected, float tol = 1e-5f) {
  auto got = t.to_vector<float>();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], tol) << "at " << i;
}

// ---- options ----------------------------------------------------------------

TEST(PluginOptions, UnknownKeyListsKnownOnes) {
  Tensor p = axon::zeros({2}).requires_grad_();
  EXPECT_ERROR(
      "adam: unknown option 'learning_rate' (known: lr, betas, eps, weight_decay, "
      "amsgrad, maximize, l1)",
      axon::make_optimizer("adam", {p}, {{"learning_rate", 0.1}}));
  EXPECT_ERROR("did you mean 'in_features'?", axon::make_layer("linear", {{"in_feature", 2}}));
}

TEST(PluginOptions, BadRangesNameTheOwnerAndTheValue) {
  Tensor p = axon::zeros({2}).requires_grad_();
  auto sgd = [&](const axon::Options& o) { axon::make_optimizer("sgd", {p}, o); };
  auto adam = [&](const axon::Options& o) { axon::make_optimizer("adam", {p}, o); };
  EXPECT_ERROR("sgd: invalid learning rate: -0.1", sgd({{"lr", -0.1}}));
  EXPECT_ERROR("sgd: invalid momentum value: -1", sgd({{"momentum", -1.0}}));
  EXPECT_ERROR("sgd: Nesterov momentum requires a momentum and zero dampening",
               sgd({{"nesterov", true}}));
  EXPECT_ERROR("adam: invalid beta parameter at index 0: 1.5",
               adam({{"betas", std::vector<double>{1.5, 0.999}}}));
  EXPECT_ERROR("adam: expected betas of 2 values", adam({{"betas", std::vector<double>{0.9}}}));
  EXPECT_ERROR("adam: invalid epsilon value: -1", adam({{"eps", -1.0}}));

  EXPECT_ERROR("mse: invalid reduction 'avg'", axon::make_loss("mse", {{"reduction", "avg"}}));
  EXPECT_ERROR("cross_entropy: label_smoothing must be between 0.0 and 1.0, got 1.5",
               axon::make_loss("cross_entropy", {{"label_smoothing", 1.5}}));
  EXPECT_ERROR("linear: missing required option 'in_features'",
               axon::make_layer("linear", {{"out_features", 2}}));
  EXPECT_ERROR("kaiming_normal: mode 'fan_avg' not supported",
               axon::make_initializer("kaiming_normal", {{"mode", "fan_avg"}}));
  EXPECT_ERROR("kaiming_uniform: calculate_gain: unsupported nonlinearity 'swish'",
               axon::make_initializer("kaiming_uniform", {{"nonlinearity", "swish"}}));
  EXPECT_ERROR("kaiming_uniform: calculate_gain: unsupported nonlinearity 'conv7d'",
               axon::make_initializer("kaiming_uniform", {{"nonlinearity", "conv7d"}}));
  EXPECT_ERROR("uniform: expected a <= b",
               axon::make_initializer("uniform", {{"a", 1.0}, {"b", 0.0}}));
  auto opt = axon::make_optimizer("sgd", {p}, {{"lr", 0.1}});
  EXPECT_ERROR("step: step_size must be a positive number of epochs, got 0",
               axon::make_scheduler("step", opt, {{"step_size", 0}}));
}

// ---- activations --------------------------------------------------------------

TEST(PluginActivations, ValuesAndDescriptions) {
  Tensor x = vec({-1, 0, 2}, {3});
  expect_values(axon::make_layer("relu")->forward(x), {0, 0, 2});
  expect_values(axon::make_layer("sigmoid")->forward(x), {0.26894142f, 0.5f, 0.88079708f});
  expect_values(axon::make_layer("tanh")->forward(x), {-0.76159416f, 0.0f, 0.96402758f});
  EXPECT_EQ(axon::make_layer("relu")->describe(), "ReLU()");
  EXPECT_EQ(axon::make_layer("softmax", {{"dim", 1}})->describe(), "Softmax(dim=1)");
  EXPECT_EQ(axon::make_layer("log_softmax")->describe(), "LogSoftmax(dim=None)");
  EXPECT_EQ(axon::registry_entry("", "relu").kind, "activation");
}

TEST(PluginActivations, SoftmaxImplicitDimFollowsPyTorch) {
  auto softmax = axon::make_layer("softmax");
  // 2-D: dim 1, each row sums to 1.
  expect_values(axon::sum(softmax->forward(axon::randn({4, 5})), {1}), {1, 1, 1, 1});
  // 3-D (an unbatched image): dim 0.
  expect_values(axon::sum(softmax->forward(axon::randn({3, 2, 2})), {0}), {1, 1, 1, 1});
  // 4-D: dim 1.
  expect_values(axon::sum(softmax->forward(axon::randn({2, 3, 1, 1})), {1}), {1, 1});
  Tensor x = axon::randn({2, 3});
  Tensor expected = axon::log(axon::softmax(x, 0));
  EXPECT_TRUE(axon::allclose(axon::make_layer("log_softmax", {{"dim", 0}})->forward(x), expected,
                             1e-5, 1e-6));
}

// ---- layers -------------------------------------------------------------------

TEST(PluginLayers, LinearShapesAndInitBounds) {
  auto linear = axon::make_layer("linear", {{"in_features", 400}, {"out_features", 30}});
  auto params = linear->named_parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].first, "weight");
  EXPECT_EQ(params[0].second.shape(), (axon::Shape{30, 400}));
  EXPECT_EQ(params[1].first, "bias");
  EXPECT_EQ(params[1].second.shape(), (axon::Shape{30}));
  EXPECT_TRUE(params[0].second.requires_grad());
  // kaiming_uniform(a = sqrt(5)) and the bias: U(-1/sqrt(in), 1/sqrt(in)) = U(-0.05, 0.05).
  for (const auto& [name, p] : params) {
    double max_abs = axon::max(axon::abs(p)).item();
    EXPECT_LE(max_abs, 0.05 + 1e-7) << name;
    EXPECT_GE(max_abs, 0.025) << name;  // the draws span the range
  }
  EXPECT_EQ(linear->forward(axon::randn({2, 3, 400})).shape(), (axon::Shape{2, 3, 30}));
  EXPECT_EQ(linear->describe(), "Linear(in_features=400, out_features=30, bias=true)");

  auto no_bias =
      axon::make_layer("linear", {{"in_features", 3}, {"out_features", 2}, {"bias", false}});
  EXPECT_EQ(no_bias->named_parameters().size(), 1u);
}

TEST(PluginLayers, LinearComputesXWtPlusB) {
  auto linear = axon::make_layer("linear", {{"in_features", 2}, {"out_features", 1}});
  linear->load_state_dict([] {
    axon::StateDict s;
    s.insert("weight", vec({2, -1}, {1, 2}));
    s.insert("bias", vec({0.5}, {1}));
    return s;
  }());
  expect_values(linear->forward(vec({1, 2, 3, 1}, {2, 2})), {0.5f, 5.5f});
}

TEST(PluginLayers, LinearRejectsAMismatchedInput) {
  auto linear = axon::make_layer("linear", {{"in_features", 784}, {"out_features", 500}});
  EXPECT_ERROR("linear: expected input with last dim 784 (in_features), got shape [32, 100]",
               linear->forward(axon::zeros({32, 100})));
}

TEST(PluginLayers, SequentialNamesChildrenByPosition) {
  auto model = axon::make_layer("sequential");
  auto* container = dynamic_cast<axon::Container*>(model.get());
  ASSERT_NE(container, nullptr);
  Tensor x = axon::randn({5, 4});
  EXPECT_TRUE(model->forward(x).is_same(x));  // empty: the identity
  container->append(axon::make_layer("linear", {{"in_features", 4}, {"out_features", 3}}));
  container->append(axon::make_layer("relu"));
  container->append(axon::make_layer("linear", {{"in_features", 3}, {"out_features", 2}}));
  EXPECT_EQ(model->state_dict().keys(),
            (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  EXPECT_EQ(model->describe(), "Sequential");

  const auto& c = model->children();
  Tensor manual = c[2].second->forward(axon::relu(c[0].second->forward(x)));
  EXPECT_TRUE(axon::allclose(model->forward(x), manual));
  EXPECT_ERROR("sequential: cannot append a null layer", container->append(nullptr));
}

TEST(PluginLayers, Flatten) {
  Tensor x = axon::zeros({2, 3, 4, 5});
  EXPECT_EQ(axon::make_layer("flatten")->forward(x).shape(), (axon::Shape{2, 60}));
  auto all = axon::make_layer("flatten", {{"start_dim", 0}, {"end_dim", 2}});
  EXPECT_EQ(all->forward(x).shape(), (axon::Shape{24, 5}));
  EXPECT_EQ(all->describe(), "Flatten(start_dim=0, end_dim=2)");
}

// ---- losses -------------------------------------------------------------------

TEST(PluginLosses, Mse) {
  Tensor input = vec({1, 2, 3}, {3});
  Tensor target = vec({1, 0, 0}, {3});
  expect_values(axon::make_loss("mse")->forward(input, target), {13.0f / 3});
  expect_values(axon::make_loss("mse", {{"reduction", "sum"}})->forward(input, target), {13});
  expect_values(axon::make_loss("mse", {{"reduction", "none"}})->forward(input, target), {0, 4, 9});
}

TEST(PluginLosses, CrossEntropyValueAndGradient) {
  // Row 0: uniform logits, loss log 3. Row 1: log(1 + 2 e^-2) for the large logit.
  Tensor logits = vec({0, 0, 0, 2, 0, 0}, {2, 3}).requires_grad_();
  Tensor loss = axon::make_loss("cross_entropy")->forward(logits, labels({1, 0}));
  double row1 = std::log(1 + 2 * std::exp(-2.0));
  expect_values(loss, {static_cast<float>((std::log(3.0) + row1) / 2)});
  loss.backward();
  // d/dlogits of the mean: (softmax - one_hot) / N.
  float big = 1.0f / (1 + 2 * std::exp(-2.0f)), small = (1 - big) / 2;
  expect_values(logits.grad(), {1.f / 6, -1.f / 3, 1.f / 6, (big - 1) / 2, small / 2, small / 2});
}

TEST(PluginLosses, CrossEntropyOutOfRangeLabelNamesLossAndValue) {
  auto loss = axon::make_loss("cross_entropy");
  // The gather kernel's message, prefixed with the loss.
  EXPECT_ERROR(
      "cross_entropy: gather: index 5 is out of range for dimension 1 with size 3 "
      "(expected 0 <= index < 3)",
      loss->forward(axon::zeros({2, 3}), labels({0, 5})));
  EXPECT_ERROR("index -1 is out of range", loss->forward(axon::zeros({2, 3}), labels({0, -1})));
  EXPECT_ERROR("nll: gather: index 7",
               axon::make_loss("nll")->forward(axon::zeros({1, 2}), labels({7})));
  EXPECT_ERROR("cross_entropy: expected target of shape [4] for input of shape [4, 3]",
               loss->forward(axon::zeros({4, 3}), labels({0, 1})));
}

TEST(PluginLosses, CrossEntropyIgnoreIndex) {
  Tensor logits = vec({0, 0, 0, 2, 0, 0, 5, 1, 1}, {3, 3});
  auto mean = axon::make_loss("cross_entropy");
  auto none = axon::make_loss("cross_entropy", {{"reduction", "none"}});
  double row1 = std::log(1 + 2 * std::exp(-2.0));
  // The mean is over the two targets that count.
  expect_values(mean->forward(logits, labels({1, 0, -100})),
                {static_cast<float>((std::log(3.0) + row1) / 2)});
  expect_values(none->forward(logits, labels({-100, 0, -100})), {0, static_cast<float>(row1), 0});
  EXPECT_TRUE(std::isnan(mean->forward(logits, labels({-100, -100, -100})).item()));
  auto ignore_two = axon::make_loss("cross_entropy", {{"ignore_index", 2}});
  expect_values(ignore_two->forward(logits, labels({2, 0, 2})), {static_cast<float>(row1)});
}

TEST(PluginLosses, CrossEntropyLabelSmoothingWeightsAndTargets) {
  // Smoothing s: (1 - s) nll + s / C * mean(-sum_c log p_c).
  Tensor logits = vec({2, 0, 0}, {1, 3});
  double lse = std::log(std::exp(2.0) + 2), nll = lse - 2, uniform = (3 * lse - 2) / 3;
  auto smoothed = axon::make_loss("cross_entropy", {{"label_smoothing", 0.3}});
  expect_values(smoothed->forward(logits, labels({0})),
                {static_cast<float>(0.7 * nll + 0.3 * uniform)});
  // Probabilities equal to the one-hot labels give the same loss.
  expect_values(smoothed->forward(logits, vec({1, 0, 0}, {1, 3})),
                {static_cast<float>(0.7 * nll + 0.3 * uniform)});
  // Class weights: the mean divides by the weights of the targets.
  Tensor two = vec({0, 0, 0, 2, 0, 0}, {2, 3});
  auto weighted = axon::make_loss("cross_entropy", {{"weight", std::vector<double>{1, 3, 1}}});
  expect_values(weighted->forward(two, labels({1, 0})),
                {static_cast<float>((3 * std::log(3.0) + nll) / 4)});
  // Unbatched: (C) logits with a 0-dim target.
  Tensor scalar_label = axon::from_vector(std::vector<int64_t>{0}, {});
  expect_values(axon::make_loss("cross_entropy")->forward(vec({2, 0, 0}, {3}), scalar_label),
                {static_cast<float>(nll)});
}

TEST(PluginLosses, CrossEntropyGradientMatchesFiniteDifferences) {
  // (N, C, d) logits with class weights, smoothing and an ignored position.
  Tensor target = axon::from_vector(std::vector<int64_t>{0, 2, -100, 1, 1, 0}, {2, 3});
  auto loss = axon::make_loss(
      "cross_entropy", {{"weight", std::vector<double>{0.5, 1, 2}}, {"label_smoothing", 0.2}});
  auto result = axon::autograd::gradcheck(
      [&](const axon::TensorList& in) { return loss->forward(in[0], target); },
      {axon::randn({2, 3, 3})});
  EXPECT_TRUE(result.ok) << result.report;
}

TEST(PluginLosses, NllPicksTheTargetLogProbability) {
  Tensor log_probs = vec({-1, -2, -3, -4, -5, -6}, {2, 3});
  expect_values(axon::make_loss("nll")->forward(log_probs, labels({2, 0})), {3.5f});
  auto ignoring = axon::make_loss("nll", {{"ignore_index", 0}, {"reduction", "sum"}});
  expect_values(ignoring->forward(log_probs, labels({2, 0})), {3});
}

// ---- optimizers (expected values from torch 1.13) -----------------------------------

// Runs three steps on p = [1, -2, 3] with fixed gradients; returns p after each.
std::vector<std::vector<float>> three_steps(const std::string& name, const axon::Options& o) {
  Tensor p = vec({1, -2, 3}, {3}).requires_grad_();
  auto opt = axon::make_optimizer(name, {p}, o);
  std::vector<std::vector<float>> out;
  const std::vector<std::vector<float>> grads{{0.5, -1, 2}, {0.25, 0.5, -1}, {1, 1, 1}};
  for (const auto& g : grads) {
    p.set_grad(vec(g, {3}));
    opt->step();
    out.push_back(p.to_vector<float>());
  }
  return out;
}

void expect_steps(const std::vector<std::vector<float>>& got,
                  const std::vector<std::vector<float>>& expected) {
  for (size_t s = 0; s < expected.size(); ++s) {
    for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(got[s][i], expected[s][i], 2e-6) << s << "," << i;
  }
}

TEST(PluginOptimizers, SgdMomentum) {
  // Step 1: buf = g (no dampening); step 2: buf = 0.9 buf + g.
  expect_steps(three_steps("sgd", {{"lr", 0.1}, {"momentum", 0.9}}),
               {{0.95f, -1.9f, 2.8f}, {0.88f, -1.86f, 2.72f}, {0.717f, -1.924f, 2.548f}});
  expect_steps(
      three_steps("sgd",
                  {{"lr", 0.1}, {"momentum", 0.9}, {"nesterov", true}, {"weight_decay", 0.01}}),
      {{0.9031f, -1.8062f, 2.6143f},
       {0.81257415f, -1.81514823f, 2.63490295f},
       {0.56286973f, -1.96637845f, 2.37079215f}});
  expect_steps(
      three_steps("sgd", {{"lr", 0.1}, {"momentum", 0.5}, {"dampening", 0.5}, {"maximize", true}}),
      {{1.05f, -2.1f, 3.2f}, {1.0875f, -2.125f, 3.25f}, {1.15625f, -2.0875f, 3.325f}});
}

TEST(PluginOptimizers, Adam) {
  // Step 1 moves each weight by lr sign(g): m / sqrt(v) is corrected to g / |g|.
  expect_steps(three_steps("adam", {{"lr", 0.1}}), {{0.9f, -1.9f, 2.9f},
                                                    {0.80678207f, -1.87336624f, 2.87336636f},
                                                    {0.71587342f, -1.90063596f, 2.82847595f}});
  expect_steps(three_steps("adam", {{"lr", 0.1},
                                    {"amsgrad", true},
                                    {"weight_decay", 0.1},
                                    {"betas", std::vector<double>{0.8, 0.9}}}),
               {{0.9f, -1.9f, 2.9f},
                {0.80529141f, -1.85852015f, 2.86237693f},
                {0.71158445f, -1.87285829f, 2.80393386f}});
  // eps = 0.1 shows that eps sits outside the square root.
  expect_steps(three_steps("adam", {{"lr", 0.01}, {"maximize", true}, {"eps", 0.1}}),
               {{1.00833333f, -2.0090909f, 3.00952387f},
                {1.01577282f, -2.01145506f, 3.01202869f},
                {1.02367008f, -2.00901031f, 3.01622128f}});
}

TEST(PluginOptimizers, SkipsParamsWithoutGradAndKeepsState) {
  Tensor a = vec({1, 1}, {2}).requires_grad_();
  Tensor b = vec({1, 1}, {2}).requires_grad_();
  auto opt = axon::make_optimizer("sgd", {a, b}, {{"lr", 0.5}, {"momentum", 0.9}});
  a.set_grad(vec({1, 2}, {2}));
  opt->step();
  expect_values(a, {0.5f, 0});
  expect_values(b, {1, 1});
  expect_values(opt->state(a).tensors.at("momentum_buffer"), {1, 2});
  EXPECT_TRUE(opt->state(b).empty());
  auto adam = axon::make_optimizer("adam", {a}, {});
  adam->step();
  EXPECT_EQ(adam->state(a).scalars.at("step"), 1.0);
  EXPECT_EQ(adam->state(a).tensors.count("exp_avg_sq"), 1u);
}

// ---- schedulers -----------------------------------------------------------------

TEST(PluginSchedulers, StepDecaysEveryStepSizeEpochs) {
  Tensor p = axon::zeros({1}).requires_grad_();
  auto opt = axon::make_optimizer("sgd", {p}, {{"lr", 0.1}});
  auto scheduler = axon::make_scheduler("step", opt, {{"step_size", 2}});
  std::vector<double> lrs{scheduler->get_last_lr()[0]};
  for (int epoch = 1; epoch < 7; ++epoch) {
    scheduler->step();
    lrs.push_back(scheduler->get_last_lr()[0]);
  }
  std::vector<double> expected{0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 0.0001};
  for (size_t i = 0; i < lrs.size(); ++i) EXPECT_NEAR(lrs[i], expected[i], 1e-12) << i;
  EXPECT_NEAR(opt->param_groups()[0].options.get<double>("lr"), 0.0001, 1e-12);
  EXPECT_EQ(scheduler->describe(), "StepLR(step_size=2, gamma=0.1)");
}

// ---- initializers ---------------------------------------------------------------

struct Moments {
  double mean, std, min, max;
};

Moments moments_after(const std::string& name, const axon::Options& o, const axon::Shape& shape) {
  Tensor t = axon::empty(shape).requires_grad_();  // as a parameter: apply needs no guard
  axon::make_initializer(name, o)->apply(t);
  auto v = t.to_vector<float>();
  auto n = static_cast<double>(v.size());
  double sum = 0, sq = 0;
  for (float x : v) sum += x;
  double mean = sum / n;
  for (float x : v) sq += (x - mean) * (x - mean);
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return {mean, std::sqrt(sq / (n - 1)), *lo, *hi};
}

// Sample mean and std within 5 standard errors of the distribution's.
void expect_distribution(const Moments& m, double mean, double std, int64_t n) {
  EXPECT_NEAR(m.mean, mean, 5 * std / std::sqrt(n));
  EXPECT_NEAR(m.std, std, 5 * std / std::sqrt(2.0 * n));
}

TEST(PluginInitializers, ConstantsAndPlainDistributions) {
  Moments zeros = moments_after("zeros", {}, {3, 4});
  EXPECT_EQ(zeros.min, 0);
  EXPECT_EQ(zeros.max, 0);
  EXPECT_EQ(moments_after("ones", {}, {5}).min, 1);
  const int64_t n = 100000;
  Moments u = moments_after("uniform", {{"a", -2.0}, {"b", 3.0}}, {n});
  expect_distribution(u, 0.5, 5 / std::sqrt(12.0), n);
  EXPECT_GE(u.min, -2);
  EXPECT_LE(u.max, 3);
  expect_distribution(moments_after("normal", {{"mean", 3.0}, {"std", 2.0}}, {n}), 3, 2, n);
}

TEST(PluginInitializers, FanScaledDistributions) {
  // A conv weight (out 64, in 32, 3 x 3): fan_in = 288, fan_out = 576.
  const axon::Shape shape{64, 32, 3, 3};
  const int64_t n = 64 * 32 * 9;
  double xavier = std::sqrt(2.0 / (288 + 576));
  Moments xu = moments_after("xavier_uniform", {{"gain", 2.0}}, shape);
  expect_distribution(xu, 0, 2 * xavier, n);
  EXPECT_LE(std::max(-xu.min, xu.max), 2 * xavier * std::sqrt(3.0));
  expect_distribution(moments_after("xavier_normal", {}, shape), 0, xavier, n);

  // kaiming: gain sqrt(2 / (1 + a^2)) / sqrt(fan).
  Moments ku = moments_after("kaiming_uniform", {}, shape);
  expect_distribution(ku, 0, std::sqrt(2.0 / 288), n);
  EXPECT_LE(std::max(-ku.min, ku.max), std::sqrt(6.0 / 288));
  expect_distribution(moments_after("kaiming_normal", {{"mode", "fan_out"}, {"a", 1.0}}, shape), 0,
                      std::sqrt(1.0 / 576), n);
  expect_distribution(moments_after("kaiming_normal", {{"nonlinearity", "tanh"}}, shape), 0,
                      (5.0 / 3) / std::sqrt(288.0), n);
}

TEST(PluginInitializers, FanScaledNeedTwoDims) {
  Tensor t = axon::zeros({5});
  EXPECT_ERROR("xavier_uniform: Fan in and fan out can not be computed",
               axon::make_initializer("xavier_uniform")->apply(t));
  Tensor empty = axon::zeros({0, 3});
  axon::make_initializer("kaiming_uniform")->apply(empty);  // a no-op, as in PyTorch
  EXPECT_EQ(axon::make_initializer("kaiming_uniform")->describe(),
            "kaiming_uniform(a=0, mode=fan_in, nonlinearity=leaky_relu)");
}

}  // namespace
