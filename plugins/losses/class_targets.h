// Class-index targets, shared by nll and cross_entropy (PyTorch's nll_loss_nd).
//   input: (C), (N, C) or (N, C, d1, ...) of per-class scores
//   target: (), (N) or (N, d1, ...) of i64 class indices
// An unbatched (C) input runs as a batch of one; the class dim is then dim 1.
#pragma once

#include <axon/options.h>
#include <axon/tensor.h>

#include <optional>
#include <string>
#include <vector>

namespace axon::losses {

// The options both losses share, in PyTorch's order: weight, ignore_index, reduction.
OptionSchema class_target_options();

struct ClassTargetOptions {
  ClassTargetOptions(const char* op, const Options& o);  // validates reduction
  std::string str() const;  // "ignore_index=-100, reduction=mean" (and weight when set)

  std::optional<std::vector<double>> weight;
  int64_t ignore_index;
  std::string reduction;
};

// Checks input and target for the op: floating input of rank >= 1, i64 target
// of input's shape without its class dim.
void check_class_targets(const char* op, const Tensor& input, const Tensor& target);

// The `weight` option as a (C) tensor of input's dtype on input's device, or
// undefined when None. Checks that there is one weight per class.
Tensor class_weights(const char* op, const std::optional<std::vector<double>>& weight,
                     const Tensor& input);

// An unbatched (C) input and its () target as a batch of one.
struct Batch {
  Tensor input;
  Tensor target;
  bool unbatched = false;
  // Drops the batch dim again from unreduced losses.
  Tensor restore(const Tensor& losses, const std::string& reduction) const;
};
Batch as_batch(const Tensor& input, const Tensor& target);

// The negative log-likelihood of each target, weighted, and the weight of each.
struct NllTerms {
  Tensor valid;    // bool (N, d1, ...): target != ignore_index
  Tensor weights;  // (N, d1, ...): the class weight of each target (1 without
                   // weights), 0 where ignored
  Tensor losses;   // (N, d1, ...): -weight * log_probs[n, target[n]], 0 where ignored
};
// log_probs: (N, C, d1, ...); target: (N, d1, ...). A target outside [0, C)
// that is not ignore_index makes the gather kernel throw, naming the value and
// the range; ignored targets never reach it.
NllTerms nll_terms(const Tensor& log_probs, const Tensor& target, const Tensor& class_weights,
                   int64_t ignore_index);

// none: as is; sum; mean: divided by the total weight of the counted targets
// (PyTorch's mean over non-ignored targets; NaN when none counts).
Tensor reduce_weighted(const Tensor& losses, const Tensor& weights, const std::string& reduction);

}  // namespace axon::losses
