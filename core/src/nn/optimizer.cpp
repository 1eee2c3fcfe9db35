#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/optimizer.h>

#include <set>

namespace axon {

Optimizer::Optimizer(std::vector<ParamGroup> groups) : groups_(std::move(groups)) {
  AXON_CHECK(!groups_.empty(), "optimizer got an empty parameter list");
  std::set<const TensorImpl*> seen;
  for (const auto& group : groups_)
    for (const auto& p : group.params) {
      AXON_CHECK(p.defined() && p.is_leaf(), "can't optimize a non-leaf Tensor");
      AXON_CHECK(seen.insert(p.impl()).second,
                 "some parameters appear in more than one parameter group");
    }
}

Optimizer::~Optimizer() = default;

Tensor Optimizer::step(const Closure& closure) {
  Tensor loss;
  {
    EnableGradGuard enable_grad;
    loss = closure();
  }
  step();
  return loss;
}

void Optimizer::zero_grad(bool set_to_none) {
  NoGradGuard no_grad;
  for (auto& group : groups_)
    for (auto& p : group.params) {
      if (set_to_none) {
        p.set_grad(Tensor());
      } else if (p.grad().defined()) {
        p.grad().zero_();
      }
    }
}

ParamState& Optimizer::state(const Tensor& param) { return state_[param.impl()]; }

double Optimizer::l1_of(const ParamGroup& group) {
  if (!group.options.is_set("l1")) return 0.0;
  double l1 = group.options.get<double>("l1");
  AXON_CHECK(l1 >= 0.0, "optimizer: invalid l1 value: {}", l1);
  return l1;
}

Tensor Optimizer::with_l1(const Tensor& grad, const Tensor& param, double l1) {
  return add(grad, mul(sign(param), l1));
}

namespace {

// Numbers, booleans and lists of numbers as f64 tensors; strings and None are not state.
std::optional<Tensor> option_tensor(const OptionValue& value) {
  if (auto* b = std::get_if<bool>(&value)) return scalar_tensor(*b ? 1.0 : 0.0, DType::f64);
  if (auto* i = std::get_if<int64_t>(&value))
    return scalar_tensor(static_cast<double>(*i), DType::f64);
  if (auto* d = std::get_if<double>(&value)) return scalar_tensor(*d, DType::f64);
  if (auto* v = std::get_if<std::vector<double>>(&value))
    return from_vector(*v, {static_cast<int64_t>(v->size())});
  return std::nullopt;
}

OptionValue option_from_tensor(const OptionValue& like, const Tensor& t) {
  if (std::holds_alternative<bool>(like)) return t.item<double>() != 0.0;
  if (std::holds_alternative<int64_t>(like)) return static_cast<int64_t>(t.item<double>());
  if (std::holds_alternative<std::vector<double>>(like)) return t.to_vector<double>();
  return t.item<double>();
}

}  // namespace

StateDict Optimizer::state_dict() const {
  StateDict out;
  int64_t index = 0;
  for (size_t g = 0; g < groups_.size(); ++g) {
    for (const auto& [key, value] : groups_[g].options.items())
      if (auto t = option_tensor(value)) out.insert(fmt::format("param_groups.{}.{}", g, key), *t);
    for (const auto& p : groups_[g].params) {
      auto it = state_.find(p.impl());
      if (it != state_.end()) {
        for (const auto& [name, t] : it->second.tensors)
          out.insert(fmt::format("state.{}.{}", index, name), t.detach());
        for (const auto& [name, v] : it->second.scalars)
          out.insert(fmt::format("state.{}.{}", index, name), scalar_tensor(v, DType::f64));
      }
      ++index;
    }
  }
  return out;
}

void Optimizer::load_state_dict(const StateDict& state) {
  int64_t index = 0;
  for (size_t g = 0; g < groups_.size(); ++g) {
    for (const auto& [key, value] : groups_[g].options.items())
      if (const Tensor* t = state.find(fmt::format("param_groups.{}.{}", g, key)))
        groups_[g].options.set(key, option_from_tensor(value, *t));
    for (const auto& p : groups_[g].params) {
      std::string prefix = fmt::format("state.{}.", index++);
      ParamState loaded;
      for (const auto& [name, t] : state) {
        if (name.rfind(prefix, 0) != 0) continue;
        std::string key = name.substr(prefix.size());
        if (t.dim() == 0 && t.dtype() == DType::f64)
          loaded.scalars[key] = t.item<double>();
        else
          loaded.tensors[key] = t.to(p.device()).to(p.dtype()).clone();
      }
      if (!loaded.empty()) state_[p.impl()] = std::move(loaded);
    }
  }
}

void Optimizer::to(Device& device) {
  NoGradGuard no_grad;
  for (auto& [param, st] : state_)
    for (auto& [name, t] : st.tensors) t = t.to(device);
}

}  // namespace axon
