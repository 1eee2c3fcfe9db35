// ELU: x for x > 0, alpha * (e^x - 1) otherwise, as torch.nn.ELU. Any shape
// in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

class ELU : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"alpha", OptionType::number, 1.0,
             "the value the output tends to for x -> -inf is -alpha"}};
  }
  explicit ELU(const axon::Options& o) : alpha_(o.get<double>("alpha")) {}

  axon::Tensor forward(const axon::Tensor& x) override { return axon::elu(x, alpha_); }
  std::string describe() const override { return fmt::format("ELU(alpha={})", alpha_); }

 private:
  double alpha_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("elu", ELU, "x for x > 0, else alpha * (e^x - 1)");
