// The Layer interface. A layer has parameters and buffers (named, in
// registration order), child layers, a train/eval mode, and a forward pass
// written with the ops API. Containers (sequential, residual) are layers with
// children. Names and state-dict keys follow PyTorch ("0.weight").
#pragma once

#include <axon/state_dict.h>
#include <axon/tensor.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace axon {

class Layer;
using LayerPtr = std::shared_ptr<Layer>;

class Layer {
 public:
  Layer() = default;
  virtual ~Layer();
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  // One tensor in, one out: most layers override this.
  virtual Tensor forward(const Tensor& input);
  // Several in or out (LSTM's (h, c), attention's q, k, v); by default calls
  // forward(inputs[0]) (optional).
  virtual TensorList forward(const TensorList& inputs);
  Tensor operator()(const Tensor& input) { return forward(input); }
  TensorList operator()(const TensorList& inputs) { return forward(inputs); }

  // One line: "Linear(in_features=2, out_features=4, bias=true)".
  virtual std::string describe() const = 0;
  // The tree of a container, one layer per line, like PyTorch's repr.
  std::string to_string(int indent = 0) const;

  std::vector<std::pair<std::string, Tensor>> named_parameters(bool recurse = true) const;
  TensorList parameters(bool recurse = true) const;
  std::vector<std::pair<std::string, Tensor>> named_buffers(bool recurse = true) const;
  const std::vector<std::pair<std::string, LayerPtr>>& children() const { return children_; }
  int64_t num_parameters() const;

  virtual void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }

  // Moves parameters and buffers in place (handles stay valid).
  void to(Device& device);
  void to(std::string_view device);
  void zero_grad();

  StateDict state_dict() const;
  // strict: every key must be present and no key left over; shapes must match.
  void load_state_dict(const StateDict& state, bool strict = true);

 protected:
  Tensor register_parameter(const std::string& name, Tensor tensor, bool requires_grad = true);
  Tensor register_buffer(const std::string& name, Tensor tensor);
  LayerPtr register_child(const std::string& name, LayerPtr child);

 private:
  void collect(const std::string& prefix, bool recurse, bool buffers,
               std::vector<std::pair<std::string, Tensor>>& out) const;

  std::vector<std::pair<std::string, Tensor>> parameters_;
  std::vector<std::pair<std::string, Tensor>> buffers_;
  std::vector<std::pair<std::string, LayerPtr>> children_;
  bool training_ = true;
};

// A layer that holds an ordered list of children (sequential, residual, ...).
class Container : public Layer {
 public:
  ~Container() override;
  virtual void append(LayerPtr layer) = 0;
};

}  // namespace axon
