// Adadelta, with weight decay (L2, added to the gradient) and maximize, as
// torch.optim.Adadelta (1.13, single-tensor path). Per parameter:
//   g = ±grad + weight_decay * p
//   square_avg = rho square_avg + (1 - rho) g^2
//   delta = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g
//   acc_delta = rho acc_delta + (1 - rho) delta^2
//   p -= lr * delta
// State: "square_avg", "acc_delta".
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
  double lr, rho, eps, weight_decay;
  bool maximize;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        rho(o.get<double>("rho")),
        eps(o.get<double>("eps")),
        weight_decay(o.get<double>("weight_decay")),
        maximize(o.get<bool>("maximize")) {}

  void check() const {
    AXON_CHECK(lr >= 0.0, "adadelta: invalid learning rate: {}", lr);
    AXON_CHECK(rho >= 0.0 && rho <= 1.0, "adadelta: invalid rho value: {}", rho);
    AXON_CHECK(eps >= 0.0, "adadelta: invalid epsilon value: {}", eps);
    AXON_CHECK(weight_decay >= 0.0, "adadelta: invalid weight_decay value: {}", weight_decay);
  }
};

class Adadelta : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1.0, "coefficient that scales delta before it is applied"},
        {"rho", OptionType::number, 0.9, "coefficient of the running averages"},
        {"eps", OptionType::number, 1e-6, "term added inside the square roots"},
        {"weight_decay", OptionType::number, 0.0, "weight decay (L2 penalty)"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit Adadelta(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "Adadelta") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& square_avg = state_tensor(s, "square_avg", param);
    Tensor& acc_delta = state_tensor(s, "acc_delta", param);

    Tensor grad = h.maximize ? axon::neg(param.grad()) : param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    square_avg.mul_(h.rho).addcmul_(grad, grad, 1.0 - h.rho);
    Tensor std = axon::sqrt(axon::add(square_avg, h.eps));
    Tensor delta = axon::sqrt(axon::add(acc_delta, h.eps));
    delta.div_(std).mul_(grad);
    acc_delta.mul_(h.rho).addcmul_(delta, delta, 1.0 - h.rho);
    param.add_(delta, -h.lr);
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("adadelta", Adadelta, "Adadelta (PyTorch 1.13)");
