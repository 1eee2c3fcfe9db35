// MultiheadAttention, as torch.nn.MultiheadAttention (need_weights=True,
// average_attn_weights=True): scaled dot-product attention in num_heads heads
// of embed_dim / num_heads features each.
//
// forward(TensorList): (query, key, value[, attn_mask[, key_padding_mask]])
//   -> (output, attention weights averaged over the heads)
//   query: (L, N, E), key and value: (S, N, E); (N, L, E) and (N, S, E) with batch_first
//   attn_mask: (L, S) or (N * num_heads, L, S); key_padding_mask: (N, S). A bool
//   mask is true where attention is not allowed; a float mask is added to the
//   scores. An undefined tensor stands for a mask not given.
//   output: like query; weights: (N, L, S)
// Parameters: in_proj_weight (3E, E) (xavier uniform), in_proj_bias (3E) (zeros),
// out_proj: a linear child (out_proj.weight, out_proj.bias, the bias zeroed).
// The option `causal` (not in PyTorch) also masks every key after the query's position.
#include <axon/autograd.h>
#include <axon/ops.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <cmath>
#include <limits>

#include "layer_options.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::TensorList;

constexpr double kMasked = -std::numeric_limits<double>::infinity();

// Adds a float mask to the scores, or masks them to -inf where a bool mask is true.
Tensor apply_mask(const Tensor& scores, const Tensor& mask, const char* what) {
  AXON_CHECK(mask.dtype() == axon::DType::boolean || axon::is_floating(mask.dtype()),
             "multihead_attention: expected a bool or float {}, got {}", what,
             axon::dtype_name(mask.dtype()));
  if (mask.dtype() == axon::DType::boolean) return axon::masked_fill(scores, mask, kMasked);
  return scores + mask;
}

// True above the diagonal: key j comes after query i. (L, S) bool.
Tensor causal_mask(int64_t queries, int64_t keys, axon::Device& device) {
  auto options = axon::TensorOptions(axon::DType::i64).device(device);
  return axon::gt(axon::arange(0, keys, 1, options).view({1, keys}),
                  axon::arange(0, queries, 1, options).view({queries, 1}));
}

