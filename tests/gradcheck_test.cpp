// Finite-difference checks (autograd::gradcheck, f64 on the cpu) of every
// differentiable op in ops.h and the tensor views, and the autograd rules a
// user relies on: NoGradGuard, detach, frozen parameters, accumulation,
// retain_grad. Inputs stay away from the points where an op has a kink.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using axon::Shape;
using axon::Tensor;
using axon::TensorList;
using Fn = std::function<Tensor(const TensorList&)>;

testing::AssertionResult gradcheck_passes(const Fn& f, const TensorList& inputs) {
  axon::autograd::GradCheckResult r = axon::autograd::gradcheck(f, inputs);
  if (r.ok) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "gradcheck failed (max abs error " << r.max_abs_error
                                     << ", max rel error " << r.max_rel_error << "): " << r.report;
}

class GradCheck : public testing::Test {
 protected:
  // Uniform in [lo, hi), f64, requiring grad; no value within 0.05 of a kink.
  Tensor sample(const Shape& shape, double lo = -2, double hi = 2,
                const std::vector<double>& kinks = {}) {
    std::uniform_real_distribution<double> u(lo, hi);
    std::vector<double> values(axon::numel(shape));
    for (double& x : values) {
      do x = u(rng_);
      while (std::any_of(kinks.begin(), kinks.end(),
                         [x](double k) { return std::abs(x - k) < 0.05; }));
    }
    return axon::from_vector(values, shape).requires_grad_();
  }
  // Multiples of 0.1 plus `offset`: grids with offsets 0.03 and 0.08 never come
  // closer than 0.05, so maximum and minimum see no ties.
  Tensor grid(const Shape& shape, double offset) {
    std::uniform_int_distribution<int> k(-15, 15);
    std::vector<double> values(axon::numel(shape));
    for (double& x : values) x = 0.1 * k(rng_) + offset;
    return axon::from_vector(values, shape).requires_grad_();
  }
  static Tensor indices(const std::vector<int64_t>& values, const Shape& shape) {
    return axon::from_vector(values, shape);
  }

  std::mt19937 rng_{20240521};
};

struct Unary {
  const char* name;
  std::function<Tensor(const Tensor&)> f;
  double lo, hi;
  std::vector<double> kinks;
};

TEST_F(GradCheck, UnaryMathAndActivations) {
  const std::vector<Unary> ops = {
      {"neg", [](const Tensor& x) { return axon::neg(x); }, -2, 2, {}},
      {"operator-", [](const Tensor& x) { return -x; }, -2, 2, {}},
      {"abs", [](const Tensor& x) { return axon::abs(x); }, -2, 2, {0}},
      {"sign", [](const Tensor& x) { return axon::sign(x); }, -2, 2, {0}},
      {"exp", [](const Tensor& x) { return axon::exp(x); }, -2, 2, {}},
      {"log", [](const Tensor& x) { return axon::log(x); }, 0.2, 3, {}},
      {"log1p", [](const Tensor& x) { return axon::log1p(x); }, -0.5, 2, {}},
      {"expm1", [](const Tensor& x) { return axon::expm1(x); }, -2, 2, {}},
      {"sqrt", [](const Tensor& x) { return axon::sqrt(x); }, 0.2, 3, {}},
      {"rsqrt", [](const Tensor& x) { return axon::rsqrt(x); }, 0.2, 3, {}},
      {"reciprocal", [](const Tensor& x) { return axon::reciprocal(x); }, 0.3, 2, {}},
      {"square", [](const Tensor& x) { return axon::square(x); }, -2, 2, {}},
      {"sin", [](const Tensor& x) { return axon::sin(x); }, -3, 3, {}},
      {"cos", [](const Tensor& x) { return axon::cos(x); }, -3, 3, {}},
      {"tanh", [](const Tensor& x) { return axon::tanh(x); }, -3, 3, {}},
      {"sigmoid", [](const Tensor& x) { return axon::sigmoid(x); }, -4, 4, {}},
      {"relu", [](const Tensor& x) { return axon::relu(x); }, -2, 2, {0}},
      {"leaky_relu", [](const Tensor& x) { return axon::leaky_relu(x, 0.2); }, -2, 2, {0}},
      {"elu", [](const Tensor& x) { return axon::elu(x, 0.7); }, -2, 2, {0}},
      {"gelu", [](const Tensor& x) { return axon::gelu(x); }, -3, 3, {}},
      {"gelu_tanh", [](const Tensor& x) { return axon::gelu(x, true); }, -3, 3, {}},
      {"softplus", [](const Tensor& x) { return axon::softplus(x); }, -3, 3, {}},
      // beta x crosses the threshold at x = 2.5: both sides, not the switch.
      {"softplus_beta2_threshold5",
       [](const Tensor& x) { return axon::softplus(x, 2.0, 5.0); },
       -3,
       4,
       {2.5}},
      {"silu", [](const Tensor& x) { return axon::silu(x); }, -3, 3, {}},
  };
  for (const Unary& op : ops) {
    SCOPED_TRACE(op.name);
    EXPECT_TRUE(gradcheck_passes([&](const TensorList& in) { return op.f(in[0]); },
                                 {sample({3, 4}, op.lo, op.hi, op.kinks)}));
  }
}

