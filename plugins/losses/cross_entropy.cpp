// CrossEntropyLoss: log_softmax over the class dim, then the negative
// log-likelihood, as torch.nn.CrossEntropyLoss (1.13).
//   input: logits (C), (N, C) or (N, C, d1, ...)
//   target: i64 class indices (), (N) or (N, d1, ...), or class probabilities
//           of input's shape (floating)
//   loss: the target's shape without the class dim with reduction none, else a scalar
// label_smoothing = s mixes the target with the uniform distribution:
// (1 - s) * nll + s / C * (-sum_c weight_c log p_c), the second term reduced
// like the first (mean: over the weight of the non-ignored targets).
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "class_targets.h"

namespace axon::losses {
namespace {

class CrossEntropyLoss : public Loss {
 public:
  static OptionSchema options() {
    OptionSchema schema = class_target_options();
    schema.add("label_smoothing", OptionType::number, 0.0,
               "amount of smoothing toward the uniform distribution, in [0, 1]");
    return schema;
  }

  explicit CrossEntropyLoss(const Options& o)
      : options_("cross_entropy", o), label_smoothing_(o.get<double>("label_smoothing")) {
    AXON_CHECK(label_smoothing_ >= 0.0 && label_smoothing_ <= 1.0,
               "cross_entropy: label_smoothing must be between 0.0 and 1.0, got {}",
               label_smoothing_);
  }

  Tensor forward(const Tensor& input, const Tensor& target) override {
    // PyTorch's rule: a target of the input's shape holds probabilities.
    bool probabilities = input.shape() == target.shape();
    if (probabilities) {
      check_probabilities(input, target);
    } else {
      check_class_targets("cross_entropy", input, target);
    }
    Tensor weights = class_weights("cross_entropy", options_.weight, input);
    Batch batch = as_batch(input, target);
    ErrorContext context("cross_entropy");
    Tensor log_probs = log_softmax(batch.input, 1);  // (N, C, d1, ...)
    Tensor loss = probabilities ? probability_loss(log_probs, batch.target, weights)
                                : class_index_loss(log_probs, batch.target, weights);
    return batch.restore(loss, options_.reduction);
  }

  std::string describe() const override {
    return fmt::format("CrossEntropyLoss({}, label_smoothing={})", options_.str(),
                       label_smoothing_);
  }

 private:
  void check_probabilities(const Tensor& input, const Tensor& target) const {
    AXON_CHECK(input.dim() >= 1 && is_floating(input.dtype()) && is_floating(target.dtype()),
               "cross_entropy: expected floating-point input and class probabilities of the "
               "same shape, got {} input and {} target of shape {}",
               dtype_name(input.dtype()), dtype_name(target.dtype()), shape_str(target.shape()));
    AXON_CHECK(options_.ignore_index < 0,
               "cross_entropy: ignore_index is not supported for class-probability targets "
               "(got ignore_index={})",
               options_.ignore_index);
  }

  // The class weights shaped to broadcast over (N, C, d1, ...): (1, C, 1, ...).
  static Tensor broadcast_weights(const Tensor& weights, int64_t rank) {
    Shape shape(static_cast<size_t>(rank), 1);
    shape[1] = weights.numel();
    return weights.view(shape);
  }

  // -sum_c weight_c log p_c, summed over the class dim: (N, d1, ...).
  static Tensor weighted_sum(const Tensor& terms, const Tensor& weights) {
    Tensor weighted = weights.defined() ? terms * broadcast_weights(weights, terms.dim()) : terms;
    return -sum(weighted, {1});
  }

  Tensor class_index_loss(const Tensor& log_probs, const Tensor& target,
                          const Tensor& weights) const {
    NllTerms terms = nll_terms(log_probs, target, weights, options_.ignore_index);
    Tensor nll = reduce_weighted(terms.losses, terms.weights, options_.reduction);
    if (label_smoothing_ == 0.0) return nll;
    Tensor smooth = weighted_sum(log_probs, weights);
    smooth = where(terms.valid, smooth, zeros_like(smooth));
    double classes = static_cast<double>(log_probs.size(1));
    return (1.0 - label_smoothing_) * nll +
           reduce_weighted(smooth, terms.weights, options_.reduction) *
               (label_smoothing_ / classes);
  }

  // The mean here is over the N * d1 * ... positions, as PyTorch's.
  Tensor probability_loss(const Tensor& log_probs, const Tensor& target,
                          const Tensor& weights) const {
    double classes = static_cast<double>(log_probs.size(1));
    Tensor p = label_smoothing_ > 0.0
                   ? target * (1.0 - label_smoothing_) + label_smoothing_ / classes
                   : target;
    return reduce(weighted_sum(log_probs * p, weights), options_.reduction);
  }

  ClassTargetOptions options_;
  double label_smoothing_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("cross_entropy", axon::losses::CrossEntropyLoss,
                   "log_softmax + negative log-likelihood, from logits and class indices");
