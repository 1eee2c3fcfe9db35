// schedulers.json: the lr schedulers created by name on an sgd optimizer with
// lr = base_lr; the group's lr after each of 15 steps, in doubles.
// schedulers_more.json: the same for more schedulers, on the case's
// "optimizer" (sgd when absent), with the group's momentum (or beta1) after
// each step where the scheduler cycles it ("momentums").
#include "golden_util.h"

namespace golden {
namespace {

using axon::Tensor;

// PyTorch's class (snake_case) -> axon's registered name.
std::string axon_name(const std::string& torch_name) {
  static const std::map<std::string, std::string> renamed = {
      {"step_lr", "step"},
      {"multi_step_lr", "multistep"},
      {"exponential_lr", "exponential"},
      {"cosine_annealing_lr", "cosine"},
      {"linear_lr", "linear"},
      {"reduce_lr_on_plateau", "reduce_on_plateau"},
      {"one_cycle_lr", "one_cycle"},
      {"cosine_annealing_warm_restarts", "cosine_warm_restarts"},
      {"cyclic_lr", "cyclic"},
      {"polynomial_lr", "polynomial"},
      {"constant_lr", "constant"},
  };
  auto it = renamed.find(torch_name);
  return it == renamed.end() ? torch_name : it->second;
}

std::string op_of(const json& c) { return axon_name(c.at("scheduler")); }
std::string optimizer_of(const json& c) { return c.value("optimizer", "sgd"); }

// PyTorch's cycled momentum: beta1 for an optimizer with betas, else momentum.
double momentum_of(const axon::ParamGroup& group) {
  if (group.options.has("betas")) return group.options.get<std::vector<double>>("betas").at(0);
  return group.options.get<double>("momentum");
}

void run_scheduler(const json& c, axon::Device& device) {
  std::string ctx = case_label(c, device);
  Tensor param = axon::zeros({3}, axon::TensorOptions().device(device)).requires_grad_();
  double base_lr = c.at("base_lr");
  auto opt = axon::make_optimizer(optimizer_of(c), axon::TensorList{param}, {{"lr", base_lr}});
  auto scheduler = axon::make_scheduler(op_of(c), opt, to_options(c.at("options")));
  std::vector<double> lrs = c.at("lrs").get<std::vector<double>>();
  for (size_t k = 0; k < lrs.size(); ++k) {
    // A zero gradient: the optimizer steps, the parameter stays.
    param.set_grad(axon::zeros({3}, axon::TensorOptions().device(device)));
    opt->step();
    if (c.contains("metrics"))
      scheduler->step(c.at("metrics").at(k).get<double>());
    else
      scheduler->step();
    const axon::ParamGroup& group = opt->param_groups().at(0);
    std::string after = " after step " + std::to_string(k);
    expect_close(ctx, "lr" + after, group.options.get<double>("lr"), lrs[k], kDoubles);
    if (c.contains("momentums"))
      expect_close(ctx, "momentum" + after, momentum_of(group), c.at("momentums").at(k), kDoubles);
  }
}

std::optional<std::string> skip_reason(const json& c) {
  if (auto why = missing("optimizer", optimizer_of(c))) return *why + " (the scheduler steps it)";
  return missing("scheduler", op_of(c));
}

const bool registered = register_family({
    .file = "schedulers.json",
    .suite = "GoldenSchedulers",
    .selects = {},
    .op = op_of,
    .skip_reason = skip_reason,
    .run = run_scheduler,
    .cases = {},
});

const bool registered_more = register_family({
    .file = "schedulers_more.json",
    .suite = "GoldenSchedulersMore",
    .selects = {},
    .op = op_of,
    .skip_reason = skip_reason,
    .run = run_scheduler,
    .cases = {},
});

}  // namespace
}  // namespace golden
