// ReLU: max(x, 0) elementwise, as torch.nn.ReLU. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class ReLU : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit ReLU(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return axon::relu(x); }
  std::string describe() const override { return "ReLU()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("relu", ReLU, "max(x, 0) elementwise");
