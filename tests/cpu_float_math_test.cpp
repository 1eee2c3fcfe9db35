// The cpu backend computes float tanh and sigmoid with its own vectorizable
// formulas (backends/cpu/float_math.h), not libm's. Checked here over every
// 509th float bit pattern (all signs, magnitudes, subnormals) against double
// precision, and at the special values.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace {

using axon::DType;
using axon::Tensor;

// Every float whose bit pattern is a multiple of `step`, NaNs left out.
std::vector<float> float_sweep(uint32_t step) {
  std::vector<float> xs;
  for (uint64_t bits = 0; bits <= 0xFFFFFFFFu; bits += step) {
    const float x = std::bit_cast<float>(static_cast<uint32_t>(bits));
    if (!std::isnan(x)) xs.push_back(x);
  }
  return xs;
}

// |got - want| in units of the last place of the float nearest to want
// (the smallest subnormal for results that round to 0).
double ulps(float got, double want) {
  const float nearest = static_cast<float>(want);
  const float next = std::nextafter(std::fabs(nearest), std::numeric_limits<float>::infinity());
  const double unit = static_cast<double>(next) - std::fabs(static_cast<double>(nearest));
  return std::fabs(static_cast<double>(got) - want) / unit;
}

struct Worst {
  double ulps = 0;
  float at = 0;
};

Worst worst_error(const std::function<Tensor(const Tensor&)>& op,
                  const std::function<double(double)>& reference) {
  const std::vector<float> xs = float_sweep(509);
  Tensor x = axon::from_vector(xs, {static_cast<int64_t>(xs.size())});
  const std::vector<float> ys = op(x).to_vector<float>();
  Worst worst;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double error = ulps(ys[i], reference(xs[i]));
    if (error > worst.ulps) worst = {error, xs[i]};
  }
  return worst;
}

double sigmoid_reference(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(CpuFloatMath, TanhIsWithinTwoUlpOfDoublePrecision) {
  const Worst worst = worst_error([](const Tensor& x) { return axon::tanh(x); },
                                  [](double x) { return std::tanh(x); });
  EXPECT_LE(worst.ulps, 2.0) << "at x = " << worst.at;
}

TEST(CpuFloatMath, SigmoidIsWithinThreeUlpOfDoublePrecision) {
  const Worst worst =
      worst_error([](const Tensor& x) { return axon::sigmoid(x); }, sigmoid_reference);
  EXPECT_LE(worst.ulps, 3.0) << "at x = " << worst.at;
}

TEST(CpuFloatMath, SpecialValuesAsPyTorch) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x = axon::from_vector(std::vector<float>{-inf, -0.0f, 0.0f, inf, nan, -200.0f}, {6});
  const std::vector<float> t = axon::tanh(x).to_vector<float>();
  EXPECT_EQ(t[0], -1.0f);
  EXPECT_TRUE(std::signbit(t[1]) && t[1] == 0.0f) << "tanh(-0) is -0";
  EXPECT_TRUE(!std::signbit(t[2]) && t[2] == 0.0f);
  EXPECT_EQ(t[3], 1.0f);
  EXPECT_TRUE(std::isnan(t[4]));
  EXPECT_EQ(t[5], -1.0f);
  const std::vector<float> s = axon::sigmoid(x).to_vector<float>();
  EXPECT_EQ(s[0], 0.0f);
  EXPECT_EQ(s[1], 0.5f);
  EXPECT_EQ(s[2], 0.5f);
  EXPECT_EQ(s[3], 1.0f);
  EXPECT_TRUE(std::isnan(s[4]));
  EXPECT_EQ(s[5], 0.0f);
}

// The formulas are float-only: doubles still round to within an ulp of libm.
TEST(CpuFloatMath, DoublesKeepDoublePrecision) {
  Tensor x = axon::from_vector(std::vector<double>{-3.5, -1e-9, 0.3, 7.25}, {4});
  const std::vector<double> t = axon::tanh(x).to_vector<double>();
  const std::vector<double> s = axon::sigmoid(x).to_vector<double>();
  const std::vector<double> xs = x.to_vector<double>();
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_NEAR(t[i], std::tanh(xs[i]), 1e-15 * std::fabs(std::tanh(xs[i])));
    EXPECT_NEAR(s[i], sigmoid_reference(xs[i]), 1e-15);
  }
}

}  // namespace
