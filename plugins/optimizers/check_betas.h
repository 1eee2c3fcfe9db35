// The hyperparameters every optimizer of the Adam family reads (adam, adamw,
// adamax, nadam, radam) and their range checks, with PyTorch's messages.
#pragma once

#include <axon/error.h>
#include <axon/options.h>

#include <vector>

#include "check_pair.h"

namespace axon::optimizers {

inline void check_betas(const char* op, const std::vector<double>& betas) {
  check_pair(op, "betas", betas, "beta1, beta2");
  for (size_t i = 0; i < 2; ++i) {
    AXON_CHECK(betas[i] >= 0.0 && betas[i] < 1.0, "{}: invalid beta parameter at index {}: {}", op,
               i, betas[i]);
  }
}

// The options BetasHyper reads, with PyTorch's descriptions; lr and
// weight_decay default per optimizer.
inline OptionSchema betas_options(double lr, double weight_decay = 0.0,
                                  const char* weight_decay_help = "weight decay (L2 penalty)") {
  return {
      {"lr", OptionType::number, lr, "learning rate"},
      {"betas", OptionType::number_list, std::vector<double>{0.9, 0.999},
       "coefficients of the running averages of the gradient and its square"},
      {"eps", OptionType::number, 1e-8, "term added to the denominator (outside the sqrt)"},
      {"weight_decay", OptionType::number, weight_decay, weight_decay_help},
  };
}

struct BetasHyper {
  double lr;
  std::vector<double> betas;
  double eps, weight_decay;

  explicit BetasHyper(const Options& o)
      : lr(o.get<double>("lr")),
        betas(o.get<std::vector<double>>("betas")),
        eps(o.get<double>("eps")),
        weight_decay(o.get<double>("weight_decay")) {}

  // op: the optimizer's name in the messages ("adam").
  void check(const char* op) const {
    AXON_CHECK(lr >= 0.0, "{}: invalid learning rate: {}", op, lr);
    AXON_CHECK(eps >= 0.0, "{}: invalid epsilon value: {}", op, eps);
    check_betas(op, betas);
    AXON_CHECK(weight_decay >= 0.0, "{}: invalid weight_decay value: {}", op, weight_decay);
  }
};

}  // namespace axon::optimizers
