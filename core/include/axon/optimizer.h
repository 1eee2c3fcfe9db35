// The Optimizer interface: parameter groups with their own options (lr,
// weight_decay, ...), step(), step(closure) for methods that re-evaluate the
// loss, zero_grad(), per-parameter state, a state dict, and to(device).
#pragma once

#include <axon/autograd.h>
#include <axon/options.h>
#include <axon/state_dict.h>
#include <axon/tensor.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace axon {

struct ParamGroup {
  TensorList params;
  Options options;  // overrides of the optimizer's defaults for this group
};

// Per-parameter state: named tensors (exp_avg, momentum_buffer, ...) and
// named scalars (step).
struct ParamState {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, double> scalars;
  bool empty() const { return tensors.empty() && scalars.empty(); }
};

using Closure = std::function<Tensor()>;

class Optimizer {
 public:
  // groups' options must already be complete (the registry fills them from
  // the defaults and the schema).
  explicit Optimizer(std::vector<ParamGroup> groups);
  virtual ~Optimizer();
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  virtual void step() = 0;
  // Re-evaluates the loss with `closure` (with grad enabled) as the method
  // needs; returns the loss of the first evaluation. By default: closure(), step().
  virtual Tensor step(const Closure& closure);
  void zero_grad(bool set_to_none = true);

  std::vector<ParamGroup>& param_groups() { return groups_; }
  const std::vector<ParamGroup>& param_groups() const { return groups_; }
  ParamState& state(const Tensor& param);
  const std::unordered_map<const TensorImpl*, ParamState>& states() const { return state_; }

  // PyTorch's layout: "state.<param index>.<name>" for tensors; scalars as
  // 0-dim f64 tensors; group options under "param_groups.<i>.<option>".
  StateDict state_dict() const;
  void load_state_dict(const StateDict& state);
  // Moves every state tensor to the device.
  void to(Device& device);
  virtual std::string describe() const = 0;

 protected:
  // The loop of every step(): calls update(param, hyper) for each parameter
  // that has a gradient, under NoGradGuard. Hyper is built from the group's
  // options at every step, so that a scheduler's change of lr takes effect.
  // The group's "l1" option (the course's L1 regularization, which the
  // registry gives every optimizer) is applied here for all of them: the
  // update sees grad + l1 * sign(p), and .grad is left as it was.
  template <class Hyper, class Update>
  void update_params(Update&& update) {
    NoGradGuard no_grad;
    for (auto& group : groups_) {
      Hyper hyper(group.options);
      double l1 = l1_of(group);
      for (auto& param : group.params) {
        Tensor grad = param.grad();
        if (!grad.defined()) continue;
        if (l1 != 0.0) param.set_grad(with_l1(grad, param, l1));
        update(param, hyper);
        param.set_grad(grad);
      }
    }
  }

 private:
  static double l1_of(const ParamGroup& group);
  static Tensor with_l1(const Tensor& grad, const Tensor& param, double l1);

  std::vector<ParamGroup> groups_;
  std::unordered_map<const TensorImpl*, ParamState> state_;
};

using OptimizerPtr = std::shared_ptr<Optimizer>;

}  // namespace axon
