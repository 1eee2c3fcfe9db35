// Adam, with optional AMSGrad, weight decay (L2, added to the gradient) and
// maximize, as torch.optim.Adam (1.13). The update is in adam_variant.h.
#include <axon/plugin.h>

#include "adam_variant.h"

namespace {

class Adam : public axon::optimizers::AdamVariant<false> {
 public:
  static axon::OptionSchema options() {
    return axon::optimizers::adam_options(0.0, "weight decay (L2 penalty)");
  }
  explicit Adam(std::vector<axon::ParamGroup> groups) : AdamVariant(std::move(groups), "Adam") {}
};

}  // namespace

AXON_REGISTER_OPTIMIZER("adam", Adam, "Adam / AMSGrad (PyTorch 1.13), eps outside the sqrt");
