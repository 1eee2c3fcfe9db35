// Lion (EvoLved Sign Momentum, Chen et al. 2023), as lion-pytorch. Per
// parameter, with decoupled weight decay:
//   p *= 1 - lr * weight_decay
//   p -= lr * sign(beta1 m + (1 - beta1) g)
//   m = beta2 m + (1 - beta2) g
// State: "exp_avg" (m). Built out of tree against axon's public headers only.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/optimizer.h>
#include <axon/plugin.h>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace {

using axon::OptionType;
using axon::Tensor;

struct Hyper {
  double lr;
  std::vector<double> betas;
  double weight_decay;

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        betas(o.get<std::vector<double>>("betas")),
        weight_decay(o.get<double>("weight_decay")) {}

  void check() const {
    AXON_CHECK(lr >= 0.0, "lion: invalid learning rate: {}", lr);
    AXON_CHECK(betas.size() == 2, "lion: expected betas of 2 values (beta1, beta2), got {}", betas);
    for (size_t i = 0; i < 2; ++i) {
      AXON_CHECK(betas[i] >= 0.0 && betas[i] <= 1.0, "lion: invalid beta parameter at index {}: {}",
                 i, betas[i]);
    }
    AXON_CHECK(weight_decay >= 0.0, "lion: invalid weight_decay value: {}", weight_decay);
  }
};

class Lion : public axon::Optimizer {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1e-4, "learning rate (3-10x smaller than AdamW's)"},
        {"betas", OptionType::number_list, std::vector<double>{0.9, 0.99},
         "interpolation of the update direction (beta1) and of the momentum (beta2)"},
        {"weight_decay", OptionType::number, 0.0, "decoupled weight decay"},
    };
  }

  explicit Lion(std::vector<axon::ParamGroup> groups) : Optimizer(std::move(groups)) {
    for (const auto& group : param_groups()) Hyper(group.options).check();
  }

  void step() override {
    update_params<Hyper>([this](Tensor& param, const Hyper& h) { update(param, h); });
  }

  // "Lion(lr=0.0001, ...)", or "Lion(group 0: ...; group 1: ...)".
  std::string describe() const override {
    const auto& groups = param_groups();
    if (groups.size() == 1) return fmt::format("Lion({})", groups[0].options.str());
    std::vector<std::string> parts;
    for (size_t i = 0; i < groups.size(); ++i) {
      parts.push_back(fmt::format("group {}: {}", i, groups[i].options.str()));
    }
    return fmt::format("Lion({})", fmt::join(parts, "; "));
  }

 private:
  void update(Tensor& param, const Hyper& h) {
    axon::ParamState& s = state(param);
    auto found = s.tensors.find("exp_avg");
    if (found == s.tensors.end())
      found = s.tensors.emplace("exp_avg", axon::zeros_like(param)).first;
    Tensor& exp_avg = found->second;
    const double beta1 = h.betas[0], beta2 = h.betas[1];
    const Tensor& grad = param.grad();

    if (h.weight_decay != 0.0) param.mul_(1.0 - h.lr * h.weight_decay);
    const Tensor direction = axon::sign(axon::add(axon::mul(exp_avg, beta1), grad, 1.0 - beta1));
    param.add_(direction, -h.lr);
    exp_avg.mul_(beta2).add_(grad, 1.0 - beta2);
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("lion", Lion, "Lion (Chen et al. 2023): sign of interpolated momentum");
