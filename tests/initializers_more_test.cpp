// The eye, dirac, trunc_normal and sparse initializers, on every available
// device: eye and dirac exactly (the positions PyTorch 1.13's eye_ and dirac_
// set), trunc_normal and sparse statistically on large tensors (bounds,
// moments and CDF of the truncated normal; the exact number of zeros per
// column), describe(), and the errors with PyTorch's messages.
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace {

using axon::Tensor;
using axon::testing_util::error_of;
using testing::HasSubstr;

std::vector<std::string> devices() {
  std::vector<std::string> out{"cpu"};
  if (axon::is_available("mlu")) out.push_back("mlu");
  return out;
}

// A parameter of `shape` on `device` filled by the initializer, back on the cpu.
Tensor initialized(const std::string& name, const axon::Options& o, const axon::Shape& shape,
                   const std::string& device = "cpu") {
  Tensor t = axon::empty(shape, axon::TensorOptions().device(axon::device(device)));
  t.requires_grad_();  // as a parameter: apply needs no guard
  axon::make_initializer(name, o)->apply(t);
  EXPECT_TRUE(t.requires_grad());
  return t.detach().to("cpu");
}

// Multi-indices of the nonzero elements, in row-major order (torch.nonzero).
std::vector<axon::Shape> nonzero(const Tensor& t) {
  std::vector<float> values = t.to_vector<float>();
  std::vector<axon::Shape> out;
  for (size_t flat = 0; flat < values.size(); ++flat) {
    if (values[flat] == 0.0f) continue;
    axon::Shape index(t.shape().size());
    auto rest = static_cast<int64_t>(flat);
    for (size_t d = index.size(); d-- > 0;) {
      index[d] = rest % t.shape()[d];
      rest /= t.shape()[d];
    }
    out.push_back(index);
  }
  return out;
}

std::string apply_error(const std::string& name, const axon::Options& o, const axon::Shape& shape) {
  Tensor t = axon::zeros(shape);
  return error_of([&] { axon::make_initializer(name, o)->apply(t); });
}

// ---- eye ---------------------------------------------------------------------------------

TEST(InitializersMore, EyeIsTheIdentityRectangularToo) {
  for (const auto& device : devices()) {
    SCOPED_TRACE(device);
    Tensor wide = initialized("eye", {}, {3, 5}, device);
    EXPECT_EQ(nonzero(wide), (std::vector<axon::Shape>{{0, 0}, {1, 1}, {2, 2}}));
    for (float v : wide.to_vector<float>()) EXPECT_TRUE(v == 0.0f || v == 1.0f);
    Tensor tall = initialized("eye", {}, {4, 2}, device);
    EXPECT_EQ(nonzero(tall), (std::vector<axon::Shape>{{0, 0}, {1, 1}}));
    EXPECT_EQ(initialized("eye", {}, {0, 3}, device).numel(), 0);
  }
  EXPECT_EQ(axon::make_initializer("eye")->describe(), "eye");
}

TEST(InitializersMore, EyeNeedsTwoDims) {
  EXPECT_EQ(apply_error("eye", {}, {3}),
            "eye: only tensors with 2 dimensions are supported, got 1 dims (shape [3])");
  EXPECT_THAT(apply_error("eye", {}, {2, 3, 4}),
              HasSubstr("eye: only tensors with 2 dimensions are supported, got 3 dims"));
}

// ---- dirac -------------------------------------------------------------------------------

TEST(InitializersMore, DiracSetsPyTorchsPositions) {
  struct Case {
    axon::Shape shape;
    int64_t groups;
    std::vector<axon::Shape> ones;  // torch.nn.init.dirac_(...).nonzero()
  };
  const std::vector<Case> cases = {
      {{4, 2, 3}, 1, {{0, 0, 1}, {1, 1, 1}}},
      {{6, 3, 3, 3},
       2,
       {{0, 0, 1, 1}, {1, 1, 1, 1}, {2, 2, 1, 1}, {3, 0, 1, 1}, {4, 1, 1, 1}, {5, 2, 1, 1}}},
      {{3, 5, 2, 4}, 1, {{0, 0, 1, 2}, {1, 1, 1, 2}, {2, 2, 1, 2}}},
      {{5, 4, 1, 2}, 1, {{0, 0, 0, 1}, {1, 1, 0, 1}, {2, 2, 0, 1}, {3, 3, 0, 1}}},
      {{4, 2, 3, 3, 3}, 2, {{0, 0, 1, 1, 1}, {1, 1, 1, 1, 1}, {2, 0, 1, 1, 1}, {3, 1, 1, 1, 1}}},
  };
  for (const auto& device : devices()) {
    for (const Case& c : cases) {
      SCOPED_TRACE(device + " " + axon::shape_str(c.shape) + " groups " + std::to_string(c.groups));
      Tensor w = initialized("dirac", {{"groups", c.groups}}, c.shape, device);
      EXPECT_EQ(nonzero(w), c.ones);
      for (float v : w.to_vector<float>()) EXPECT_TRUE(v == 0.0f || v == 1.0f);
    }
  }
  EXPECT_EQ(axon::make_initializer("dirac")->describe(), "dirac(groups=1)");
}

// What dirac is for: a same-padded convolution with it passes its input through.
TEST(InitializersMore, DiracConvolutionIsTheIdentity) {
  Tensor w = initialized("dirac", {}, {4, 4, 3, 3});
  Tensor x = axon::randn({2, 4, 5, 6});
  axon::Conv2dParams same;
  same.padding = {1, 1};
  EXPECT_TRUE(axon::allclose(axon::conv2d(x, w, {}, same), x, 0, 1e-6));
}

TEST(InitializersMore, DiracRejectsWhatPyTorchRejects) {
  EXPECT_EQ(apply_error("dirac", {}, {3, 4}),
            "dirac: only tensors with 3, 4, or 5 dimensions are supported, got 2 dims (shape [3, "
            "4])");
  EXPECT_THAT(apply_error("dirac", {}, {2, 2, 2, 2, 2, 2}),
              HasSubstr("only tensors with 3, 4, or 5 dimensions are supported, got 6 dims"));
  EXPECT_EQ(apply_error("dirac", {{"groups", 2}}, {5, 2, 3}),
            "dirac: dim 0 must be divisible by groups, got dim 0 = 5 and groups = 2");
  EXPECT_EQ(error_of([] {
              axon::make_initializer("dirac", {{"groups", 0}});
            }),
            "dirac: groups must be positive, got 0");
}

// ---- trunc_normal ---------------------------------------------------------------------------

double phi(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }
double big_phi(double z) { return 0.5 * (1.0 + std::erf(z / std::sqrt(2.0))); }

// N(mean, std^2) truncated to [a, b]: its mean, standard deviation and CDF.
// In a tail, u lies so close to 1 that float32 steps of u (as in PyTorch,
// whose draws there hit a bound a few times in 10^6) move x past a bound,
// where the clamp holds it.
struct Truncated {
  double mean, std, a, b;
  bool tail = false;
  double alpha() const { return (a - mean) / std; }
  double beta() const { return (b - mean) / std; }
  double mass() const { return big_phi(beta()) - big_phi(alpha()); }
  double expected_mean() const { return mean + std * (phi(alpha()) - phi(beta())) / mass(); }
  double expected_std() const {
    double shift = (phi(alpha()) - phi(beta())) / mass();
    double spread = (alpha() * phi(alpha()) - beta() * phi(beta())) / mass();
    return std * std::sqrt(1.0 + spread - shift * shift);
  }
  double cdf(double x) const { return (big_phi((x - mean) / std) - big_phi(alpha())) / mass(); }
};

// 10^6 draws: strictly inside [a, b] (but in a tail), the mean and std
// within 6 standard errors and the CDF within 6 of the Kolmogorov
// statistic's (0.5 / 1000).
TEST(InitializersMore, TruncNormalFollowsTheTruncatedDistribution) {
  const std::vector<Truncated> cases = {
      {0.0, 1.0, -2.0, 2.0},       // the defaults
      {1.0, 2.0, 0.0, 3.0},        // asymmetric
      {0.0, 1.0, 2.5, 3.0, true},  // erfinv's two branches meet at 2.5 < x < 3
  };
  for (const auto& device : devices()) {
    axon::manual_seed(1234);
    for (const Truncated& c : cases) {
      SCOPED_TRACE(fmt::format("{}: mean {} std {} a {} b {}", device, c.mean, c.std, c.a, c.b));
      Tensor t =
          initialized("trunc_normal", {{"mean", c.mean}, {"std", c.std}, {"a", c.a}, {"b", c.b}},
                      {1000, 1000}, device);
      std::vector<float> v = t.to_vector<float>();
      auto [lo, hi] = std::minmax_element(v.begin(), v.end());
      EXPECT_GE(*lo, c.a);
      EXPECT_LE(*hi, c.b);
      auto at_bounds =
          std::count_if(v.begin(), v.end(), [&](float x) { return x == c.a || x == c.b; });
      EXPECT_LE(at_bounds, c.tail ? 100 : 0);
      double n = static_cast<double>(v.size()), sum = 0.0, squares = 0.0;
      for (float x : v) sum += x;
      double mean = sum / n;
      for (float x : v) squares += (x - mean) * (x - mean);
      double std = std::sqrt(squares / n);
      EXPECT_NEAR(mean, c.expected_mean(), 6.0 * c.expected_std() / 1000.0);
      EXPECT_NEAR(std, c.expected_std(), 6.0 * c.expected_std() / std::sqrt(2.0 * n));
      std::sort(v.begin(), v.end());
      for (double q : {0.05, 0.25, 0.5, 0.75, 0.95}) {
        float x = v[static_cast<size_t>(q * n)];
        EXPECT_NEAR(c.cdf(x), q, 0.003) << "at quantile " << q;
      }
    }
  }
}

TEST(InitializersMore, TruncNormalDefaultsAndErrors) {
  EXPECT_EQ(axon::make_initializer("trunc_normal")->describe(),
            "trunc_normal(mean=0, std=1, a=-2, b=2)");
  EXPECT_EQ(error_of([] {
              axon::make_initializer("trunc_normal", {{"std", 0.0}});
            }),
            "trunc_normal: expected std > 0, got 0");
  EXPECT_EQ(error_of([] {
              axon::make_initializer("trunc_normal", {{"a", 2.0}, {"b", 1.0}});
            }),
            "trunc_normal: expected a <= b, got a=2 and b=1");
  // a == b leaves one value, as in PyTorch.
  for (float x : initialized("trunc_normal", {{"a", 0.5}, {"b", 0.5}}, {4, 5}).to_vector<float>())
    EXPECT_EQ(x, 0.5f);
}

// ---- sparse ------------------------------------------------------------------------------

// Zeros per column of a (rows, cols) tensor.
std::vector<int64_t> zeros_per_column(const Tensor& t) {
  int64_t rows = t.size(0), cols = t.size(1);
  std::vector<float> v = t.to_vector<float>();
  std::vector<int64_t> count(static_cast<size_t>(cols), 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) count[c] += v[r * cols + c] == 0.0f;
  return count;
}

TEST(InitializersMore, SparseZeroesCeilSparsityRowsOfEveryColumn) {
  for (const auto& device : devices()) {
    SCOPED_TRACE(device);
    Tensor t = initialized("sparse", {{"sparsity", 0.1}}, {100, 30}, device);
    EXPECT_EQ(zeros_per_column(t), std::vector<int64_t>(30, 10));
    // ceil(0.25 * 10) = 3, as PyTorch's int(math.ceil(sparsity * rows)).
    EXPECT_EQ(zeros_per_column(initialized("sparse", {{"sparsity", 0.25}}, {10, 4}, device)),
              std::vector<int64_t>(4, 3));
    EXPECT_EQ(zeros_per_column(initialized("sparse", {{"sparsity", 0.0}}, {10, 4}, device)),
              std::vector<int64_t>(4, 0));
    EXPECT_EQ(zeros_per_column(initialized("sparse", {{"sparsity", 1.0}}, {10, 4}, device)),
              std::vector<int64_t>(4, 10));
    // The columns choose their rows independently.
    std::vector<float> v = t.to_vector<float>();
    int64_t differ = 0;
    for (int64_t r = 0; r < 100; ++r) differ += (v[r * 30] == 0.0f) != (v[r * 30 + 1] == 0.0f);
    EXPECT_GT(differ, 0);
  }
}

TEST(InitializersMore, SparseNonzerosHaveTheStd) {
  for (const auto& device : devices()) {
    SCOPED_TRACE(device);
    axon::manual_seed(99);
    Tensor t = initialized("sparse", {{"sparsity", 0.2}, {"std", 0.5}}, {2000, 100}, device);
    double sum = 0.0, squares = 0.0, n = 0.0;
    for (float x : t.to_vector<float>()) {
      if (x == 0.0f) continue;
      sum += x;
      squares += static_cast<double>(x) * x;
      n += 1.0;
    }
    EXPECT_EQ(n, 1600.0 * 100.0);
    EXPECT_NEAR(sum / n, 0.0, 6.0 * 0.5 / std::sqrt(n));
    EXPECT_NEAR(std::sqrt(squares / n), 0.5, 6.0 * 0.5 / std::sqrt(2.0 * n));
    // The same seed, the same tensor.
    axon::manual_seed(99);
    Tensor again = initialized("sparse", {{"sparsity", 0.2}, {"std", 0.5}}, {2000, 100}, device);
    EXPECT_TRUE(axon::allclose(t, again, 0, 0));
  }
}

TEST(InitializersMore, SparseDefaultsAndErrors) {
  EXPECT_EQ(axon::make_initializer("sparse", {{"sparsity", 0.1}})->describe(),
            "sparse(sparsity=0.1, std=0.01)");
  EXPECT_EQ(error_of([] { axon::make_initializer("sparse"); }),
            "sparse: missing required option 'sparsity'");
  EXPECT_THAT(error_of([] {
                axon::make_initializer("sparse", {{"sparsity", 1.5}});
              }),
              HasSubstr("sparse: sparsity is the fraction of each column set to zero, expected a "
                        "number in [0, 1], got 1.5"));
  EXPECT_EQ(apply_error("sparse", {{"sparsity", 0.1}}, {2, 3, 4}),
            "sparse: only tensors with 2 dimensions are supported, got 3 dims (shape [2, 3, 4])");
}

}  // namespace
