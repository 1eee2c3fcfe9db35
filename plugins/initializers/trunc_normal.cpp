// Truncated normal: fills the tensor from N(mean, std^2) restricted to
// [a, b], as torch.nn.init.trunc_normal_: by the inverse CDF, like PyTorch,
//   u ~ U(2 Phi((a - mean) / std) - 1, 2 Phi((b - mean) / std) - 1)
//   x = clamp(mean + std sqrt(2) erfinv(u), a, b)
// erfinv has no primitive; it is composed from ops below, so the draw runs
// on the tensor's device. Like PyTorch, warns when mean is more than 2 std
// outside [a, b], where the inverse CDF loses precision.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdio>

namespace {

using axon::OptionType;
using axon::Tensor;

// Polynomial with the coefficients from the highest degree down, at w.
template <size_t N>
Tensor horner(const Tensor& w, const std::array<double, N>& coefficients) {
  Tensor p = axon::full_like(w, coefficients[0]);
  for (size_t i = 1; i < N; ++i) p = p * w + coefficients[i];
  return p;
}

// erfinv(x) for x in (-1, 1), to single precision: M. Giles, "Approximating
// the erfinv function" (GPU Computing Gems Jade, 2011), two polynomials in
// w = -log((1 - x)(1 + x)), the central one for w < 5 and one in sqrt(w) for
// the tails.
Tensor erfinv(const Tensor& x) {
  static constexpr std::array<double, 9> central = {2.81022636e-08,  3.43273939e-07, -3.5233877e-06,
                                                    -4.39150654e-06, 0.00021858087,  -0.00125372503,
                                                    -0.00417768164,  0.246640727,    1.50140941};
  static constexpr std::array<double, 9> tail = {-0.000200214257, 0.000100950558, 0.00134934322,
                                                 -0.00367342844,  0.00573950773,  -0.0076224613,
                                                 0.00943887047,   1.00167406,     2.83297682};
  Tensor w = -axon::log((1.0 - x) * (1.0 + x));
  Tensor p =
      axon::where(axon::lt(w, 5.0), horner(w - 2.5, central), horner(axon::sqrt(w) - 3.0, tail));
  return p * x;
}

double std_of(const axon::Options& o) {
  auto std = o.get<double>("std");
  AXON_CHECK(std > 0.0, "trunc_normal: expected std > 0, got {}", std);
  return std;
}

class TruncNormal : public axon::Initializer {
 public:
  static axon::OptionSchema options() {
    return {
        {"mean", OptionType::number, 0.0, "mean of the normal distribution"},
        {"std", OptionType::number, 1.0, "standard deviation of the normal distribution"},
        {"a", OptionType::number, -2.0, "minimum cutoff value"},
        {"b", OptionType::number, 2.0, "maximum cutoff value"},
    };
  }

  explicit TruncNormal(const axon::Options& o)
      : mean_(o.get<double>("mean")),
        std_(std_of(o)),
        a_(o.get<double>("a")),
        b_(o.get<double>("b")) {
    AXON_CHECK(a_ <= b_, "trunc_normal: expected a <= b, got a={} and b={}", a_, b_);
    if (mean_ < a_ - 2.0 * std_ || mean_ > b_ + 2.0 * std_) {
      std::fprintf(stderr,
                   "axon: warning: trunc_normal: mean is more than 2 std from [a, b]; the "
                   "distribution of values may be incorrect\n");
    }
  }

  void apply(Tensor& tensor) override {
    // 2 Phi(z) - 1 = erf(z / sqrt(2)).
    double low = std::erf((a_ - mean_) / (std_ * std::sqrt(2.0)));
    double high = std::erf((b_ - mean_) / (std_ * std::sqrt(2.0)));
    axon::NoGradGuard no_grad;
    Tensor u = axon::empty_like(tensor).uniform_(low, high);
    // Keeps u off +-1, where erfinv is infinite (the clamp below bounds x anyway).
    const double below_one = 1.0 - std::ldexp(1.0, -24);
    u.clamp_(-below_one, below_one);
    tensor.copy_(axon::clamp(erfinv(u) * (std_ * std::sqrt(2.0)) + mean_, a_, b_));
  }

  std::string describe() const override {
    return fmt::format("trunc_normal(mean={}, std={}, a={}, b={})", mean_, std_, a_, b_);
  }

 private:
  double mean_, std_, a_, b_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("trunc_normal", TruncNormal, "N(mean, std^2) truncated to [a, b]");
