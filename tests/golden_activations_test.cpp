// activations.json, twice: through the activation layers created by name (the
// plugins), and through the functional forms of ops.h for the activations the
// core carries (relu, leaky_relu, elu, gelu, softplus, silu, sigmoid, tanh,
// softmax, log_softmax).
#include "golden_util.h"

namespace golden {
namespace {

using axon::Tensor;
using Activation = std::function<Tensor(const Tensor& x, const json& options)>;

bool normalizes(const std::string& op) { return op == "softmax" || op == "log_softmax"; }

// softmax and log_softmax sum over a dim, as does prelu's weight gradient.
Tol grad_tol(const std::string& op, const std::string& name) {
  return normalizes(op) || name == "weight" ? kSumming : kElementwise;
}

// Forward with the golden upstream gradient, then checks output and gradients.
void check(const json& c, axon::Device& device, const std::function<Tensor(const Tensor&)>& f,
           const std::map<std::string, Tensor>& params) {
  std::string ctx = case_label(c, device);
  std::string op = c.at("op");
  auto inputs = make_inputs(c, device);
  Tensor y = f(inputs.at("input"));
  expect_close(ctx, "output", y, c.at("output"), normalizes(op) ? kSumming : kElementwise);
  y.backward(to_tensor(c.at("grad_output"), device));
  expect_grads(ctx, c.at("grads"), inputs, params,
               [&](const std::string& name) { return grad_tol(op, name); });
}

void run_layer(const json& c, axon::Device& device) {
  axon::LayerPtr layer = axon::make_layer(c.at("op"), to_options(c.at("options")));
  if (c.contains("params")) {
    axon::StateDict state;
    for (const auto& [name, t] : c.at("params").items())
      state.insert(name, to_tensor(t, axon::device("cpu")));
    layer->load_state_dict(state);
  }
  layer->to(device);
  std::map<std::string, Tensor> params;
  for (const auto& [name, p] : layer->named_parameters()) params[name] = p;
  check(
      c, device, [&](const Tensor& x) { return layer->forward(x); }, params);
}

const std::map<std::string, Activation>& functional_forms() {
  static const std::map<std::string, Activation> forms = {
      {"relu", [](const Tensor& x, const json&) { return axon::relu(x); }},
      {"sigmoid", [](const Tensor& x, const json&) { return axon::sigmoid(x); }},
      {"tanh", [](const Tensor& x, const json&) { return axon::tanh(x); }},
      {"silu", [](const Tensor& x, const json&) { return axon::silu(x); }},
      {"leaky_relu",
       [](const Tensor& x, const json& o) {
         return axon::leaky_relu(x, o.value("negative_slope", 0.01));
       }},
      {"elu", [](const Tensor& x, const json& o) { return axon::elu(x, o.value("alpha", 1.0)); }},
      {"gelu",
       [](const Tensor& x, const json& o) {
         return axon::gelu(x, o.value("approximate", "none") == "tanh");
       }},
      {"softplus",
       [](const Tensor& x, const json& o) {
         return axon::softplus(x, o.value("beta", 1.0), o.value("threshold", 20.0));
       }},
      {"softmax",
       [](const Tensor& x, const json& o) { return axon::softmax(x, o.at("dim").get<int64_t>()); }},
      {"log_softmax",
       [](const Tensor& x, const json& o) {
         return axon::log_softmax(x, o.at("dim").get<int64_t>());
       }},
  };
  return forms;
}

void run_functional(const json& c, axon::Device& device) {
  const Activation& f = functional_forms().at(c.at("op"));
  check(c, device, [&](const Tensor& x) { return f(x, c.at("options")); }, {});
}

std::string op_of(const json& c) { return c.at("op"); }

const bool layers_registered = register_family({
    .file = "activations.json",
    .suite = "GoldenActivations",
    .selects = {},
    .op = op_of,
    .skip_reason = [](const json& c) -> std::optional<std::string> {
      if (is_registered({"activation", "layer"}, op_of(c))) return std::nullopt;
      return "activation '" + op_of(c) + "' is not registered in axon yet";
    },
    .run = run_layer,
    .cases = {},
});

const bool functional_registered = register_family({
    .file = "activations.json",
    .suite = "GoldenActivationsFunctional",
    .selects = [](const json& c) { return functional_forms().count(op_of(c)) > 0; },
    .op = op_of,
    .skip_reason = [](const json&) -> std::optional<std::string> { return std::nullopt; },
    .run = run_functional,
    .cases = {},
});

}  // namespace
}  // namespace golden
