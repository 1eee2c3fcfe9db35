// What one_cycle and cyclic share: PyTorch's _format_param (one value for
// every parameter group, or one per group) and the momentum they cycle
// inversely to the lr. The optimizers read their options from the group at
// every step, so setting a group's "momentum" (sgd, rmsprop) or the first of
// its "betas" (adam and its variants, PyTorch's use_beta1) takes effect at
// the next step, as in PyTorch.
#pragma once

#include <axon/error.h>
#include <axon/optimizer.h>
#include <axon/options.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace axon::schedulers {

// The list option `name` for each of `groups` groups: a single value (or a
// list of one) applies to every group.
inline std::vector<double> per_group(const Options& o, const std::string& name, size_t groups,
                                     const char* owner) {
  auto values = o.get<std::vector<double>>(name);
  if (values.size() == 1) return std::vector<double>(groups, values[0]);
  AXON_CHECK(values.size() == groups, "{}: expected {} values for {}, got {}", owner, groups, name,
             values.size());
  return values;
}

// "0.1" when every group has the same value, else "[0.1, 0.2]".
inline std::string per_group_str(const std::vector<double>& values) {
  bool same = std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; });
  if (same && !values.empty()) return fmt::format("{}", values[0]);
  return fmt::format("[{}]", fmt::join(values, ", "));
}

class CycledMomentum {
 public:
  // Checks that every group has a momentum to cycle: "momentum", or "betas"
  // where `betas_allowed` (PyTorch 1.13's CyclicLR knows only "momentum").
  CycledMomentum(const Optimizer& optimizer, const char* owner, bool betas_allowed) {
    const auto& groups = optimizer.param_groups();
    auto all_have = [&](const char* key) {
      return std::all_of(groups.begin(), groups.end(),
                         [&](const ParamGroup& g) { return g.options.has(key); });
    };
    use_beta1_ = betas_allowed && all_have("betas");
    AXON_CHECK(use_beta1_ || all_have("momentum"),
               "{}: optimizer must support momentum with `cycle_momentum` option enabled (its "
               "parameter groups have no 'momentum'{} option); pass cycle_momentum=false",
               owner, betas_allowed ? " or 'betas'" : "");
  }

  // Sets each group's momentum (or beta1).
  void apply(Optimizer& optimizer, const std::vector<double>& momentums) const {
    auto& groups = optimizer.param_groups();
    for (size_t i = 0; i < groups.size(); ++i) {
      Options& options = groups[i].options;
      if (!use_beta1_) {
        options.set("momentum", momentums[i]);
        continue;
      }
      auto betas = options.get<std::vector<double>>("betas");
      betas.at(0) = momentums[i];
      options.set("betas", betas);
    }
  }

 private:
  bool use_beta1_ = false;
};

}  // namespace axon::schedulers
