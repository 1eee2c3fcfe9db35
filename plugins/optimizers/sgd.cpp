// SGD with optional momentum, dampening, Nesterov momentum, weight decay and
// maximize, as torch.optim.SGD (1.13, single-tensor path). Per parameter:
//   d = ±grad + weight_decay * p
//   buf = d on the first step, else momentum * buf + (1 - dampening) * d
//   d = nesterov ? d + momentum * buf : buf          (when momentum != 0)
//   p -= lr * d
// State: "momentum_buffer" (only with momentum).
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "per_param_optimizer.h"

namespace {

using axon::OptionType;
using axon::Tensor;

struct Hyper {
  double lr, momentum, dampening, weight_decay;
  bool nesterov, maximize;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        momentum(o.get<double>("momentum")),
        dampening(o.get<double>("dampening")),
        weight_decay(o.get<double>("weight_decay")),
        nesterov(o.get<bool>("nesterov")),
        maximize(o.get<bool>("maximize")) {}

  void check() const {
    AXON_CHECK(lr >= 0.0, "sgd: invalid learning rate: {}", lr);
    AXON_CHECK(momentum >= 0.0, "sgd: invalid momentum value: {}", momentum);
    AXON_CHECK(weight_decay >= 0.0, "sgd: invalid weight_decay value: {}", weight_decay);
    AXON_CHECK(!nesterov || (momentum > 0.0 && dampening == 0.0),
               "sgd: Nesterov momentum requires a momentum and zero dampening (got momentum={}, "
               "dampening={})",
               momentum, dampening);
  }
};

class SGD : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1e-3, "learning rate"},
        {"momentum", OptionType::number, 0.0, "momentum factor"},
        {"dampening", OptionType::number, 0.0, "dampening for momentum"},
        {"weight_decay", OptionType::number, 0.0, "weight decay (L2 penalty)"},
        {"nesterov", OptionType::boolean, false, "enables Nesterov momentum"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit SGD(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "SGD") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    Tensor d = h.maximize ? axon::neg(param.grad()) : param.grad();
    if (h.weight_decay != 0.0) d = axon::add(d, param, h.weight_decay);
    if (h.momentum != 0.0) {
      auto& tensors = state(param).tensors;
      auto found = tensors.find("momentum_buffer");
      if (found == tensors.end()) {
        // PyTorch's first step: the buffer is d itself, without dampening.
        found = tensors.emplace("momentum_buffer", d.clone()).first;
      } else {
        found->second.mul_(h.momentum).add_(d, 1.0 - h.dampening);
      }
      d = h.nesterov ? axon::add(d, found->second, h.momentum) : found->second;
    }
    param.add_(d, -h.lr);
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("sgd", SGD, "stochastic gradient descent with momentum (PyTorch 1.13)");
