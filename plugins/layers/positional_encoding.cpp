// Sinusoidal positional encoding (Vaswani et al., 2017; PyTorch's transformer
// tutorial): adds a fixed table to the input, then applies dropout.
//   pe[pos, 2i] = sin(pos / 10000^(2i / d_model)), pe[pos, 2i + 1] = cos(same)
//   x: (L, N, d_model), or (N, L, d_model) with batch_first -> same shape
// The table is the buffer "pe", (max_len, 1, d_model) as in the tutorial; no parameters.
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

#include "layer_options.h"

namespace {

using axon::OptionType;
using axon::Tensor;

// (max_len, 1, d_model), computed on the host in double precision.
Tensor sinusoid_table(int64_t max_len, int64_t d_model) {
  std::vector<float> table(max_len * d_model);
  for (int64_t pos = 0; pos < max_len; ++pos)
    for (int64_t j = 0; j < d_model; ++j) {
      // Columns 2i and 2i + 1 share the frequency 10000^(-2i / d_model).
      double angle = pos * std::exp(-std::log(10000.0) * (j - j % 2) / d_model);
      table[pos * d_model + j] = static_cast<float>(j % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  return axon::from_vector(table, {max_len, 1, d_model});
}

class PositionalEncoding : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"d_model", OptionType::integer, std::monostate{}, "features of each position"},
        {"max_len", OptionType::integer, int64_t{5000}, "longest sequence the table covers"},
        {"dropout", OptionType::number, 0.1, "dropout after the addition"},
        {"batch_first", OptionType::boolean, false, "input is (N, L, d_model)"},
    };
  }

  explicit PositionalEncoding(const axon::Options& o)
      : d_model_(axon::layer_options::required_int(o, kName, "d_model", 1)),
        max_len_(axon::layer_options::required_int(o, kName, "max_len", 1)),
        dropout_(axon::layer_options::probability(o, kName, "dropout")),
        batch_first_(o.get<bool>("batch_first")) {
    pe_ = register_buffer("pe", sinusoid_table(max_len_, d_model_));
  }

  Tensor forward(const Tensor& x) override {
    int64_t time_dim = batch_first_ ? 1 : 0;
    AXON_CHECK(x.dim() == 3 && x.size(2) == d_model_ && x.size(time_dim) <= max_len_,
               "positional_encoding: expected input of shape {} with d_model {} and L <= {} "
               "(max_len), got {}",
               batch_first_ ? "(N, L, d_model)" : "(L, N, d_model)", d_model_, max_len_,
               axon::shape_str(x.shape()));
    // pe rows 0..L-1: (L, 1, d_model), or (1, L, d_model) with batch_first.
    Tensor pe = pe_.narrow(0, 0, x.size(time_dim));
    if (batch_first_) pe = pe.transpose(0, 1);
    return axon::dropout(x + pe, dropout_, is_training());
  }

  std::string describe() const override {
    return fmt::format("PositionalEncoding(d_model={}, max_len={}, dropout={}, batch_first={})",
                       d_model_, max_len_, dropout_, batch_first_);
  }

 private:
  static constexpr const char* kName = "positional_encoding";
  int64_t d_model_, max_len_;
  double dropout_;
  bool batch_first_;
  Tensor pe_;
};

}  // namespace

AXON_REGISTER_LAYER("positional_encoding", PositionalEncoding,
                    "adds the sinusoidal position table: (L, N, d_model)");
