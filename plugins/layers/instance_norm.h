// InstanceNorm over the spatial dims of each channel of each sample, shared by
// instance_norm1d and instance_norm2d (as torch.nn.InstanceNorm1d/2d; they
// differ only in the input ranks taken).
//   x: (N, C, *spatial) or unbatched (C, *spatial) -> y: same shape
//   weight, bias: (C) (ones and zeros), when affine (default false)
//   running_mean, running_var: (C) (zeros and ones), num_batches_tracked: i64
//   scalar (kept for PyTorch's state dict, never counted), when
//   track_running_stats (default false)
// Normalizes with each instance's biased variance, except in evaluation with
// running statistics. Training with them moves the running statistics by
// `momentum` toward the batch average of the instances' means and unbiased
// variances.
#pragma once

#include <axon/autograd.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "layer_options.h"

namespace axon::instance_norm {

inline OptionSchema options() {
  return {
      {"num_features", OptionType::integer, std::monostate{}, "channels C of (N, C, *)"},
      {"eps", OptionType::number, 1e-5, "added to the variance for stability"},
      {"momentum", OptionType::number, 0.1, "weight of the batch in the running statistics"},
      {"affine", OptionType::boolean, false, "learn a per-channel scale and shift"},
      {"track_running_stats", OptionType::boolean, false, "keep running statistics for evaluation"},
  };
}

// What tells instance_norm1d and instance_norm2d apart.
struct Kind {
  const char* name;        // "instance_norm1d"
  const char* class_name;  // "InstanceNorm1d"
  int64_t spatial_dims;
  const char* shapes;  // the ranks as errors spell them: "(N, C, L) or (C, L)"
};

class InstanceNorm : public Layer {
 public:
  InstanceNorm(const Options& o, Kind kind)
      : kind_(kind),
        num_features_(layer_options::required_int(o, kind_.name, "num_features", 1)),
        eps_(o.get<double>("eps")),
        momentum_(o.get<double>("momentum")) {
    if (o.get<bool>("affine")) {
      weight_ = register_parameter("weight", ones({num_features_}));
      bias_ = register_parameter("bias", zeros({num_features_}));
    }
    if (!o.get<bool>("track_running_stats")) return;
    running_mean_ = register_buffer("running_mean", zeros({num_features_}));
    running_var_ = register_buffer("running_var", ones({num_features_}));
    num_batches_tracked_ = register_buffer("num_batches_tracked", zeros({}, DType::i64));
  }

  Tensor forward(const Tensor& input) override {
    const bool batched = input.dim() == kind_.spatial_dims + 2;
    AXON_CHECK(batched || input.dim() == kind_.spatial_dims + 1,
               "{}: expected input of shape {}, got {}", kind_.name, kind_.shapes,
               shape_str(input.shape()));
    Tensor x = batched ? input : input.unsqueeze(0);
    // Without per-channel state PyTorch takes any number of channels.
    AXON_CHECK(x.size(1) == num_features_ || (!weight_.defined() && !running_mean_.defined()),
               "{}: expected input of shape {} with C = {} (num_features), got {}", kind_.name,
               kind_.shapes, num_features_, shape_str(input.shape()));
    // The spatial dims; per-channel tensors broadcast as (C, 1, ...).
    std::vector<int64_t> dims;
    Shape channel_shape{x.size(1)};
    for (int64_t d = 2; d < x.dim(); ++d) dims.push_back(d), channel_shape.push_back(1);
    Tensor mean, var;
    if (is_training() || !running_mean_.defined()) {
      int64_t spatial = x.numel() / (x.size(0) * x.size(1));
      AXON_CHECK(spatial > 1, "{}: expected more than 1 spatial element when training, got {}",
                 kind_.name, shape_str(input.shape()));
      std::tie(var, mean) = var_mean(x, dims, /*unbiased=*/false, /*keepdim=*/true);
      if (running_mean_.defined()) update_running_stats(mean, var, spatial);
    } else {
      mean = running_mean_.view(channel_shape), var = running_var_.view(channel_shape);
    }
    Tensor y = (x - mean) * rsqrt(var + eps_);
    if (weight_.defined()) y = y * weight_.view(channel_shape) + bias_.view(channel_shape);
    return batched ? y : y.squeeze(0);
  }

  std::string describe() const override {
    return fmt::format("{}({}, eps={}, momentum={}, affine={}, track_running_stats={})",
                       kind_.class_name, num_features_, eps_, momentum_, weight_.defined(),
                       running_mean_.defined());
  }

 private:
  // running = (1 - momentum) running + momentum * (the batch's average of the
  // instances' statistics), with each instance's unbiased variance (n / (n - 1)
  // times the biased one, n spatial elements). mean, var: (N, C, 1, ...).
  void update_running_stats(const Tensor& mean, const Tensor& var, int64_t spatial) {
    NoGradGuard no_grad;
    double n = static_cast<double>(spatial);
    Tensor batch_mean = axon::mean(mean.detach().reshape({mean.size(0), num_features_}), {0});
    Tensor batch_var = axon::mean(var.detach().reshape({var.size(0), num_features_}), {0});
    running_mean_.mul_(1.0 - momentum_).add_(batch_mean, momentum_);
    running_var_.mul_(1.0 - momentum_).add_(batch_var, momentum_ * n / (n - 1.0));
  }

  Kind kind_;
  int64_t num_features_;
  double eps_, momentum_;
  Tensor weight_, bias_;
  Tensor running_mean_, running_var_, num_batches_tracked_;
};

}  // namespace axon::instance_norm