TEST_F(GradCheck, SoftmaxAndLogSoftmaxOverEveryDim) {
  for (int64_t dim : {0, 1, 2, -1}) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    Tensor x = sample({3, 4, 5});
    EXPECT_TRUE(
        gradcheck_passes([dim](const TensorList& in) { return axon::softmax(in[0], dim); }, {x}));
    EXPECT_TRUE(gradcheck_passes(
        [dim](const TensorList& in) { return axon::log_softmax(in[0], dim); }, {x}));
  }
}

TEST_F(GradCheck, BinaryOpsWithBroadcasting) {
  const std::vector<std::pair<Shape, Shape>> shapes = {
      {{3, 4}, {3, 4}}, {{3, 1, 5}, {4, 5}}, {{2, 3}, {3}}, {{2, 3}, {1}}, {{2, 3}, {}}};
  for (const auto& [sa, sb] : shapes) {
    SCOPED_TRACE(axon::shape_str(sa) + " with " + axon::shape_str(sb));
    Tensor a = sample(sa), b = sample(sb), positive = sample(sa, 0.5, 2),
           divisor = sample(sb, 0.5, 2);
    auto check = [&](const char* name, const Fn& f, const TensorList& in) {
      EXPECT_TRUE(gradcheck_passes(f, in)) << name;
    };
    check("add alpha", [](const TensorList& t) { return axon::add(t[0], t[1], 0.5); }, {a, b});
    check("sub alpha", [](const TensorList& t) { return axon::sub(t[0], t[1], 2.0); }, {a, b});
    check("mul", [](const TensorList& t) { return axon::mul(t[0], t[1]); }, {a, b});
    check("div", [](const TensorList& t) { return axon::div(t[0], t[1]); }, {a, divisor});
    check("pow", [](const TensorList& t) { return axon::pow(t[0], t[1]); }, {positive, b});
    check("operators",
          [](const TensorList& t) { return (t[0] + t[1]) * t[0] - t[1] / (t[1] * t[1] + 1.0); },
          {a, b});
    Tensor lo = grid(sa, 0.03), hi = grid(sb, 0.08);
    check("maximum", [](const TensorList& t) { return axon::maximum(t[0], t[1]); }, {lo, hi});
    check("minimum", [](const TensorList& t) { return axon::minimum(t[0], t[1]); }, {lo, hi});
  }
}

