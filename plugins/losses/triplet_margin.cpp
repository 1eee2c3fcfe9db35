// TripletMarginLoss, as torch.nn.TripletMarginLoss: with d the p-norm
// distance, max(0, margin + d(a, p) - d(a, n)) for an anchor a, a positive p
// and a negative n. With swap, d(a, n) is replaced by d(p, n) where that is
// smaller (Balntas et al., 2016).
//   forward({anchor, positive, negative}): (N, D) or (D), all of the same rank
//   (sizes broadcast); the distance is taken over the last dim
//   loss: (N) or () (their shape without the last dim) with reduction none,
//   else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "triplet_margin";
constexpr const char* kInputs = "anchor, positive, negative";

// The p-norm over the last dim, as torch.norm: max |d| for p = inf, min |d|
// for -inf, the count of nonzeros for 0. Where d is all 0 the gradient is 0,
// as PyTorch's norm backward, not the NaN of differentiating 0^(1/p).
Tensor p_norm(const Tensor& d, double p) {
  std::vector<int64_t> last = {d.dim() - 1};
  Tensor magnitude = abs(d);
  if (std::isinf(p)) return p > 0 ? amax(magnitude, last) : amin(magnitude, last);
  if (p == 0) return sum(ne(d, 0.0).to(d.dtype()), last);
  Tensor total = sum(pow(magnitude, p), last);
  Tensor zero = eq(total, 0.0);
  Tensor root = pow(where(zero, ones_like(total), total), 1.0 / p);
  return where(zero, zeros_like(total), root);
}

class TripletMarginLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"margin", OptionType::number, 1.0, "the margin by which d(a, n) should beat d(a, p)"},
            {"p", OptionType::number, 2.0, "the norm degree of the distance"},
            {"eps", OptionType::number, 1e-6, "added to the differences before their norm"},
            {"swap", OptionType::boolean, false, "use d(p, n) where it is below d(a, n)"},
            reduction_option()};
  }

  explicit TripletMarginLoss(const Options& o)
      : margin_(o.get<double>("margin")),
        p_(o.get<double>("p")),
        eps_(o.get<double>("eps")),
        swap_(o.get<bool>("swap")),
        reduction_(checked_reduction(o, kOp)) {}

  Tensor forward(const Tensor&, const Tensor&) override { reject_two_inputs(kOp, kInputs); }

  Tensor forward(const TensorList& inputs) override {
    check_three_inputs(kOp, inputs, kInputs);
    const Tensor& anchor = inputs[0];
    const Tensor& positive = inputs[1];
    const Tensor& negative = inputs[2];
    AXON_CHECK(anchor.dim() == positive.dim() && positive.dim() == negative.dim(),
               "{}: all inputs should have the same dimension, but got {}D, {}D and {}D inputs",
               kOp, anchor.dim(), positive.dim(), negative.dim());
    ErrorContext context(kOp);
    Tensor to_positive = distance(anchor, positive);
    Tensor to_negative = distance(anchor, negative);
    if (swap_) to_negative = minimum(to_negative, distance(positive, negative));
    return reduce(clamp(margin_ + to_positive - to_negative, 0.0, std::nullopt), reduction_);
  }

  std::string describe() const override {
    return fmt::format("TripletMarginLoss(margin={}, p={}, eps={}, swap={}, reduction={})", margin_,
                       p_, eps_, swap_, reduction_);
  }

 private:
  // PyTorch's pairwise_distance: ||x1 - x2 + eps||_p over the last dim (a 0-D
  // difference is its own last dim).
  Tensor distance(const Tensor& x1, const Tensor& x2) const {
    Tensor d = x1 - x2 + eps_;
    return p_norm(d.dim() == 0 ? d.unsqueeze(0) : d, p_);
  }

  double margin_;
  double p_;
  double eps_;
  bool swap_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("triplet_margin", axon::losses::TripletMarginLoss,
                   "max(0, margin + d(a, p) - d(a, n)), from (anchor, positive, negative)");
