// losses.json: the losses created by name (make_loss) against
// torch.nn.functional, every reduction, loss value and input gradients.
#include "golden_util.h"

namespace golden {
namespace {

using axon::Tensor;

// PyTorch's functional name -> axon's registered name (others are the same).
std::string axon_name(const std::string& torch_name) {
  static const std::map<std::string, std::string> renamed = {
      {"mse_loss", "mse"},
      {"l1_loss", "l1"},
      {"smooth_l1_loss", "smooth_l1"},
      {"huber_loss", "huber"},
      {"nll_loss", "nll"},
      {"poisson_nll_loss", "poisson_nll"},
      {"cosine_embedding_loss", "cosine_embedding"},
      {"hinge_embedding_loss", "hinge_embedding"},
      {"margin_ranking_loss", "margin_ranking"},
      {"soft_margin_loss", "soft_margin"},
      {"multi_margin_loss", "multi_margin"},
  };
  auto it = renamed.find(torch_name);
  return it == renamed.end() ? torch_name : it->second;
}

std::string op_of(const json& c) { return axon_name(c.at("op")); }

// The tensor arguments `weight` and `pos_weight` (1-D) reach axon's losses as
// number-list options of the same name.
constexpr const char* kTensorOptions[] = {"weight", "pos_weight"};

bool takes_number_list(const std::string& loss, const std::string& key) {
  const axon::OptionSpec* spec = axon::registry_entry("loss", loss).schema.find(key);
  return spec != nullptr && spec->type == axon::OptionType::number_list;
}

std::optional<std::string> skip_reason(const json& c) {
  if (auto why = missing("loss", op_of(c))) return why;
  for (const char* key : kTensorOptions)
    if (c.at("inputs").contains(key) && !takes_number_list(op_of(c), key))
      return op_of(c) + ": has no number-list option '" + key + "' for the tensor argument";
  return std::nullopt;
}

axon::Options loss_options(const json& c) {
  axon::Options options = to_options(c.at("options"));
  for (const char* key : kTensorOptions)
    if (c.at("inputs").contains(key))
      options.set(key, c.at("inputs").at(key).at("data").get<std::vector<double>>());
  return options;
}

void run_loss(const json& c, axon::Device& device) {
  std::string ctx = case_label(c, device);
  axon::LossPtr loss = axon::make_loss(op_of(c), loss_options(c));
  auto in = make_inputs(c, device);
  // cosine_embedding and margin_ranking take (input1, input2, target).
  Tensor out =
      in.count("input1")
          ? loss->forward(axon::TensorList{in.at("input1"), in.at("input2"), in.at("target")})
          : loss->forward(in.at("input"), in.at("target"));
  expect_close(ctx, "output", out, c.at("output"), kSumming);
  out.backward(to_tensor(c.at("grad_output"), device));
  expect_grads(ctx, c.at("grads"), in, {}, [](const std::string&) { return kSumming; });
}

const bool registered = register_family({
    .file = "losses.json",
    .suite = "GoldenLosses",
    .selects = {},
    .op = op_of,
    .skip_reason = skip_reason,
    .run = run_loss,
    .cases = {},
});

}  // namespace
}  // namespace golden
