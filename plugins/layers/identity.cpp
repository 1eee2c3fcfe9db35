// Identity, as torch.nn.Identity: returns its input (a placeholder in a model's layer list).
#include <axon/plugin.h>

namespace {

class Identity : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Identity(const axon::Options&) {}
  axon::Tensor forward(const axon::Tensor& x) override { return x; }
  std::string describe() const override { return "Identity()"; }
};

}  // namespace

AXON_REGISTER_LAYER("identity", Identity, "returns its input unchanged");
