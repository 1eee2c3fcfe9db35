// Adagrad, with lr decay, weight decay (L2, added to the gradient) and
// maximize, as torch.optim.Adagrad (1.13, single-tensor path, dense
// gradients). Per parameter, at step t:
//   g = ±grad + weight_decay * p
//   clr = lr / (1 + (t - 1) lr_decay)
//   sum += g^2;  p -= clr * g / (sqrt(sum) + eps)
// State: "step" (scalar), "sum" (starts at initial_accumulator_value).
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace {

using axon::OptionType;
using axon::Tensor;

struct Hyper {
  double lr, lr_decay, weight_decay, initial_accumulator_value, eps;
  bool maximize;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        lr_decay(o.get<double>("lr_decay")),
        weight_decay(o.get<double>("weight_decay")),
        initial_accumulator_value(o.get<double>("initial_accumulator_value")),
        eps(o.get<double>("eps")),
        maximize(o.get<bool>("maximize")) {}

  void check() const {
    AXON_CHECK(lr >= 0.0, "adagrad: invalid learning rate: {}", lr);
    AXON_CHECK(lr_decay >= 0.0, "adagrad: invalid lr_decay value: {}", lr_decay);
    AXON_CHECK(weight_decay >= 0.0, "adagrad: invalid weight_decay value: {}", weight_decay);
    AXON_CHECK(initial_accumulator_value >= 0.0,
               "adagrad: invalid initial_accumulator_value value: {}", initial_accumulator_value);
    AXON_CHECK(eps >= 0.0, "adagrad: invalid epsilon value: {}", eps);
  }
};

class Adagrad : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1e-2, "learning rate"},
        {"lr_decay", OptionType::number, 0.0, "learning rate decay"},
        {"weight_decay", OptionType::number, 0.0, "weight decay (L2 penalty)"},
        {"initial_accumulator_value", OptionType::number, 0.0,
         "initial value of the sum of squared gradients"},
        {"eps", OptionType::number, 1e-10, "term added to the denominator"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit Adagrad(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "Adagrad") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& sum = axon::optimizers::state_tensor(s, "sum", param, h.initial_accumulator_value);
    double step = s.scalars["step"] += 1.0;

    Tensor grad = h.maximize ? axon::neg(param.grad()) : param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    double clr = h.lr / (1.0 + (step - 1.0) * h.lr_decay);
    sum.addcmul_(grad, grad, 1.0);
    Tensor std = axon::sqrt(sum);
    std.add_(h.eps);
    param.addcdiv_(grad, std, -clr);
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("adagrad", Adagrad, "Adagrad with lr decay (PyTorch 1.13)");
