// AdamW: Adam with decoupled weight decay (p *= 1 - lr * weight_decay before
// the update), with optional AMSGrad and maximize, as torch.optim.AdamW (1.13).
// The update is in adam_variant.h.
#include <axon/plugin.h>

#include "adam_variant.h"

namespace {

class AdamW : public axon::optimizers::AdamVariant<true> {
 public:
  static axon::OptionSchema options() {
    return axon::optimizers::adam_options(1e-2, "decoupled weight decay coefficient");
  }
  explicit AdamW(std::vector<axon::ParamGroup> groups) : AdamVariant(std::move(groups), "AdamW") {}
};

}  // namespace

AXON_REGISTER_OPTIMIZER("adamw", AdamW, "Adam with decoupled weight decay (PyTorch 1.13)");
