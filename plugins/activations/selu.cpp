// SELU: scale * elu(x, alpha) with the self-normalizing constants of
// Klambauer et al. (2017), as torch.nn.SELU. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

constexpr double kAlpha = 1.6732632423543772848170429916717;
constexpr double kScale = 1.0507009873554804934193349852946;

class SELU : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit SELU(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return axon::elu(x, kAlpha) * kScale; }
  std::string describe() const override { return "SELU()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("selu", SELU, "scale * elu(x, alpha), self-normalizing");
