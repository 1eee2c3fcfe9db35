// Nodes of the tape, grad mode, and recording.
#include "tensor/internal.h"

namespace axon {

namespace {
thread_local bool grad_enabled = true;
}

bool grad_mode_enabled() { return grad_enabled; }

NoGradGuard::NoGradGuard() : saved_(grad_enabled) { grad_enabled = false; }
NoGradGuard::~NoGradGuard() { grad_enabled = saved_; }

EnableGradGuard::EnableGradGuard() : saved_(grad_enabled) { grad_enabled = true; }
EnableGradGuard::~EnableGradGuard() { grad_enabled = saved_; }

Node::Node(std::string name, BackwardFn backward, std::vector<Edge> next)
    : name_(std::move(name)), backward_(std::move(backward)), next_(std::move(next)) {}
Node::~Node() = default;

TensorList Node::apply(const TensorList& grad_outputs) { return backward_(grad_outputs); }

AccumulateGrad::AccumulateGrad(std::shared_ptr<TensorImpl> leaf)
    : Node("AccumulateGrad", nullptr, {}), leaf_(std::move(leaf)) {
  outputs().push_back(OutputMeta{leaf_->shape, leaf_->dtype, &leaf_->storage->device(), {}});
}

TensorList AccumulateGrad::apply(const TensorList& grad_outputs) {
  const Tensor& g = grad_outputs[0];
  // A broadcast view (stride 0) must not become .grad: in-place updates of it
  // would write one element many times.
  Tensor incoming = g.is_contiguous() ? g : g.clone();
  if (!leaf_->grad) {
    leaf_->grad = incoming.impl_ptr();
  } else {
    leaf_->grad = (Tensor(leaf_->grad) + incoming).impl_ptr();
  }
  return {};
}

namespace autograd {

bool needs_grad(const TensorList& inputs) {
  if (!grad_enabled) return false;
  for (const auto& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

namespace {

Edge edge_of(const Tensor& t) {
  if (!t.defined() || !t.requires_grad()) return Edge{};
  TensorImpl* impl = t.impl();
  if (impl->grad_fn) return Edge{impl->grad_fn, impl->output_nr};
  return Edge{std::make_shared<AccumulateGrad>(t.impl_ptr()), 0};
}

}  // namespace

void record(const char* name, const TensorList& inputs, TensorList& outputs, BackwardFn backward) {
  if (!needs_grad(inputs)) return;
  std::vector<Edge> next;
  next.reserve(inputs.size());
  for (const auto& t : inputs) next.push_back(edge_of(t));
  auto node = std::make_shared<Node>(name, std::move(backward), std::move(next));
  for (size_t i = 0; i < outputs.size(); ++i) {
    TensorImpl* out = outputs[i].impl();
    node->outputs().push_back(OutputMeta{out->shape, out->dtype, &out->storage->device(), {}});
    if (!is_floating(out->dtype)) continue;
    out->requires_grad = true;
    out->grad_fn = node;
    out->output_nr = static_cast<int>(i);
  }
}

}  // namespace autograd

bool Tensor::requires_grad() const { return checked().requires_grad; }

Tensor& Tensor::requires_grad_(bool on) {
  AXON_CHECK(is_leaf(),
             "requires_grad_: you can only change requires_grad flags of leaf variables (this "
             "tensor was produced by {})",
             impl_->grad_fn ? impl_->grad_fn->name() : "?");
  AXON_CHECK(!on || is_floating(dtype()),
             "requires_grad_: only tensors of floating point dtype can require gradients, got {}",
             dtype_name(dtype()));
  impl_->requires_grad = on;
  return *this;
}

bool Tensor::is_leaf() const { return checked().grad_fn == nullptr; }
Tensor Tensor::grad() const { return Tensor(checked().grad); }

void Tensor::set_grad(const Tensor& grad) const {
  const_cast<TensorImpl&>(checked()).grad = grad.defined() ? grad.impl_ptr() : nullptr;
}

void Tensor::retain_grad() const {
  AXON_CHECK(requires_grad(),
             "retain_grad: can't retain_grad on a tensor that doesn't require grad");
  if (is_leaf()) return;
  impl_->grad_fn->outputs()[impl_->output_nr].retained = impl_;
}

std::shared_ptr<Node> Tensor::grad_fn() const { return checked().grad_fn; }

Tensor Tensor::detach() const {
  const TensorImpl& t = checked();
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = t.storage;
  impl->shape = t.shape;
  impl->strides = t.strides;
  impl->offset = t.offset;
  impl->dtype = t.dtype;
  return Tensor(impl);
}

void Tensor::backward(const Tensor& grad) const {
  AXON_CHECK(requires_grad(),
             "backward: element 0 of tensors does not require grad and does not have a grad_fn");
  Tensor g = grad;
  if (!g.defined()) {
    AXON_CHECK(numel() == 1,
               "backward: grad can be implicitly created only for scalar outputs, "
               "got shape {}",
               shape_str(shape()));
    g = ones_like(*this);
  }
  autograd::backward({*this}, {g});
}

}  // namespace axon
