// Constant: fills the tensor with val, as torch.nn.init.constant_.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

double required_val(const axon::Options& o) {
  AXON_CHECK(o.is_set("val"), "constant: missing required option 'val'");
  return o.get<double>("val");
}

class Constant : public axon::Initializer {
 public:
  static axon::OptionSchema options() {
    return {{"val", OptionType::number, std::monostate{}, "the value to fill the tensor with"}};
  }

  explicit Constant(const axon::Options& o) : val_(required_val(o)) {}

  void apply(axon::Tensor& tensor) override {
    axon::NoGradGuard no_grad;
    tensor.fill_(val_);
  }

  std::string describe() const override { return fmt::format("constant(val={})", val_); }

 private:
  double val_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("constant", Constant, "fills with val");