class MultiheadAttention : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"embed_dim", OptionType::integer, std::monostate{}, "features E of each position"},
        {"num_heads", OptionType::integer, std::monostate{}, "heads; E must divide evenly"},
        {"dropout", OptionType::number, 0.0, "dropout on the attention weights"},
        {"bias", OptionType::boolean, true, "learn in_proj_bias and out_proj.bias"},
        {"batch_first", OptionType::boolean, false, "inputs and output are (N, L, E)"},
        {"causal", OptionType::boolean, false, "mask the keys after each query's position"},
    };
  }

  explicit MultiheadAttention(const axon::Options& o)
      : embed_dim_(axon::layer_options::required_int(o, kName, "embed_dim", 1)),
        num_heads_(axon::layer_options::required_int(o, kName, "num_heads", 1)),
        dropout_(axon::layer_options::probability(o, kName, "dropout")),
        batch_first_(o.get<bool>("batch_first")),
        causal_(o.get<bool>("causal")) {
    AXON_CHECK(embed_dim_ % num_heads_ == 0,
               "multihead_attention: embed_dim must be divisible by num_heads, got {} and {}",
               embed_dim_, num_heads_);
    Tensor weight = axon::empty({3 * embed_dim_, embed_dim_});
    axon::make_initializer("xavier_uniform")->apply(weight);
    in_proj_weight_ = register_parameter("in_proj_weight", weight);
    bool bias = o.get<bool>("bias");
    if (bias) in_proj_bias_ = register_parameter("in_proj_bias", axon::zeros({3 * embed_dim_}));
    out_proj_ = register_child("out_proj", axon::make_layer("linear", {{"in_features", embed_dim_},
                                                                       {"out_features", embed_dim_},
                                                                       {"bias", bias}}));
    axon::NoGradGuard no_grad;
    for (auto& [name, p] : out_proj_->named_parameters())
      if (name == "bias") p.zero_();
  }

  TensorList forward(const TensorList& in) override {
    AXON_CHECK(in.size() >= 3 && in.size() <= 5,
               "multihead_attention: expected (query, key, value[, attn_mask[, "
               "key_padding_mask]]), got {} tensors",
               in.size());
    check_inputs(in[0], in[1], in[2]);
    // Batch-major inside: (N, L, E).
    auto batch_major = [this](const Tensor& t) { return batch_first_ ? t : t.transpose(0, 1); };
    Tensor q = batch_major(in[0]), k = batch_major(in[1]), v = batch_major(in[2]);
    auto [out, weights] =
        attend(q, k, v, in.size() > 3 ? in[3] : Tensor(), in.size() > 4 ? in[4] : Tensor());
    return {batch_major(out_proj_->forward(out)), weights};
  }

  std::string describe() const override {
    return fmt::format(
        "MultiheadAttention(embed_dim={}, num_heads={}, dropout={}, bias={}, "
        "batch_first={}, causal={})",
        embed_dim_, num_heads_, dropout_, in_proj_bias_.defined(), batch_first_, causal_);
  }

 private:
  static constexpr const char* kName = "multihead_attention";

  void check_inputs(const Tensor& q, const Tensor& k, const Tensor& v) const {
    std::string expected = batch_first_ ? fmt::format("(N, L, {0}) and (N, S, {0})", embed_dim_)
                                        : fmt::format("(L, N, {0}) and (S, N, {0})", embed_dim_);
    int64_t batch_dim = batch_first_ ? 0 : 1;
    bool ok = q.dim() == 3 && k.dim() == 3 && k.shape() == v.shape() && q.size(2) == embed_dim_ &&
              k.size(2) == embed_dim_ && q.size(batch_dim) == k.size(batch_dim);
    AXON_CHECK(ok,
               "multihead_attention: expected query and key/value of shapes {} (embed_dim), got "
               "query {}, key {}, value {}",
               expected, axon::shape_str(q.shape()), axon::shape_str(k.shape()),
               axon::shape_str(v.shape()));
  }

  // x: (N, T, E) through rows [part * E, (part + 1) * E) of in_proj -> (N, heads, T, E / heads)
  Tensor project(const Tensor& x, const TensorList& w, const TensorList& b, int64_t part) const {
    Tensor y = axon::linear(x, w[part], b.empty() ? Tensor() : b[part]);
    return y.view({x.size(0), x.size(1), num_heads_, embed_dim_ / num_heads_}).transpose(1, 2);
  }

  // q: (N, L, E), k, v: (N, S, E) -> (output (N, L, E) before out_proj, weights (N, L, S))
  std::pair<Tensor, Tensor> attend(const Tensor& q, const Tensor& k, const Tensor& v,
                                   const Tensor& attn_mask, const Tensor& key_padding_mask) const {
    TensorList w = axon::chunk(in_proj_weight_, 3, 0);
    TensorList b = in_proj_bias_.defined() ? axon::chunk(in_proj_bias_, 3, 0) : TensorList();
    double scale = 1.0 / std::sqrt(static_cast<double>(embed_dim_ / num_heads_));
    // scores: (N, heads, L, S)
    Tensor scores =
        axon::matmul(project(q, w, b, 0) * scale, project(k, w, b, 1).transpose(-1, -2));
    scores = masked(scores, attn_mask, key_padding_mask);
    Tensor attention = axon::dropout(axon::softmax(scores, -1), dropout_, is_training());
    Tensor out = axon::matmul(attention, project(v, w, b, 2)).transpose(1, 2);
    return {out.reshape({q.size(0), q.size(1), embed_dim_}), axon::mean(attention, {1})};
  }

  // scores: (N, heads, L, S) with the masks applied.
  Tensor masked(Tensor scores, const Tensor& attn_mask, const Tensor& key_padding_mask) const {
    int64_t n = scores.size(0), l = scores.size(2), s = scores.size(3);
    if (attn_mask.defined()) {
      bool ok = attn_mask.shape() == axon::Shape{l, s} ||
                attn_mask.shape() == axon::Shape{n * num_heads_, l, s};
      AXON_CHECK(
          ok, "multihead_attention: expected attn_mask of shape [{}, {}] or [{}, {}, {}], got {}",
          l, s, n * num_heads_, l, s, axon::shape_str(attn_mask.shape()));
      // (L, S) broadcasts over (N, heads); (N * heads, L, S) is viewed as (N, heads, L, S).
      Tensor mask = attn_mask.dim() == 3 ? attn_mask.view({n, num_heads_, l, s}) : attn_mask;
      scores = apply_mask(scores, mask, "attn_mask");
    }
    if (key_padding_mask.defined()) {
      AXON_CHECK(key_padding_mask.shape() == (axon::Shape{n, s}),
                 "multihead_attention: expected key_padding_mask of shape [{}, {}] (N, S), got {}",
                 n, s, axon::shape_str(key_padding_mask.shape()));
      scores = apply_mask(scores, key_padding_mask.view({n, 1, 1, s}), "key_padding_mask");
    }
    if (causal_) scores = axon::masked_fill(scores, causal_mask(l, s, scores.device()), kMasked);
    return scores;
  }

  int64_t embed_dim_, num_heads_;
  double dropout_;
  bool batch_first_, causal_;
  Tensor in_proj_weight_, in_proj_bias_;
  axon::LayerPtr out_proj_;
};

}  // namespace

AXON_REGISTER_LAYER("multihead_attention", MultiheadAttention,
                    "attention: (query, key, value[, attn_mask[, key_padding_mask]]) -> (output, "
                    "weights)");
