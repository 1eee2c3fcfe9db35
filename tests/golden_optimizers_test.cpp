// optimizers.json: the optimizers created by name, stepped on PyTorch's
// recorded gradients (first-order methods, parameter groups) or on a
// least-squares closure (L-BFGS); parameters compared after every step.
// optimizers_more.json: the same for more first-order methods, with some
// per-parameter state tensors after every step too ("state_after").
#include "golden_util.h"

namespace golden {
namespace {

using axon::Tensor;

axon::TensorList make_params(const json& c, axon::Device& device) {
  axon::TensorList params;
  for (const json& t : c.at("params_init")) params.push_back(to_tensor(t, device).requires_grad_());
  return params;
}

// One group per entry of c["param_groups"] ("params" are indices), or all in one.
axon::OptimizerPtr make(const json& c, const axon::TensorList& params) {
  axon::Options defaults = to_options(c.at("options"));
  if (!c.contains("param_groups")) return axon::make_optimizer(c.at("optimizer"), params, defaults);
  std::vector<axon::ParamGroup> groups;
  for (const json& g : c.at("param_groups")) {
    axon::ParamGroup group;
    for (int64_t i : g.at("params")) group.params.push_back(params.at(i));
    group.options = to_options(g, {"params"});
    groups.push_back(std::move(group));
  }
  return axon::make_optimizer(c.at("optimizer"), std::move(groups), defaults);
}

void expect_params(const std::string& ctx, const axon::TensorList& params, const json& want,
                   size_t step) {
  for (size_t i = 0; i < params.size(); ++i)
    expect_close(ctx, "params_after[" + std::to_string(step) + "][" + std::to_string(i) + "]",
                 params[i].detach(), want.at(i), kSumming);
}

// The state-dict entries in c["state_after"][step] ("state.0.ax": tensor).
void expect_state(const std::string& ctx, const axon::Optimizer& opt, const json& want,
                  size_t step) {
  axon::StateDict state = opt.state_dict();
  for (const auto& [key, tensor] : want.items()) {
    const Tensor* got = state.find(key);
    std::string what = key + " after step " + std::to_string(step);
    if (got == nullptr)
      ADD_FAILURE() << ctx << ": " << what << ": not in the state dict";
    else
      expect_close(ctx, what, *got, tensor, kSumming);
  }
}

// Sets each gradient to the recorded one, then step().
void run_first_order(const json& c, axon::Device& device) {
  std::string ctx = case_label(c, device);
  axon::TensorList params = make_params(c, device);
  axon::OptimizerPtr opt = make(c, params);
  for (size_t k = 0; k < c.at("grads").size(); ++k) {
    for (size_t i = 0; i < params.size(); ++i)
      params[i].set_grad(to_tensor(c.at("grads").at(k).at(i), device));
    opt->step();
    expect_params(ctx, params, c.at("params_after").at(k), k);
    if (c.contains("state_after")) expect_state(ctx, *opt, c.at("state_after").at(k), k);
  }
}

// step(closure) with loss = 0.5 sum((A p - b)^2); the step returns the loss at its start.
void run_closure(const json& c, axon::Device& device) {
  std::string ctx = case_label(c, device);
  ASSERT_EQ(c.at("closure"), "least_squares") << ctx << ": unknown closure";
  axon::TensorList params = make_params(c, device);
  axon::OptimizerPtr opt = make(c, params);
  Tensor a = to_tensor(c.at("inputs").at("A"), device);  // (6, 4)
  Tensor b = to_tensor(c.at("inputs").at("b"), device);  // (6)
  axon::Closure closure = [&]() {
    opt->zero_grad();
    Tensor residual = axon::matmul(a, params[0]) - b;
    Tensor loss = 0.5 * axon::sum(axon::square(residual));
    loss.backward();
    return loss;
  };
  std::vector<double> losses = c.at("losses").at("data").get<std::vector<double>>();
  for (size_t k = 0; k < c.at("params_after").size(); ++k) {
    Tensor loss = opt->step(closure);
    expect_close(ctx, "loss of step " + std::to_string(k), loss.item(),
                 static_cast<float>(losses.at(k)), kSumming);
    expect_params(ctx, params, c.at("params_after").at(k), k);
  }
}

void run_optimizer(const json& c, axon::Device& device) {
  if (c.contains("closure"))
    run_closure(c, device);
  else
    run_first_order(c, device);
}

std::string op_of(const json& c) { return c.at("optimizer"); }

std::optional<std::string> skip_reason(const json& c) { return missing("optimizer", op_of(c)); }

const bool registered = register_family({
    .file = "optimizers.json",
    .suite = "GoldenOptimizers",
    .selects = {},
    .op = op_of,
    .skip_reason = skip_reason,
    .run = run_optimizer,
    .cases = {},
});

const bool registered_more = register_family({
    .file = "optimizers_more.json",
    .suite = "GoldenOptimizersMore",
    .selects = {},
    .op = op_of,
    .skip_reason = skip_reason,
    .run = run_first_order,
    .cases = {},
});

}  // namespace
}  // namespace golden
