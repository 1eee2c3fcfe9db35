// Rprop, resilient backpropagation, with maximize, as torch.optim.Rprop (1.13,
// single-tensor path). Only the sign of the gradient is used; each element
// has its own step size. Per parameter:
//   g = ±grad;  s = sign(g * prev)
//   step_size = clamp(step_size * (s > 0 ? etaplus : s < 0 ? etaminus : 1),
//                     step_size_min, step_size_max)
//   g = 0 where s < 0  (the sign flipped: no move now, and no adaptation next)
//   p -= sign(g) * step_size;  prev = g
// step_size starts at the group's lr on the first step; later changes of lr
// have no effect, as in PyTorch. State: "step" (scalar), "prev", "step_size".
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "check_pair.h"
#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::optimizers::state_tensor;

struct Hyper {
  double lr;
  std::vector<double> etas, step_sizes;
  bool maximize;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        etas(o.get<std::vector<double>>("etas")),
        step_sizes(o.get<std::vector<double>>("step_sizes")),
        maximize(o.get<bool>("maximize")) {}

  void check() const {
    AXON_CHECK(lr >= 0.0, "rprop: invalid learning rate: {}", lr);
    axon::optimizers::check_pair("rprop", "etas", etas, "etaminus, etaplus");
    AXON_CHECK(0.0 < etas[0] && etas[0] < 1.0 && 1.0 < etas[1], "rprop: invalid eta values: {}, {}",
               etas[0], etas[1]);
    axon::optimizers::check_pair("rprop", "step_sizes", step_sizes, "step_size_min, step_size_max");
  }
};

class Rprop : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1e-2, "learning rate (the initial step size)"},
        {"etas", OptionType::number_list, std::vector<double>{0.5, 1.2},
         "(etaminus, etaplus): factors that shrink and grow the step sizes"},
        {"step_sizes", OptionType::number_list, std::vector<double>{1e-6, 50.0},
         "(step_size_min, step_size_max): bounds of the step sizes"},
        {"maximize", OptionType::boolean, false, "maximize the objective instead of minimizing"},
    };
  }

  explicit Rprop(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "Rprop") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& prev = state_tensor(s, "prev", param);
    Tensor& step_size = state_tensor(s, "step_size", param, h.lr);
    s.scalars["step"] += 1.0;

    Tensor grad = h.maximize ? axon::neg(param.grad()) : param.grad();
    // sign is 0 where either gradient is 0 (or NaN, as PyTorch's sign gives):
    // the step size stays.
    Tensor sign = axon::sign(axon::mul(grad, prev));
    Tensor flipped = axon::lt(sign, 0.0);
    Tensor factor = axon::masked_fill(sign, axon::gt(sign, 0.0), h.etas[1]);
    factor = axon::masked_fill(factor, flipped, h.etas[0]);
    factor = axon::masked_fill(factor, axon::eq(sign, 0.0), 1.0);
    step_size.mul_(factor).clamp_(h.step_sizes[0], h.step_sizes[1]);

    grad = axon::masked_fill(grad, flipped, 0.0);
    param.addcmul_(axon::sign(grad), step_size, -1.0);
    prev.copy_(grad);
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("rprop", Rprop, "resilient backpropagation (PyTorch 1.13)");
