// Softplus: log(1 + e^(beta x)) / beta, as torch.nn.Softplus; linear (x)
// where beta * x > threshold, for numerical stability. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

class Softplus : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"beta", OptionType::number, 1.0, "the beta in log(1 + e^(beta x)) / beta"},
        {"threshold", OptionType::number, 20.0, "above beta * x > threshold the output is x"},
    };
  }
  explicit Softplus(const axon::Options& o)
      : beta_(o.get<double>("beta")), threshold_(o.get<double>("threshold")) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::softplus(x, beta_, threshold_);
  }
  std::string describe() const override {
    return fmt::format("Softplus(beta={}, threshold={})", beta_, threshold_);
  }

 private:
  double beta_;
  double threshold_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("softplus", Softplus, "log(1 + e^(beta x)) / beta");
