// TransformerEncoderLayer, as torch.nn.TransformerEncoderLayer: self-attention
// then a feed-forward block, each with dropout, a residual connection and a
// layer norm, after the residual (post-norm, the default) or, with
// norm_first, before the block (pre-norm).
//   post-norm: x = norm1(x + sa(x)); x = norm2(x + ff(x))
//   pre-norm:  x = x + sa(norm1(x)); x = x + ff(norm2(x))
//   sa(x) = dropout1(self_attn(x, x, x)), ff(x) = dropout2(linear2(dropout(act(linear1(x)))))
// forward(TensorList): (src[, src_mask[, src_key_padding_mask]]) -> (output);
// forward(Tensor): src -> output. src: (S, N, d_model), or (N, S, d_model) with batch_first.
// Children with PyTorch's names: self_attn, linear1, dropout, linear2, norm1, norm2,
// dropout1, dropout2.
#include <axon/ops.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include "layer_options.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::TensorList;

class TransformerEncoderLayer : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"d_model", OptionType::integer, std::monostate{}, "features of each position"},
        {"nhead", OptionType::integer, std::monostate{}, "attention heads"},
        {"dim_feedforward", OptionType::integer, int64_t{2048}, "width of the feed-forward block"},
        {"dropout", OptionType::number, 0.1, "dropout in both blocks"},
        {"activation", OptionType::string, std::string("relu"), "relu or gelu"},
        {"layer_norm_eps", OptionType::number, 1e-5, "eps of both layer norms"},
        {"batch_first", OptionType::boolean, false, "src and output are (N, S, d_model)"},
        {"norm_first", OptionType::boolean, false, "layer norm before each block (pre-norm)"},
    };
  }

  explicit TransformerEncoderLayer(const axon::Options& o)
      : d_model_(axon::layer_options::required_int(o, kName, "d_model", 1)),
        activation_(o.get<std::string>("activation")),
        norm_first_(o.get<bool>("norm_first")) {
    AXON_CHECK(activation_ == "relu" || activation_ == "gelu",
               "transformer_encoder_layer: unknown activation '{}' (known: relu, gelu)",
               activation_);
    int64_t ff = axon::layer_options::required_int(o, kName, "dim_feedforward", 1);
    double p = axon::layer_options::probability(o, kName, "dropout");
    axon::Options norm{{"normalized_shape", std::vector<int64_t>{d_model_}},
                       {"eps", o.get<double>("layer_norm_eps")}};
    self_attn_ = child("self_attn", "multihead_attention",
                       {{"embed_dim", d_model_},
                        {"num_heads", axon::layer_options::required_int(o, kName, "nhead", 1)},
                        {"dropout", p},
                        {"batch_first", o.get<bool>("batch_first")}});
    linear1_ = child("linear1", "linear", {{"in_features", d_model_}, {"out_features", ff}});
    dropout_ = child("dropout", "dropout", {{"p", p}});
    linear2_ = child("linear2", "linear", {{"in_features", ff}, {"out_features", d_model_}});
    norm1_ = child("norm1", "layer_norm", norm);
    norm2_ = child("norm2", "layer_norm", norm);
    dropout1_ = child("dropout1", "dropout", {{"p", p}});
    dropout2_ = child("dropout2", "dropout", {{"p", p}});
  }

  Tensor forward(const Tensor& src) override { return forward(TensorList{src})[0]; }

  TensorList forward(const TensorList& in) override {
    AXON_CHECK(!in.empty() && in.size() <= 3,
               "transformer_encoder_layer: expected (src[, src_mask[, src_key_padding_mask]]), "
               "got {} tensors",
               in.size());
    // The masks go to self_attn as its attn_mask and key_padding_mask.
    TensorList masks(in.begin() + 1, in.end());
    Tensor x = in[0];
    if (norm_first_) {
      x = x + self_attention(norm1_->forward(x), masks);
      return {x + feed_forward(norm2_->forward(x))};
    }
    x = norm1_->forward(x + self_attention(x, masks));
    return {norm2_->forward(x + feed_forward(x))};
  }

  std::string describe() const override {
    return fmt::format("TransformerEncoderLayer(d_model={}, activation={}, norm_first={})",
                       d_model_, activation_, norm_first_);
  }

 private:
  static constexpr const char* kName = "transformer_encoder_layer";

  axon::LayerPtr child(const std::string& name, const std::string& type,
                       const axon::Options& options) {
    return register_child(name, axon::make_layer(type, options));
  }

  Tensor self_attention(const Tensor& x, const TensorList& masks) {
    TensorList args{x, x, x};
    args.insert(args.end(), masks.begin(), masks.end());
    return dropout1_->forward(self_attn_->forward(args)[0]);
  }

  Tensor feed_forward(const Tensor& x) {
    Tensor h = linear1_->forward(x);
    h = activation_ == "relu" ? axon::relu(h) : axon::gelu(h);
    return dropout2_->forward(linear2_->forward(dropout_->forward(h)));
  }

  int64_t d_model_;
  std::string activation_;
  bool norm_first_;
  axon::LayerPtr self_attn_, linear1_, dropout_, linear2_, norm1_, norm2_, dropout1_, dropout2_;
};

}  // namespace

AXON_REGISTER_LAYER("transformer_encoder_layer", TransformerEncoderLayer,
                    "self-attention and feed-forward blocks with residuals and layer norms");
