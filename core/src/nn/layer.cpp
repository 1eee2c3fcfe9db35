#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/layer.h>

#include <set>

namespace axon {

Layer::~Layer() = default;
Container::~Container() = default;

Tensor Layer::forward(const Tensor&) {
  AXON_CHECK(false, "{}: this layer takes a list of tensors; call forward(TensorList)", describe());
  return {};
}

TensorList Layer::forward(const TensorList& inputs) {
  AXON_CHECK(inputs.size() == 1, "{}: expected 1 input tensor, got {}", describe(), inputs.size());
  return {forward(inputs[0])};
}

std::string Layer::to_string(int indent) const {
  if (children_.empty()) return describe();
  std::string pad(indent + 2, ' ');
  std::string out = describe() + "(\n";
  for (const auto& [name, child] : children_)
    out += fmt::format("{}({}): {}\n", pad, name, child->to_string(indent + 2));
  return out + std::string(indent, ' ') + ")";
}

void Layer::collect(const std::string& prefix, bool recurse, bool buffers,
                    std::vector<std::pair<std::string, Tensor>>& out) const {
  for (const auto& [name, t] : buffers ? buffers_ : parameters_) out.emplace_back(prefix + name, t);
  if (!recurse) return;
  for (const auto& [name, child] : children_)
    child->collect(prefix + name + ".", true, buffers, out);
}

std::vector<std::pair<std::string, Tensor>> Layer::named_parameters(bool recurse) const {
  std::vector<std::pair<std::string, Tensor>> out;
  collect("", recurse, false, out);
  return out;
}

TensorList Layer::parameters(bool recurse) const {
  TensorList out;
  for (auto& [name, t] : named_parameters(recurse)) out.push_back(t);
  return out;
}

std::vector<std::pair<std::string, Tensor>> Layer::named_buffers(bool recurse) const {
  std::vector<std::pair<std::string, Tensor>> out;
  collect("", recurse, true, out);
  return out;
}

int64_t Layer::num_parameters() const {
  int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

void Layer::train(bool on) {
  training_ = on;
  for (auto& [name, child] : children_) child->train(on);
}

void Layer::to(Device& device) {
  NoGradGuard no_grad;
  for (const auto& group : {named_parameters(), named_buffers()})
    for (const auto& [name, t] : group) {
      t.set_data(t.detach().to(device));
      if (t.grad().defined()) t.set_grad(t.grad().to(device));
    }
}

void Layer::to(std::string_view device) { to(axon::device(device)); }

void Layer::zero_grad() {
  for (const auto& p : parameters()) p.set_grad(Tensor());
}

StateDict Layer::state_dict() const {
  StateDict out;
  for (const auto& [name, t] : named_parameters()) out.insert(name, t.detach());
  for (const auto& [name, t] : named_buffers()) out.insert(name, t.detach());
  return out;
}

void Layer::load_state_dict(const StateDict& state, bool strict) {
  std::vector<std::pair<std::string, Tensor>> own = named_parameters();
  for (const auto& b : named_buffers()) own.push_back(b);
  std::vector<std::string> errors, missing, unexpected;
  std::set<std::string> known;
  for (const auto& [name, t] : own) {
    known.insert(name);
    const Tensor* value = state.find(name);
    if (!value) {
      missing.push_back(fmt::format("\"{}\"", name));
      continue;
    }
    if (value->shape() != t.shape())
      errors.push_back(fmt::format(
          "size mismatch for {}: copying a param with shape {} from checkpoint, the shape in "
          "current model is {}.",
          name, shape_str(value->shape()), shape_str(t.shape())));
  }
  for (const auto& [name, t] : state)
    if (!known.count(name)) unexpected.push_back(fmt::format("\"{}\"", name));
  if (strict && !missing.empty())
    errors.insert(errors.begin(),
                  fmt::format("Missing key(s) in state_dict: {}.", fmt::join(missing, ", ")));
  if (strict && !unexpected.empty())
    errors.push_back(
        fmt::format("Unexpected key(s) in state_dict: {}.", fmt::join(unexpected, ", ")));
  AXON_CHECK(errors.empty(), "Error(s) in loading state_dict for {}:\n\t{}", describe(),
             fmt::join(errors, "\n\t"));
  NoGradGuard no_grad;
  for (auto& [name, t] : own)
    if (const Tensor* value = state.find(name)) const_cast<Tensor&>(t).copy_(*value);
}

Tensor Layer::register_parameter(const std::string& name, Tensor tensor, bool requires_grad) {
  if (tensor.defined()) tensor.requires_grad_(requires_grad);
  parameters_.emplace_back(name, tensor);
  return tensor;
}

Tensor Layer::register_buffer(const std::string& name, Tensor tensor) {
  buffers_.emplace_back(name, tensor);
  return tensor;
}

LayerPtr Layer::register_child(const std::string& name, LayerPtr child) {
  AXON_CHECK(child != nullptr, "register_child: child '{}' is null", name);
  children_.emplace_back(name, child);
  return child;
}

}  // namespace axon
