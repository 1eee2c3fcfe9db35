// The Adam update shared by adam and adamw (torch.optim.Adam / AdamW, 1.13,
// single-tensor path); they differ only in how weight decay is applied.
// Per parameter, at step t:
//   adam:  g = ±grad + weight_decay * p          (L2, coupled)
//   adamw: p *= 1 - lr * weight_decay; g = ±grad (decoupled)
//   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   v_max = max(v_max, v) with amsgrad, and v_max replaces v below
//   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// eps is outside the square root. State: "step" (scalar), "exp_avg",
// "exp_avg_sq", "max_exp_avg_sq" (with amsgrad).
#pragma once

#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/optimizer.h>

#include <cmath>
#include <vector>

#include "check_betas.h"
#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace axon::optimizers {

// Templated on the variant only so that check() names it in errors.
template <bool kDecoupledWeightDecay>
struct AdamHyper : BetasHyper {
  static constexpr const char* kName = kDecoupledWeightDecay ? "adamw" : "adam";

  bool amsgrad, maximize;

  explicit AdamHyper(const Options& o)
      : BetasHyper(o), amsgrad(o.get<bool>("amsgrad")), maximize(o.get<bool>("maximize")) {}

  void check() const { BetasHyper::check(kName); }
};

// The options of both; only weight_decay's default and meaning differ.
inline OptionSchema adam_options(double weight_decay, const char* weight_decay_help) {
  return betas_options(1e-3, weight_decay, weight_decay_help)
      .add("amsgrad", OptionType::boolean, false, "use the AMSGrad variant")
      .add("maximize", OptionType::boolean, false, "maximize the objective instead of minimizing");
}

template <bool kDecoupledWeightDecay>
class AdamVariant : public PerParamOptimizer<AdamHyper<kDecoupledWeightDecay>> {
 public:
  using Hyper = AdamHyper<kDecoupledWeightDecay>;

  // title: PyTorch's class name ("AdamW").
  AdamVariant(std::vector<ParamGroup> groups, const char* title)
      : PerParamOptimizer<Hyper>(std::move(groups), title) {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    ParamState& s = this->state(param);
    Tensor& exp_avg = state_tensor(s, "exp_avg", param);
    Tensor& exp_avg_sq = state_tensor(s, "exp_avg_sq", param);
    double step = s.scalars["step"] += 1.0;
    double beta1 = h.betas[0], beta2 = h.betas[1];

    Tensor grad = h.maximize ? neg(param.grad()) : param.grad();
    if (kDecoupledWeightDecay) {
      param.mul_(1.0 - h.lr * h.weight_decay);
    } else if (h.weight_decay != 0.0) {
      grad = add(grad, param, h.weight_decay);
    }
    exp_avg.mul_(beta1).add_(grad, 1.0 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1.0 - beta2);

    double step_size = h.lr / (1.0 - std::pow(beta1, step));
    double bias_correction2_sqrt = std::sqrt(1.0 - std::pow(beta2, step));
    Tensor second = exp_avg_sq;
    if (h.amsgrad) {
      Tensor& max_sq = state_tensor(s, "max_exp_avg_sq", param);
      max_sq.copy_(maximum(max_sq, exp_avg_sq));
      second = max_sq;
    }
    Tensor denom = sqrt(second);
    denom.div_(bias_correction2_sqrt).add_(h.eps);
    param.addcdiv_(exp_avg, denom, -step_size);
  }
};

}  // namespace axon::optimizers
