// The skeleton shared by the optimizers that update each parameter on its
// own: the constructor checks every group's options, step() runs update()
// over the parameters with a gradient (update_params adds the L1 term), and
// describe() prints the groups under the PyTorch class name. A subclass keeps
// its options(), its Hyper (read from a group's options, with check()) and
// update().
#pragma once

#include <axon/optimizer.h>

#include <string>
#include <utility>
#include <vector>

#include "describe_groups.h"

namespace axon::optimizers {

template <class Hyper>
class PerParamOptimizer : public Optimizer {
 public:
  // title: PyTorch's class name ("SGD"), for describe().
  PerParamOptimizer(std::vector<ParamGroup> groups, const char* title)
      : Optimizer(std::move(groups)), title_(title) {
    for (const auto& group : param_groups()) Hyper(group.options).check();
  }

  void step() override {
    update_params<Hyper>([this](Tensor& param, const Hyper& h) { update(param, h); });
  }

  std::string describe() const override { return describe_groups(title_, param_groups()); }

 private:
  // One parameter with a gradient, with its group's hyperparameters.
  virtual void update(Tensor& param, const Hyper& h) = 0;

  const char* title_;
};

}  // namespace axon::optimizers
