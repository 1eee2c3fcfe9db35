// Sequential: a container that runs its children in order, as
// torch.nn.Sequential. Children are named "0", "1", ... in the order they are
// appended, so state-dict keys read "0.weight", "2.bias". With no children it
// returns its input.
#include <axon/error.h>
#include <axon/plugin.h>

#include <string>

namespace {

class Sequential : public axon::Container {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Sequential(const axon::Options&) {}

  void append(axon::LayerPtr layer) override {
    AXON_CHECK(layer != nullptr, "sequential: cannot append a null layer (child {})",
               children().size());
    register_child(std::to_string(children().size()), std::move(layer));
  }

  axon::Tensor forward(const axon::Tensor& input) override {
    axon::Tensor x = input;
    for (const auto& [name, child] : children()) x = child->forward(x);
    return x;
  }

  // Multi-tensor layers (an LSTM's (h, c)) pass their whole list on.
  axon::TensorList forward(const axon::TensorList& inputs) override {
    axon::TensorList xs = inputs;
    for (const auto& [name, child] : children()) xs = child->forward(xs);
    return xs;
  }

  std::string describe() const override { return "Sequential"; }
};

}  // namespace

AXON_REGISTER_LAYER("sequential", Sequential, "runs its children in order");
