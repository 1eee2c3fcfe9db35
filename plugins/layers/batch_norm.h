// BatchNorm over the channel dim 1, shared by batch_norm1d and batch_norm2d
// (as torch.nn.BatchNorm1d/2d; they differ only in the input ranks taken).
//   x: (N, C, *) -> y: same shape
//   weight, bias: (C) (ones and zeros), when affine
//   running_mean, running_var: (C) (zeros and ones), num_batches_tracked: i64 scalar,
//   when track_running_stats
// Training normalizes with the batch's biased variance and moves the running
// statistics by `momentum` toward the batch's mean and unbiased variance
// (momentum None: by 1 / num_batches_tracked, a cumulative average);
// evaluation normalizes with the running statistics.
#pragma once

#include <axon/autograd.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <algorithm>
#include <optional>

#include "layer_options.h"

namespace axon::batch_norm {

inline OptionSchema options() {
  return {
      {"num_features", OptionType::integer, std::monostate{}, "channels C of (N, C, *)"},
      {"eps", OptionType::number, 1e-5, "added to the variance for stability"},
      {"momentum", OptionType::number, 0.1,
       "weight of the batch in the running statistics (None: cumulative average)", true},
      {"affine", OptionType::boolean, true, "learn a per-channel scale and shift"},
      {"track_running_stats", OptionType::boolean, true, "keep running statistics for evaluation"},
  };
}

// What tells batch_norm1d and batch_norm2d apart.
struct Kind {
  const char* name;        // "batch_norm1d"
  const char* class_name;  // "BatchNorm1d"
  std::vector<int64_t> ranks;
  const char* shapes;  // the ranks as errors spell them: "(N, C) or (N, C, L)"
};

class BatchNorm : public Layer {
 public:
  BatchNorm(const Options& o, Kind kind)
      : kind_(std::move(kind)),
        num_features_(layer_options::required_int(o, kind_.name, "num_features", 1)),
        eps_(o.get<double>("eps")),
        momentum_(o.get<std::optional<double>>("momentum")) {
    if (o.get<bool>("affine")) {
      weight_ = register_parameter("weight", ones({num_features_}));
      bias_ = register_parameter("bias", zeros({num_features_}));
    }
    if (!o.get<bool>("track_running_stats")) return;
    running_mean_ = register_buffer("running_mean", zeros({num_features_}));
    running_var_ = register_buffer("running_var", ones({num_features_}));
    num_batches_tracked_ = register_buffer("num_batches_tracked", zeros({}, DType::i64));
  }

  Tensor forward(const Tensor& x) override {
    check_input(x);
    // Every dim but the channels; per-channel tensors broadcast as (C, 1, ...).
    std::vector<int64_t> dims{0};
    Shape channel_shape{num_features_};
    for (int64_t d = 2; d < x.dim(); ++d) dims.push_back(d), channel_shape.push_back(1);
    Tensor mean, var;
    if (is_training() || !running_mean_.defined()) {
      std::tie(var, mean) = var_mean(x, dims, /*unbiased=*/false);
      if (is_training() && running_mean_.defined()) update_running_stats(x, mean, var);
    } else {
      mean = running_mean_, var = running_var_;
    }
    Tensor y = (x - mean.view(channel_shape)) * rsqrt(var.view(channel_shape) + eps_);
    if (!weight_.defined()) return y;
    return y * weight_.view(channel_shape) + bias_.view(channel_shape);
  }

  std::string describe() const override {
    std::string momentum = momentum_ ? fmt::format("{}", *momentum_) : "None";
    return fmt::format("{}({}, eps={}, momentum={}, affine={}, track_running_stats={})",
                       kind_.class_name, num_features_, eps_, momentum, weight_.defined(),
                       running_mean_.defined());
  }

 private:
  void check_input(const Tensor& x) const {
    bool rank_ok = std::find(kind_.ranks.begin(), kind_.ranks.end(), x.dim()) != kind_.ranks.end();
    AXON_CHECK(rank_ok && x.size(1) == num_features_,
               "{}: expected input of shape {} with C = {} (num_features), got {}", kind_.name,
               kind_.shapes, num_features_, shape_str(x.shape()));
    AXON_CHECK(!is_training() || x.numel() / num_features_ > 1,
               "{}: expected more than 1 value per channel when training, got input of shape {}",
               kind_.name, shape_str(x.shape()));
  }

  // running = (1 - f) running + f batch, with the batch's unbiased variance
  // (n / (n - 1) times the biased one); f is the momentum, or 1 / (batches
  // seen, this one included) where it is None.
  void update_running_stats(const Tensor& x, const Tensor& mean, const Tensor& var) {
    NoGradGuard no_grad;
    double n = static_cast<double>(x.numel() / num_features_);
    num_batches_tracked_.add_(1.0);
    double f = momentum_ ? *momentum_ : 1.0 / num_batches_tracked_.item();
    running_mean_.mul_(1.0 - f).add_(mean.detach(), f);
    running_var_.mul_(1.0 - f).add_(var.detach(), f * n / (n - 1.0));
  }

  Kind kind_;
  int64_t num_features_;
  double eps_;
  std::optional<double> momentum_;
  Tensor weight_, bias_;
  Tensor running_mean_, running_var_, num_batches_tracked_;
};

}  // namespace axon::batch_norm
