// L1Loss: the absolute error |input - target|, as torch.nn.L1Loss; input and
// target broadcast against each other.
//   loss: their broadcast shape with reduction none, else a scalar
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class L1Loss : public Loss {
 public:
  static OptionSchema options() { return {reduction_option()}; }
  explicit L1Loss(const Options& o) : reduction_(checked_reduction(o, "l1")) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("l1");
    return reduce(abs(input - target), reduction_);
  }

  std::string describe() const override { return "L1Loss(reduction=" + reduction_ + ")"; }

 private:
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("l1", axon::losses::L1Loss, "mean absolute error |input - target|");
