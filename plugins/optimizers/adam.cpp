// Adam, with optional AMSGrad, weight decay (L2, added to the gradient) and
// maximize, as torch.optim.Adam (1.13, single-tensor path). Per parameter, at step t:
//   g = ±grad + weight_decay * p
//   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   v_max = max(v_max, v) with amsgrad, and v_max replaces v below
//   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// eps is outside the square root. State: "step" (scalar), "exp_avg",
// "exp_avg_sq", "max_exp_avg_sq" (with amsgrad).
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

#include "check_betas.h"
#include "describe_groups.h"
#include "state_tensor.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::optimizers::state_tensor;

struct Hyper {
  double lr;
  std::vector<double> betas;
  double eps, weight_decay;
  bool amsgrad, maximize;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        betas(o.get<std::vector<double>>("betas")),
        eps(o.get<double>("eps")),
        weight_decay(o.get<double>("weight_decay")),
        amsgrad(o.get<bool>("amsgrad")),
        maximize(o.get<bool>("maximize")) {}

  void check() const {
    AXON_CHECK(lr >= 0.0, "adam: invalid learning rate: {}", lr);
    AXON_CHECK(eps >= 0.0, "adam: invalid epsilon value: {}", eps);
    axon::optimizers::check_betas("adam", betas);
    AXON_CHECK(weight_decay >= 0.0, "adam: invalid weight_decay value: {}", weight_decay);
  }
};

class Adam : public axon::Optimizer {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1e-3, "learning rate"},
        {"betas", OptionType::number_list, std::vector<double>{0.9, 0.999},
         "coefficients of the running averages of the gradient and its square"},
        {"eps", OptionType::number, 1e-8, "term added to the denominator (outside the sqrt)"},
        {"weight_decay", OptionType::number, 0.0, "weight decay (L2 penalty)"},
        {"amsgrad", OptionType::boolean, false, "use the AMSGrad variant"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit Adam(std::vector<axon::ParamGroup> groups) : Optimizer(std::move(groups)) {
    for (const auto& group : param_groups()) Hyper(group.options).check();
  }

  void step() override {
    update_params<Hyper>([this](Tensor& param, const Hyper& h) { update(param, h); });
  }

  std::string describe() const override {
    return axon::optimizers::describe_groups("Adam", param_groups());
  }

 private:
  void update(Tensor& param, const Hyper& h) {
    axon::ParamState& s = state(param);
    Tensor& exp_avg = state_tensor(s, "exp_avg", param);
    Tensor& exp_avg_sq = state_tensor(s, "exp_avg_sq", param);
    double step = s.scalars["step"] += 1.0;
    double beta1 = h.betas[0], beta2 = h.betas[1];

    Tensor grad = h.maximize ? axon::neg(param.grad()) : param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    exp_avg.mul_(beta1).add_(grad, 1.0 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1.0 - beta2);

    double step_size = h.lr / (1.0 - std::pow(beta1, step));
    double bias_correction2_sqrt = std::sqrt(1.0 - std::pow(beta2, step));
    Tensor second = exp_avg_sq;
    if (h.amsgrad) {
      Tensor& max_sq = state_tensor(s, "max_exp_avg_sq", param);
      max_sq.copy_(axon::maximum(max_sq, exp_avg_sq));
      second = max_sq;
    }
    Tensor denom = axon::sqrt(second);
    denom.div_(bias_correction2_sqrt).add_(h.eps);
    param.addcdiv_(exp_avg, denom, -step_size);
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("adam", Adam, "Adam / AMSGrad (PyTorch 1.13), eps outside the sqrt");
