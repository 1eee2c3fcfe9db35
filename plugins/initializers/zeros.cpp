// Zeros: fills the tensor with 0.0, as torch.nn.init.zeros_.
#include <axon/autograd.h>
#include <axon/plugin.h>

namespace {

class Zeros : public axon::Initializer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Zeros(const axon::Options&) {}

  void apply(axon::Tensor& tensor) override {
    axon::NoGradGuard no_grad;
    tensor.fill_(0.0);
  }

  std::string describe() const override { return "zeros"; }
};

}  // namespace

AXON_REGISTER_INITIALIZER("zeros", Zeros, "fills with 0.0");
