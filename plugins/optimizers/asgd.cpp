// ASGD, averaged stochastic gradient descent, with weight decay (L2, added to
// the gradient) and maximize, as torch.optim.ASGD (1.13, single-tensor path).
// Per parameter, at step t, with eta and mu from the previous step (lr and 1
// at the first):
//   g = ±grad + weight_decay * p
//   p *= 1 - lambd eta;  p -= eta g
//   ax = p while mu is 1, else ax += mu (p - ax)
//   eta = lr / (1 + lambd lr t)^alpha;  mu = 1 / max(1, t - t0)
// PyTorch 1.13 keeps eta and mu as float32 tensors and reads them back with
// item(), so the update uses their float32 roundings; the scalars here are
// stored rounded likewise. State: "step", "eta", "mu" (scalars), "ax".
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <algorithm>
#include <cmath>

#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace {

using axon::OptionType;
using axon::Tensor;

struct Hyper {
  double lr, lambd, alpha, t0, weight_decay;
  bool maximize;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        lambd(o.get<double>("lambd")),
        alpha(o.get<double>("alpha")),
        t0(o.get<double>("t0")),
        weight_decay(o.get<double>("weight_decay")),
        maximize(o.get<bool>("maximize")) {}

  // PyTorch checks only these two.
  void check() const {
    AXON_CHECK(lr >= 0.0, "asgd: invalid learning rate: {}", lr);
    AXON_CHECK(weight_decay >= 0.0, "asgd: invalid weight_decay value: {}", weight_decay);
  }
};

// A value as PyTorch's float32 0-dim state tensor holds it.
double as_float32(double value) { return static_cast<float>(value); }

class ASGD : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1e-2, "learning rate"},
        {"lambd", OptionType::number, 1e-4, "decay term"},
        {"alpha", OptionType::number, 0.75, "power for the eta update"},
        {"t0", OptionType::number, 1e6, "step at which averaging starts"},
        {"weight_decay", OptionType::number, 0.0, "weight decay (L2 penalty)"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit ASGD(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "ASGD") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& ax = axon::optimizers::state_tensor(s, "ax", param);
    double& eta = s.scalars.try_emplace("eta", as_float32(h.lr)).first->second;
    double& mu = s.scalars.try_emplace("mu", 1.0).first->second;
    double step = s.scalars["step"] += 1.0;

    Tensor grad = h.maximize ? axon::neg(param.grad()) : param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    param.mul_(1.0 - h.lambd * eta);
    param.add_(grad, -eta);
    if (mu != 1.0)
      ax.add_(axon::mul(axon::sub(param, ax), mu));
    else
      ax.copy_(param);
    eta = as_float32(h.lr / std::pow(1.0 + h.lambd * h.lr * step, h.alpha));
    mu = as_float32(1.0 / std::max(1.0, step - h.t0));
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("asgd", ASGD, "averaged stochastic gradient descent (PyTorch 1.13)");
