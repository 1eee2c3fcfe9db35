// RMSprop, with momentum, the centered variant, weight decay (L2, added to the
// gradient) and maximize, as torch.optim.RMSprop (1.13, single-tensor path):
//   g = ±grad + weight_decay * p
//   square_avg = alpha square_avg + (1 - alpha) g^2
//   avg = sqrt(square_avg - grad_avg^2) + eps, with centered
//         (grad_avg = alpha grad_avg + (1 - alpha) g), else sqrt(square_avg) + eps
//   buf = momentum buf + g / avg;  p -= lr * buf    (momentum > 0)
//   p -= lr * g / avg                                (otherwise)
// State: "step" (scalar), "square_avg", "momentum_buffer", "grad_avg".
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::optimizers::state_tensor;

struct Hyper {
  double lr, alpha, eps, weight_decay, momentum;
  bool centered, maximize;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        alpha(o.get<double>("alpha")),
        eps(o.get<double>("eps")),
        weight_decay(o.get<double>("weight_decay")),
        momentum(o.get<double>("momentum")),
        centered(o.get<bool>("centered")),
        maximize(o.get<bool>("maximize")) {}

  void check() const {
    AXON_CHECK(lr >= 0.0, "rmsprop: invalid learning rate: {}", lr);
    AXON_CHECK(eps >= 0.0, "rmsprop: invalid epsilon value: {}", eps);
    AXON_CHECK(momentum >= 0.0, "rmsprop: invalid momentum value: {}", momentum);
    AXON_CHECK(weight_decay >= 0.0, "rmsprop: invalid weight_decay value: {}", weight_decay);
    AXON_CHECK(alpha >= 0.0, "rmsprop: invalid alpha value: {}", alpha);
  }
};

class RMSprop : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1e-2, "learning rate"},
        {"alpha", OptionType::number, 0.99, "smoothing constant"},
        {"eps", OptionType::number, 1e-8, "term added to the denominator"},
        {"weight_decay", OptionType::number, 0.0, "weight decay (L2 penalty)"},
        {"momentum", OptionType::number, 0.0, "momentum factor"},
        {"centered", OptionType::boolean, false,
         "normalize by the estimated variance of the gradient"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit RMSprop(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "RMSprop") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& square_avg = state_tensor(s, "square_avg", param);
    s.scalars["step"] += 1.0;

    Tensor grad = h.maximize ? axon::neg(param.grad()) : param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    square_avg.mul_(h.alpha).addcmul_(grad, grad, 1.0 - h.alpha);
    Tensor avg;
    if (h.centered) {
      Tensor& grad_avg = state_tensor(s, "grad_avg", param);
      grad_avg.mul_(h.alpha).add_(grad, 1.0 - h.alpha);
      avg = axon::sqrt(axon::sub(square_avg, axon::square(grad_avg)));
    } else {
      avg = axon::sqrt(square_avg);
    }
    avg.add_(h.eps);
    if (h.momentum > 0.0) {
      Tensor& buf = state_tensor(s, "momentum_buffer", param);
      buf.mul_(h.momentum).addcdiv_(grad, avg);
      param.add_(buf, -h.lr);
    } else {
      param.addcdiv_(grad, avg, -h.lr);
    }
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("rmsprop", RMSprop, "RMSprop, optionally centered (PyTorch 1.13)");
