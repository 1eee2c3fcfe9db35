// Uniform: fills the tensor from U(a, b), as torch.nn.init.uniform_.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

class Uniform : public axon::Initializer {
 public:
  static axon::OptionSchema options() {
    return {
        {"a", OptionType::number, 0.0, "lower bound"},
        {"b", OptionType::number, 1.0, "upper bound"},
    };
  }

  explicit Uniform(const axon::Options& o) : a_(o.get<double>("a")), b_(o.get<double>("b")) {
    AXON_CHECK(a_ <= b_, "uniform: expected a <= b, got a={} and b={}", a_, b_);
  }

  void apply(axon::Tensor& tensor) override {
    axon::NoGradGuard no_grad;
    tensor.uniform_(a_, b_);
  }

  std::string describe() const override { return fmt::format("uniform(a={}, b={})", a_, b_); }

 private:
  double a_, b_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("uniform", Uniform, "fills from U(a, b)");
