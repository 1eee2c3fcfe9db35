// Adamax: Adam with the infinity norm, with weight decay (L2, added to the
// gradient) and maximize, as torch.optim.Adamax (1.13, single-tensor path).
// Per parameter, at step t:
//   g = ±grad + weight_decay * p
//   m = beta1 m + (1 - beta1) g;  u = max(beta2 u, |g| + eps)
//   p -= lr / (1 - beta1^t) * m / u
// State: "step" (scalar), "exp_avg", "exp_inf".
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

#include "check_betas.h"
#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::optimizers::state_tensor;

struct Hyper : axon::optimizers::BetasHyper {
  bool maximize;

  explicit Hyper(const axon::Options& o) : BetasHyper(o), maximize(o.get<bool>("maximize")) {}
  void check() const { BetasHyper::check("adamax"); }
};

class Adamax : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 2e-3, "learning rate"},
        {"betas", OptionType::number_list, std::vector<double>{0.9, 0.999},
         "coefficients of the running average of the gradient and of the infinity norm"},
        {"eps", OptionType::number, 1e-8, "term added to the infinity norm"},
        {"weight_decay", OptionType::number, 0.0, "weight decay (L2 penalty)"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit Adamax(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "Adamax") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& exp_avg = state_tensor(s, "exp_avg", param);
    Tensor& exp_inf = state_tensor(s, "exp_inf", param);
    double step = s.scalars["step"] += 1.0;
    double beta1 = h.betas[0], beta2 = h.betas[1];

    Tensor grad = h.maximize ? axon::neg(param.grad()) : param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    exp_avg.mul_(beta1).add_(grad, 1.0 - beta1);
    exp_inf.mul_(beta2);
    exp_inf.copy_(axon::maximum(exp_inf, axon::add(axon::abs(grad), h.eps)));
    double clr = h.lr / (1.0 - std::pow(beta1, step));
    param.addcdiv_(exp_avg, exp_inf, -clr);
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("adamax", Adamax, "Adamax, Adam with the infinity norm (PyTorch 1.13)");