TEST_F(GradCheck, ScalarVariants) {
  Tensor x = sample({3, 4}), positive = sample({3, 4}, 0.3, 2), away = sample({3, 4}, -2, 2, {0.3});
  const std::vector<std::pair<const char*, std::function<Tensor(const Tensor&)>>> ops = {
      {"add", [](const Tensor& t) { return axon::add(t, 1.5); }},
      {"sub", [](const Tensor& t) { return axon::sub(t, 1.5); }},
      {"rsub", [](const Tensor& t) { return axon::sub(1.5, t); }},
      {"mul", [](const Tensor& t) { return axon::mul(t, -2.5); }},
      {"div", [](const Tensor& t) { return axon::div(t, 4.0); }},
      {"operators",
       [](const Tensor& t) { return (2.0 + t) * 3.0 - 1.0 / (t * t + 1.0) + (t - 1.0) / 2.0; }},
      {"pow 3", [](const Tensor& t) { return axon::pow(t, 3.0); }},
      {"exp base", [](const Tensor& t) { return axon::pow(2.0, t); }},
  };
  for (const auto& [name, f] : ops) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(gradcheck_passes([&](const TensorList& in) { return f(in[0]); }, {x}));
  }
  auto on = [](std::function<Tensor(const Tensor&)> f) {
    return [f](const TensorList& in) { return f(in[0]); };
  };
  EXPECT_TRUE(gradcheck_passes(on([](const Tensor& t) { return axon::div(2.0, t); }), {positive}));
  EXPECT_TRUE(gradcheck_passes(on([](const Tensor& t) { return axon::pow(t, 2.5); }), {positive}));
  EXPECT_TRUE(gradcheck_passes(on([](const Tensor& t) { return axon::pow(t, -1.5); }), {positive}));
  EXPECT_TRUE(gradcheck_passes(on([](const Tensor& t) { return axon::maximum(t, 0.3); }), {away}));
  EXPECT_TRUE(gradcheck_passes(on([](const Tensor& t) { return axon::minimum(t, 0.3); }), {away}));
}

TEST_F(GradCheck, WhereAndClamp) {
  Tensor condition = axon::gt(axon::from_vector<double>({1, -1, 1}, {3, 1}), 0.0);  // (3, 1)
  EXPECT_TRUE(
      gradcheck_passes([&](const TensorList& t) { return axon::where(condition, t[0], t[1]); },
                       {sample({3, 4}), sample({1, 4})}));
  Tensor x = sample({4, 5}, -2, 2, {-0.5, 0.5});
  EXPECT_TRUE(
      gradcheck_passes([](const TensorList& t) { return axon::clamp(t[0], -0.5, 0.5); }, {x}));
  EXPECT_TRUE(gradcheck_passes(
      [](const TensorList& t) { return axon::clamp(t[0], -0.5, std::nullopt); }, {x}));
  EXPECT_TRUE(gradcheck_passes(
      [](const TensorList& t) { return axon::clamp(t[0], std::nullopt, 0.5); }, {x}));
}

TEST_F(GradCheck, Reductions) {
  using Dims = std::vector<int64_t>;
  Tensor x = sample({3, 4, 5});
  const std::vector<std::pair<Dims, bool>> cases = {
      {{}, false}, {{1}, false}, {{0, 2}, true}, {{-1}, false}, {{-1}, true}, {{0, 1, 2}, false}};
  for (const auto& [dims, keepdim] : cases) {
    SCOPED_TRACE("dims " + axon::shape_str(dims) + (keepdim ? " keepdim" : ""));
    auto check = [&](const char* name, Tensor (*op)(const Tensor&, const Dims&, bool)) {
      EXPECT_TRUE(
          gradcheck_passes([&](const TensorList& t) { return op(t[0], dims, keepdim); }, {x}))
          << name;
    };
    check("sum", axon::sum);
    check("mean", axon::mean);
    check("amax", axon::amax);
    check("amin", axon::amin);
    if (!dims.empty()) check("logsumexp", axon::logsumexp);
  }
  EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::sum(t[0]); }, {x}));
  EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::mean(t[0]); }, {x}));
  EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::max(t[0]); }, {x}));
  for (int64_t dim : {0, 1, -1}) {
    for (bool keepdim : {false, true}) {
      SCOPED_TRACE("max/min dim " + std::to_string(dim) + (keepdim ? " keepdim" : ""));
      EXPECT_TRUE(gradcheck_passes(
          [=](const TensorList& t) { return axon::max(t[0], dim, keepdim).first; }, {x}));
      EXPECT_TRUE(gradcheck_passes(
          [=](const TensorList& t) { return axon::min(t[0], dim, keepdim).first; }, {x}));
    }
  }
  EXPECT_TRUE(gradcheck_passes(
      [](const TensorList& t) {
        return axon::sum_to(t[0], {4, 1});
      },
      {x}));
  for (const char* reduction : {"none", "mean", "sum"})
    EXPECT_TRUE(
        gradcheck_passes([=](const TensorList& t) { return axon::reduce(t[0], reduction); }, {x}))
        << reduction;
}

