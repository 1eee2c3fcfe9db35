// layers.json and layers_more.json: the layers created by name, with
// PyTorch's state loaded by load_state_dict: outputs, gradients of inputs and
// parameters, and the norms' buffers after the forward pass.
#include "golden_util.h"

namespace golden {
namespace {

using axon::Tensor;

// The positional order of forward(TensorList): rnn and the cells (input, h_0[, c_0]),
// multihead_attention (query, key, value[, attn_mask]); outputs likewise (the
// cells': h_1[, c_1]).
const std::vector<std::string> kInputOrder = {"input", "h_0",   "c_0",      "query",
                                              "key",   "value", "attn_mask"};
const std::vector<std::string> kOutputOrder = {"output", "h_n", "c_n", "h_1", "c_1"};

std::vector<std::string> present(const std::vector<std::string>& order, const json& object) {
  std::vector<std::string> names;
  for (const auto& name : order)
    if (object.contains(name)) names.push_back(name);
  return names;
}

axon::LayerPtr make(const json& c) {
  axon::LayerPtr layer =
      axon::make_layer(c.at("layer"), to_options(c.at("options"), {"training", "need_weights"}));
  axon::StateDict state;
  for (const auto& [name, t] : c.at("state").items())
    state.insert(name, to_tensor(t, axon::device("cpu")));
  layer->load_state_dict(state);
  layer->train(c.at("options").value("training", true));
  return layer;
}

// Runs forward; several inputs or outputs go through forward(TensorList).
axon::TensorList forward(axon::Layer& layer, const std::map<std::string, Tensor>& inputs,
                         const json& c) {
  axon::TensorList args;
  for (const auto& name : present(kInputOrder, c.at("inputs"))) args.push_back(inputs.at(name));
  if (args.size() == 1 && c.at("outputs").size() == 1) return {layer.forward(args[0])};
  return layer.forward(args);
}

template <class Named>
std::map<std::string, Tensor> by_name(const Named& named) {
  return std::map<std::string, Tensor>(named.begin(), named.end());
}

void run_layer(const json& c, axon::Device& device) {
  std::string ctx = case_label(c, device);
  axon::LayerPtr layer = make(c);
  layer->to(device);
  auto inputs = make_inputs(c, device);
  axon::TensorList outs = forward(*layer, inputs, c);
  std::vector<std::string> out_names = present(kOutputOrder, c.at("outputs"));
  // Extra outputs (attention weights) are allowed; the golden ones come first.
  ASSERT_GE(outs.size(), out_names.size()) << ctx << ": too few outputs";
  axon::TensorList grads;
  for (size_t i = 0; i < out_names.size(); ++i) {
    expect_close(ctx, out_names[i], outs[i], c.at("outputs").at(out_names[i]), kSumming);
    grads.push_back(to_tensor(c.at("grad_outputs").at(out_names[i]), device));
  }
  outs.resize(out_names.size());
  axon::autograd::backward(outs, grads);
  expect_grads(ctx, c.at("grads"), inputs, by_name(layer->named_parameters()),
               [](const std::string&) { return kSumming; });
  if (!c.contains("state_after")) return;
  auto buffers = by_name(layer->named_buffers());
  for (const auto& [name, want] : c.at("state_after").items()) {
    auto it = buffers.find(name);
    if (it == buffers.end()) {
      ADD_FAILURE() << ctx << ": no buffer named '" << name << "'";
      continue;
    }
    expect_close(ctx, "buffer " + name + " after forward", it->second, want, kSumming);
  }
}

Family layers_family(std::string file, std::string suite) {
  return {
      .file = std::move(file),
      .suite = std::move(suite),
      .selects = {},
      .op = [](const json& c) { return c.at("layer").get<std::string>(); },
      .skip_reason = [](const json& c) -> std::optional<std::string> {
        std::string name = c.at("layer");
        if (is_registered({"layer", "activation"}, name)) return std::nullopt;
        return "layer '" + name + "' is not registered in axon yet";
      },
      .run = run_layer,
      .cases = {},
  };
}

const bool registered = register_family(layers_family("layers.json", "GoldenLayers"));
const bool registered_more = register_family(layers_family("layers_more.json", "GoldenLayersMore"));

}  // namespace
}  // namespace golden
