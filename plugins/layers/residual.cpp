// Residual: a container whose children, run in order as in a sequential,
// make f, and whose output is y = x + f(x) (a ResNet skip connection).
// Children are named "0", "1", ..., so state-dict keys read "0.weight".
//   x: any shape; f must keep it.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Residual : public axon::Container {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Residual(const axon::Options&) {}

  void append(axon::LayerPtr layer) override {
    register_child(std::to_string(children().size()), std::move(layer));
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    axon::Tensor fx = x;
    for (const auto& [name, child] : children()) fx = child->forward(fx);
    AXON_CHECK(fx.shape() == x.shape(),
               "residual: the children map input of shape {} to shape {}; x + f(x) needs the same "
               "shape",
               axon::shape_str(x.shape()), axon::shape_str(fx.shape()));
    return x + fx;
  }

  std::string describe() const override { return "Residual"; }
};

}  // namespace

AXON_REGISTER_LAYER("residual", Residual, "y = x + f(x), f its children in order");
