// Shared by nll and cross_entropy: see class_targets.h.
#include "class_targets.h"

#include <axon/error.h>
#include <axon/ops.h>

namespace axon::losses {

OptionSchema class_target_options() {
  return {
      {"weight", OptionType::number_list, std::monostate{},
       "a manual rescaling weight for each class (None: all 1)"},
      {"ignore_index", OptionType::integer, int64_t{-100},
       "a target value that is ignored and does not count in the mean"},
      {"reduction", OptionType::string, std::string("mean"), "none | mean | sum"},
  };
}

ClassTargetOptions::ClassTargetOptions(const char* op, const Options& o)
    : weight(o.get<std::optional<std::vector<double>>>("weight")),
      ignore_index(o.get<int64_t>("ignore_index")),
      reduction(o.get<std::string>("reduction")) {
  parse_reduction(reduction, op);
}

std::string ClassTargetOptions::str() const {
  std::string weights = weight ? fmt::format("weight={}, ", *weight) : "";
  return fmt::format("{}ignore_index={}, reduction={}", weights, ignore_index, reduction);
}

void check_class_targets(const char* op, const Tensor& input, const Tensor& target) {
  AXON_CHECK(input.dim() >= 1, "{}: expected input of shape (C), (N, C) or (N, C, d1, ...), got {}",
             op, shape_str(input.shape()));
  AXON_CHECK(is_floating(input.dtype()), "{}: expected floating-point input, got {}", op,
             dtype_name(input.dtype()));
  AXON_CHECK(target.dtype() == DType::i64,
             "{}: expected target of class indices with dtype i64, got {}", op,
             dtype_name(target.dtype()));
  Shape expected = input.shape();
  expected.erase(expected.begin() + (input.dim() == 1 ? 0 : 1));
  AXON_CHECK(target.shape() == expected,
             "{}: expected target of shape {} for input of shape {} (the input's shape without "
             "its class dim), got {}",
             op, shape_str(expected), shape_str(input.shape()), shape_str(target.shape()));
}

Tensor class_weights(const char* op, const std::optional<std::vector<double>>& weight,
                     const Tensor& input) {
  if (!weight) return Tensor();
  int64_t classes = input.size(input.dim() == 1 ? 0 : 1);
  auto count = static_cast<int64_t>(weight->size());
  AXON_CHECK(count == classes, "{}: expected a weight for each of the {} classes, got {} weights",
             op, classes, count);
  return from_vector(*weight, {count}).to(input.dtype()).to(input.device());
}

Tensor Batch::restore(const Tensor& losses, const std::string& reduction) const {
  return unbatched && reduction == "none" ? losses.squeeze(0) : losses;
}

Batch as_batch(const Tensor& input, const Tensor& target) {
  if (input.dim() != 1) return {input, target, false};
  return {input.unsqueeze(0), target.unsqueeze(0), true};
}

NllTerms nll_terms(const Tensor& log_probs, const Tensor& target, const Tensor& class_weights,
                   int64_t ignore_index) {
  NllTerms terms;
  terms.valid = ne(target, static_cast<double>(ignore_index));
  // Ignored targets may be negative: send them to class 0, then mask them out.
  Tensor safe = where(terms.valid, target, zeros_like(target));
  Tensor picked = gather(log_probs, 1, safe.unsqueeze(1)).squeeze(1);
  terms.weights = terms.valid.to(log_probs.dtype());
  if (class_weights.defined()) {
    terms.weights =
        terms.weights * index_select(class_weights, 0, safe.flatten()).view(target.shape());
  }
  // where, not a product with the weights: an ignored -inf log-probability
  // must give 0, not NaN.
  terms.losses = where(terms.valid, -picked * terms.weights, zeros_like(picked));
  return terms;
}

Tensor reduce_weighted(const Tensor& losses, const Tensor& weights, const std::string& reduction) {
  if (reduction == "mean") return sum(losses) / sum(weights);
  return reduce(losses, reduction);
}

}  // namespace axon::losses
