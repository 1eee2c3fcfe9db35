// NLLLoss: the negative log-likelihood of class-index targets, as
// torch.nn.NLLLoss; the input already holds log-probabilities.
//   input: (C), (N, C) or (N, C, d1, ...); target: (), (N) or (N, d1, ...), i64
//   loss: the target's shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/plugin.h>

#include "class_targets.h"

namespace axon::losses {
namespace {

class NLLLoss : public Loss {
 public:
  static OptionSchema options() { return class_target_options(); }
  explicit NLLLoss(const Options& o) : options_("nll", o) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    check_class_targets("nll", input, target);
    Tensor weights = class_weights("nll", options_.weight, input);
    Batch batch = as_batch(input, target);
    ErrorContext context("nll");
    NllTerms terms = nll_terms(batch.input, batch.target, weights, options_.ignore_index);
    return batch.restore(reduce_weighted(terms.losses, terms.weights, options_.reduction),
                         options_.reduction);
  }

  std::string describe() const override { return "NLLLoss(" + options_.str() + ")"; }

 private:
  ClassTargetOptions options_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("nll", axon::losses::NLLLoss,
                   "negative log-likelihood of class indices, from log-probabilities");
