// ReLU6: min(max(x, 0), 6), as torch.nn.ReLU6 (hardtanh with bounds 0 and 6;
// the gradient is 0 at both). Any shape in, same shape out.
#include <axon/plugin.h>

#include "hardtanh.h"

namespace {

class ReLU6 : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit ReLU6(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::activations::hardtanh(x, 0.0, 6.0);
  }
  std::string describe() const override { return "ReLU6()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("relu6", ReLU6, "min(max(x, 0), 6) elementwise");
