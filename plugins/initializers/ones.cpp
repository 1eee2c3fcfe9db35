// Ones: fills the tensor with 1.0, as torch.nn.init.ones_.
#include <axon/autograd.h>
#include <axon/plugin.h>

namespace {

class Ones : public axon::Initializer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Ones(const axon::Options&) {}

  void apply(axon::Tensor& tensor) override {
    axon::NoGradGuard no_grad;
    tensor.fill_(1.0);
  }

  std::string describe() const override { return "ones"; }
};

}  // namespace

AXON_REGISTER_INITIALIZER("ones", Ones, "fills with 1.0");
