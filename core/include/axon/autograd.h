// Define-by-run autograd. Each differentiable op on tensors that require grad
// records a Node (its backward function and edges to its inputs' nodes);
// Tensor::backward() runs the nodes in reverse topological order and
// accumulates .grad on the leaves. Backward functions use the ops API, so they
// run on any device.
#pragma once

#include <axon/tensor.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace axon {

// grads of the inputs (undefined where an input gets none) from the grads of the outputs.
using BackwardFn = std::function<TensorList(const TensorList& grad_outputs)>;

struct Edge {
  std::shared_ptr<Node> node;  // null: the input needs no gradient
  int input_nr = 0;            // which output of `node` the input was
};

// What the engine needs to know of each output: zeros for outputs that got
// no gradient, and the tensors whose gradient retain_grad() keeps.
struct OutputMeta {
  Shape shape;
  DType dtype = DType::f32;
  Device* device = nullptr;
  std::weak_ptr<TensorImpl> retained;
};

class Node {
 public:
  Node(std::string name, BackwardFn backward, std::vector<Edge> next);
  virtual ~Node();
  const std::string& name() const { return name_; }
  const std::vector<Edge>& next() const { return next_; }
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  std::vector<OutputMeta>& outputs() { return outputs_; }
  virtual TensorList apply(const TensorList& grad_outputs);

 private:
  std::string name_;
  BackwardFn backward_;
  std::vector<Edge> next_;
  std::vector<OutputMeta> outputs_;
};

// The node that adds incoming gradients into a leaf's .grad.
class AccumulateGrad : public Node {
 public:
  explicit AccumulateGrad(std::shared_ptr<TensorImpl> leaf);
  TensorList apply(const TensorList& grad_outputs) override;
  TensorImpl* leaf() const { return leaf_.get(); }

 private:
  std::shared_ptr<TensorImpl> leaf_;
};

bool grad_mode_enabled();

// Disables recording in its scope (evaluation, optimizer updates).
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool saved_;
};

// Enables recording in its scope, even inside a NoGradGuard (an optimizer's
// closure re-evaluates the loss with gradients, as torch.enable_grad()).
class EnableGradGuard {
 public:
  EnableGradGuard();
  ~EnableGradGuard();
  EnableGradGuard(const EnableGradGuard&) = delete;
  EnableGradGuard& operator=(const EnableGradGuard&) = delete;

 private:
  bool saved_;
};

namespace autograd {

// True when grad mode is on and some input requires grad.
bool needs_grad(const TensorList& inputs);

// Records `outputs` as produced from `inputs` by an op whose derivative is
// `backward`. Saved tensors captured by `backward` must be detach()ed when they
// are outputs of this op (no reference cycle through grad_fn). No-op when
// needs_grad(inputs) is false. Used by the core's primitives and by plugins
// with a fused op of their own.
void record(const char* name, const TensorList& inputs, TensorList& outputs, BackwardFn backward);
inline void record(const char* name, const TensorList& inputs, Tensor& output,
                   BackwardFn backward) {
  TensorList outs{output};
  record(name, inputs, outs, std::move(backward));
  output = outs[0];
}

// Runs backward from `roots` with the given upstream grads.
void backward(const TensorList& roots, const TensorList& grad_roots);

// Gradients of outputs with respect to inputs without touching .grad.
TensorList grad(const TensorList& outputs, const TensorList& inputs,
                const TensorList& grad_outputs = {});

struct GradCheckResult {
  bool ok = true;
  double max_abs_error = 0;
  double max_rel_error = 0;
  std::string report;  // where it disagrees
};

// Compares the autograd gradient of sum(f(inputs) * random weights) with
// central finite differences, in f64 on the CPU. Inputs are converted to f64.
GradCheckResult gradcheck(const std::function<Tensor(const TensorList&)>& f,
                          const TensorList& inputs, double eps = 1e-6, double atol = 1e-5,
                          double rtol = 1e-3);

}  // namespace autograd
}  // namespace axon
