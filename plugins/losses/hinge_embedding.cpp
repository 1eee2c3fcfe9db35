// HingeEmbeddingLoss, as torch.nn.HingeEmbeddingLoss: for targets y = +-1,
// x where y = 1 and max(0, margin - x) where y = -1 (x is usually a distance).
//   input, target: broadcastable; loss: their shape with reduction none, else a scalar
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class HingeEmbeddingLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"margin", OptionType::number, 1.0, "the margin for the y = -1 pairs"},
            reduction_option()};
  }

  explicit HingeEmbeddingLoss(const Options& o)
      : margin_(o.get<double>("margin")), reduction_(checked_reduction(o, "hinge_embedding")) {}

  // As PyTorch's: a target that is neither 1 nor -1 counts in both terms.
  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("hinge_embedding");
    Tensor hinge = clamp(margin_ - input, 0.0, std::nullopt);
    Tensor negative = where(ne(target, 1.0), hinge, zeros_like(hinge));
    Tensor positive = where(ne(target, -1.0), input, zeros_like(input));
    return reduce(negative + positive, reduction_);
  }

  std::string describe() const override {
    return fmt::format("HingeEmbeddingLoss(margin={}, reduction={})", margin_, reduction_);
  }

 private:
  double margin_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("hinge_embedding", axon::losses::HingeEmbeddingLoss,
                   "x for y = 1, max(0, margin - x) for y = -1");
