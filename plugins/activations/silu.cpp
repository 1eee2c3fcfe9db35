// SiLU (swish): x * sigmoid(x), as torch.nn.SiLU. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class SiLU : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit SiLU(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return axon::silu(x); }
  std::string describe() const override { return "SiLU()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("silu", SiLU, "x * sigmoid(x)");
