// schedulers.json: the lr schedulers created by name on an sgd optimizer with
// lr = base_lr; the group's lr after each of 15 steps, in doubles.
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
  };
  auto it = renamed.find(torch_name);
  return it == renamed.end() ? torch_name : it->second;
}

std::string op_of(const json& c) { return axon_name(c.at("scheduler")); }

void run_scheduler(const json& c, axon::Device& device) {
  std::string ctx = case_label(c, device);
  Tensor param = axon::zeros({3}, axon::TensorOptions().device(device)).requires_grad_();
  double base_lr = c.at("base_lr");
  auto opt = axon::make_optimizer("sgd", axon::TensorList{param}, {{"lr", base_lr}});
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
    double lr = opt->param_groups().at(0).options.get<double>("lr");
    expect_close(ctx, "lr after step " + std::to_string(k), lr, lrs[k], kDoubles);
  }
}

const bool registered = register_family({
    .file = "schedulers.json",
    .suite = "GoldenSchedulers",
    .selects = {},
    .op = op_of,
    .skip_reason = [](const json& c) -> std::optional<std::string> {
      if (auto why = missing("optimizer", "sgd")) return *why + " (the schedulers step an sgd)";
      return missing("scheduler", op_of(c));
    },
    .run = run_scheduler,
    .cases = {},
});

}  // namespace
}  // namespace golden
