// NLLLoss: the negative log-likelihood of class-index targets, as
// torch.nn.NLLLoss; the input already holds log-probabilities.
//   input: (C), (N, C) or (N, C, d1, ...); target: (), (N) or (N, d1, ...), i64
//   loss: the target's shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/plugin.h>

#include "class_targets.h"

namespace {

using namespace axon::losses;

class NLLLoss : public axon::Loss {
 public:
  static axon::OptionSchema options() { return class_target_options(); }
  explicit NLLLoss(const axon::Options& o) : options_("nll", o) {}

  axon::Tensor forward(const axon::Tensor& input, const axon::Tensor& target) override {
    check_class_targets("nll", input, target);
    axon::Tensor weights = class_weights("nll", options_.weight, input);
    Batch batch = as_batch(input, target);
    axon::ErrorContext context("nll");
    NllTerms terms = nll_terms(batch.input, batch.target, weights, options_.ignore_index);
    return batch.restore(reduce_weighted(terms.losses, terms.weights, options_.reduction),
                         options_.reduction);
  }

  std::string describe() const override { return "NLLLoss(" + options_.str() + ")"; }

 private:
  ClassTargetOptions options_;
};

}  // namespace

AXON_REGISTER_LOSS("nll", NLLLoss,
                   "negative log-likelihood of class indices, from log-probabilities");