TEST_F(GradCheck, MatmulAndLinear) {
  const std::vector<std::pair<Shape, Shape>> shapes = {{{4}, {4}},
                                                       {{4}, {4, 3}},
                                                       {{3, 4}, {4}},
                                                       {{3, 4}, {4, 5}},
                                                       {{2, 3, 4}, {2, 4, 5}},
                                                       {{2, 3, 4}, {4, 5}},
                                                       {{4}, {2, 4, 5}},
                                                       {{2, 1, 3, 4}, {3, 4, 5}}};
  for (const auto& [sa, sb] : shapes) {
    SCOPED_TRACE(axon::shape_str(sa) + " @ " + axon::shape_str(sb));
    EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::matmul(t[0], t[1]); },
                                 {sample(sa), sample(sb)}));
  }
  // Transposed (non-contiguous) operands.
  EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::matmul(t[0].t(), t[1].t()); },
                               {sample({4, 3}), sample({5, 4})}));
  EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::linear(t[0], t[1], t[2]); },
                               {sample({2, 3, 4}), sample({5, 4}), sample({5})}));
  EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::linear(t[0], t[1]); },
                               {sample({6, 4}), sample({5, 4})}));
}

TEST_F(GradCheck, Indexing) {
  Tensor rows = indices({0, 2, 2, 4, 1, 1, 3, 0, 4, 4, 4, 2}, {3, 4});  // repeats within rows
  EXPECT_TRUE(gradcheck_passes([&](const TensorList& t) { return axon::gather(t[0], 1, rows); },
                               {sample({3, 5})}));
  Tensor cols = indices({3, 0, 1, 3, 3, 2}, {2, 3});
  EXPECT_TRUE(gradcheck_passes([&](const TensorList& t) { return axon::gather(t[0], 0, cols); },
                               {sample({4, 3})}));
  EXPECT_TRUE(
      gradcheck_passes([&](const TensorList& t) { return axon::scatter_add(t[0], 1, rows, t[1]); },
                       {sample({3, 5}), sample({3, 4})}));
  Tensor picks = indices({0, 2, 2, 4}, {4});
  EXPECT_TRUE(gradcheck_passes(
      [&](const TensorList& t) { return axon::index_select(t[0], 0, picks); }, {sample({5, 4})}));
  EXPECT_TRUE(gradcheck_passes(
      [&](const TensorList& t) { return axon::index_select(t[0], 1, picks); }, {sample({3, 5})}));
  Tensor targets = indices({1, 3, 1}, {3});
  EXPECT_TRUE(gradcheck_passes(
      [&](const TensorList& t) { return axon::index_add(t[0], 0, targets, t[1], 0.5); },
      {sample({5, 4}), sample({3, 4})}));
}

