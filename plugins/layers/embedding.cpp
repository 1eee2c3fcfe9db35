// Embedding, as torch.nn.Embedding: a lookup table of num_embeddings rows.
//   indices: (*) i64 -> y: (*, embedding_dim)
//   weight: (num_embeddings, embedding_dim), initialized N(0, 1) with the
//   padding_idx row zeroed; that row gets no gradient (it stays a fixed pad).
#include <axon/ops.h>
#include <axon/plugin.h>

#include <optional>

#include "layer_options.h"

namespace {

using axon::OptionType;
using axon::Tensor;

class Embedding : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"num_embeddings", OptionType::integer, std::monostate{}, "rows of the table"},
        {"embedding_dim", OptionType::integer, std::monostate{}, "size of each row"},
        {"padding_idx", OptionType::integer, std::monostate{},
         "a row that stays fixed (no gradient); negative counts from the end"},
    };
  }

  explicit Embedding(const axon::Options& o)
      : num_embeddings_(axon::layer_options::required_int(o, "embedding", "num_embeddings", 0)),
        embedding_dim_(axon::layer_options::required_int(o, "embedding", "embedding_dim", 0)),
        padding_idx_(wrapped_padding_idx(o.get<std::optional<int64_t>>("padding_idx"))) {
    Tensor weight = axon::randn({num_embeddings_, embedding_dim_});
    if (padding_idx_) weight.select(0, *padding_idx_).zero_();
    weight_ = register_parameter("weight", weight);
  }

  Tensor forward(const Tensor& indices) override {
    AXON_CHECK(indices.dtype() == axon::DType::i64,
               "embedding: expected indices of dtype i64, got {} (shape {})",
               axon::dtype_name(indices.dtype()), axon::shape_str(indices.shape()));
    // An index out of range reads "embedding: index_select: index 7 is out of range ...".
    axon::ErrorContext context("embedding");
    axon::Shape out_shape = indices.shape();
    out_shape.push_back(embedding_dim_);
    Tensor rows = axon::index_select(weight_, 0, indices.reshape({-1}));
    // The padding positions take their row without a gradient.
    if (padding_idx_) {
      Tensor is_pad = axon::eq(indices.reshape({-1, 1}), static_cast<double>(*padding_idx_));
      rows = axon::where(is_pad, rows.detach(), rows);
    }
    return rows.view(out_shape);
  }

  std::string describe() const override {
    std::string padding = padding_idx_ ? fmt::format(", padding_idx={}", *padding_idx_) : "";
    return fmt::format("Embedding({}, {}{})", num_embeddings_, embedding_dim_, padding);
  }

 private:
  std::optional<int64_t> wrapped_padding_idx(std::optional<int64_t> idx) const {
    if (!idx) return std::nullopt;
    AXON_CHECK(*idx >= -num_embeddings_ && *idx < num_embeddings_,
               "embedding: padding_idx must be within num_embeddings ({}), got {}", num_embeddings_,
               *idx);
    return *idx < 0 ? *idx + num_embeddings_ : *idx;
  }

  int64_t num_embeddings_;
  int64_t embedding_dim_;
  std::optional<int64_t> padding_idx_;
  Tensor weight_;
};

}  // namespace

AXON_REGISTER_LAYER("embedding", Embedding,
                    "a lookup table: i64 indices (*) -> (*, embedding_dim)");