TEST_F(GradCheck, CatAndStack) {
  for (int64_t dim : {0, 1, -1}) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    EXPECT_TRUE(gradcheck_passes([=](const TensorList& t) { return axon::cat(t, dim); },
                                 {sample({2, 3, 4}), sample({2, 3, 4}), sample({2, 3, 4})}));
    EXPECT_TRUE(gradcheck_passes([=](const TensorList& t) { return axon::stack(t, dim); },
                                 {sample({2, 3}), sample({2, 3})}));
  }
  // Sizes differ along the cat dim.
  EXPECT_TRUE(gradcheck_passes([](const TensorList& t) { return axon::cat(t, 1); },
                               {sample({2, 1, 4}), sample({2, 3, 4})}));
}

TEST_F(GradCheck, Views) {
  const std::vector<std::pair<const char*, std::function<Tensor(const Tensor&)>>> views = {
      {"reshape",
       [](const Tensor& x) {
         return x.reshape({6, 4});
       }},
      {"view",
       [](const Tensor& x) {
         return x.view({4, -1});
       }},
      {"flatten", [](const Tensor& x) { return x.flatten(1); }},
      {"transpose", [](const Tensor& x) { return x.transpose(0, 2); }},
      {"permute",
       [](const Tensor& x) {
         return x.permute({1, 2, 0});
       }},
      {"narrow", [](const Tensor& x) { return x.narrow(2, 1, 2); }},
      {"select", [](const Tensor& x) { return x.select(1, 2); }},
      {"unsqueeze", [](const Tensor& x) { return x.unsqueeze(1); }},
      {"squeeze", [](const Tensor& x) { return x.narrow(1, 0, 1).squeeze(1); }},
      {"expand",
       [](const Tensor& x) {
         return x.narrow(2, 0, 1).expand({2, 3, 5});
       }},
      {"reshape of transpose", [](const Tensor& x) { return x.transpose(0, 1).reshape({-1}); }},
      {"contiguous",
       [](const Tensor& x) {
         return x.permute({2, 0, 1}).contiguous();
       }},
      {"clone", [](const Tensor& x) { return axon::exp(x.clone()); }},
      {"chained", [](const Tensor& x) { return axon::exp(x.transpose(1, 2)).select(0, 1).t(); }},
  };
  Tensor x = sample({2, 3, 4});
  for (const auto& [name, f] : views) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(gradcheck_passes([&](const TensorList& in) { return f(in[0]); }, {x}));
  }
}

// y = a b recorded as one node whose backward scales the true gradients by
// (scale_a, scale_b): (1, 1) is right, anything else is the deliberate bug
// gradcheck must catch, in either input.
Tensor recorded_mul(const Tensor& a, const Tensor& b, double scale_a, double scale_b) {
  Tensor y = axon::mul(a.detach(), b.detach());
  axon::autograd::record("test_mul", {a, b}, y,
                         [ad = a.detach(), bd = b.detach(), scale_a, scale_b](const TensorList& g) {
                           return TensorList{g[0] * bd * scale_a, g[0] * ad * scale_b};
                         });
  return y;
}

TEST_F(GradCheck, CatchesAWrongBackward) {
  TensorList inputs = {sample({3, 4}), sample({3, 4}, 0.5, 2)};
  auto with = [](double scale_a, double scale_b) {
    return [=](const TensorList& t) { return recorded_mul(t[0], t[1], scale_a, scale_b); };
  };
  EXPECT_TRUE(gradcheck_passes(with(1, 1), inputs));
  for (auto [scale_a, scale_b] : {std::pair{2.0, 1.0}, std::pair{1.0, 0.5}}) {
    axon::autograd::GradCheckResult wrong =
        axon::autograd::gradcheck(with(scale_a, scale_b), inputs);
    EXPECT_FALSE(wrong.ok) << "gradcheck accepted a backward scaled by (" << scale_a << ", "
                           << scale_b << ")";
    EXPECT_FALSE(wrong.report.empty());
    EXPECT_GT(wrong.max_abs_error, 0.1);
  }
}

std::vector<float> values(const Tensor& t) { return t.to(axon::DType::f32).to_vector<float>(); }

Tensor leaf(std::vector<float> v) {
  Shape shape{static_cast<int64_t>(v.size())};
  return axon::from_vector(v, shape).requires_grad_();
}

TEST(Autograd, NoGradGuardRecordsNothing) {
  Tensor x = leaf({1, 2, 3});
  EXPECT_TRUE(axon::grad_mode_enabled());
  {
    axon::NoGradGuard outer;
    { axon::NoGradGuard inner; }
    EXPECT_FALSE(axon::grad_mode_enabled()) << "leaving a nested guard re-enabled grad mode";
    Tensor y = axon::exp(x) * 2.0;
    EXPECT_FALSE(y.requires_grad());
    EXPECT_EQ(y.grad_fn(), nullptr);
  }
  EXPECT_TRUE(axon::grad_mode_enabled());
  Tensor z = x * 2.0;
  EXPECT_TRUE(z.requires_grad());
  EXPECT_NE(z.grad_fn(), nullptr);
}

TEST(Autograd, DetachStopsGradients) {
  Tensor x = leaf({1, 2, 3});
  Tensor d = x.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_EQ(d.grad_fn(), nullptr);
  axon::sum(x * d).backward();  // d/dx (x * const) = const
  EXPECT_EQ(values(x.grad()), (std::vector<float>{1, 2, 3}));
}

TEST(Autograd, FrozenParameterGetsNoGradient) {
  Tensor x = leaf({1, 2, 3}), w = leaf({4, 5, 6}), b = leaf({0.5f, 0.5f, 0.5f});
  b.requires_grad_(false);
  EXPECT_FALSE(b.requires_grad());
  axon::sum(x * w + b).backward();
  EXPECT_EQ(values(w.grad()), (std::vector<float>{1, 2, 3}));
  EXPECT_FALSE(b.grad().defined());
}

TEST(Autograd, GradientsAccumulateOverBackwardCalls) {
  Tensor x = leaf({1, 2});
  axon::sum(x * 3.0).backward();
  axon::sum(x * x).backward();  // 3 + 2x
  EXPECT_EQ(values(x.grad()), (std::vector<float>{5, 7}));
  // A tensor used twice in one graph: both paths add up.
  Tensor y = leaf({1, 2});
  axon::sum(y * y + y).backward();
  EXPECT_EQ(values(y.grad()), (std::vector<float>{3, 5}));
}

TEST(Autograd, RetainGradKeepsANonLeafGradient) {
  Tensor x = leaf({1, 2});
  Tensor y = x * 3.0, z = x * 2.0;
  y.retain_grad();
  EXPECT_FALSE(y.is_leaf());
  axon::sum(y * y + z * z).backward();
  EXPECT_EQ(values(y.grad()), (std::vector<float>{6, 12}));  // 2y
  EXPECT_FALSE(z.grad().defined()) << "a non-leaf keeps no grad without retain_grad";
  EXPECT_EQ(values(x.grad()), (std::vector<float>{26, 52}));  // 18x + 8x
}

TEST(Autograd, GradAndMultiRootBackward) {
  Tensor x = leaf({1, 2});
  TensorList g = axon::autograd::grad({axon::sum(x * x)}, {x});
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(values(g[0]), (std::vector<float>{2, 4}));
  EXPECT_FALSE(x.grad().defined()) << "autograd::grad must not touch .grad";
  Tensor a = x * 2.0, b = x * x;
  axon::autograd::backward({a, b}, {axon::ones({2}), axon::from_vector<float>({1, 10}, {2})});
  EXPECT_EQ(values(x.grad()), (std::vector<float>{4, 42}));  // 2 + 2x * g
}

TEST(Autograd, BackwardErrors) {
  Tensor x = leaf({1, 2});
  EXPECT_THROW((x * 2.0).backward(), axon::Error) << "implicit grad for a non-scalar output";
  Tensor constant = axon::ones({1});
  EXPECT_THROW(axon::sum(constant).backward(), axon::Error) << "backward through no grad_fn";
}

}  // namespace
