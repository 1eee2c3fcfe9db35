// CosineEmbeddingLoss, as torch.nn.CosineEmbeddingLoss: with c the cosine
// similarity of x1 and x2, 1 - c where y = 1 and max(0, c - margin) where y = -1.
//   forward({input1, input2, target}): input1, input2 (N, D) or (D); target (N) or ()
//   loss: (N) or () with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "cosine_embedding";
// Added to each squared norm, as PyTorch's (1e-12), so that a zero vector
// gives c = 0 rather than NaN.
constexpr double kEps = 1e-12;

class CosineEmbeddingLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"margin", OptionType::number, 0.0, "the similarity below which y = -1 pairs cost 0"},
            reduction_option()};
  }

  explicit CosineEmbeddingLoss(const Options& o)
      : margin_(o.get<double>("margin")), reduction_(checked_reduction(o, kOp)) {}

  Tensor forward(const Tensor&, const Tensor&) override { reject_two_inputs(kOp); }

  Tensor forward(const TensorList& inputs) override {
    check_three_inputs(kOp, inputs);
    const Tensor& x1 = inputs[0];
    const Tensor& x2 = inputs[1];
    const Tensor& target = inputs[2];
    check_shapes(x1, x2, target);
    ErrorContext context(kOp);
    std::vector<int64_t> feature_dim = {x1.dim() - 1};
    Tensor dot = sum(x1 * x2, feature_dim);
    Tensor norms =
        sqrt((sum(square(x1), feature_dim) + kEps) * (sum(square(x2), feature_dim) + kEps));
    Tensor cosine = dot / norms;
    Tensor positive = where(eq(target, 1.0), 1.0 - cosine, zeros_like(cosine));
    Tensor negative =
        where(eq(target, -1.0), clamp(cosine - margin_, 0.0, std::nullopt), zeros_like(cosine));
    return reduce(positive + negative, reduction_);
  }

  std::string describe() const override {
    return fmt::format("CosineEmbeddingLoss(margin={}, reduction={})", margin_, reduction_);
  }

 private:
  static void check_shapes(const Tensor& x1, const Tensor& x2, const Tensor& target) {
    AXON_CHECK((x1.dim() == 1 || x1.dim() == 2) && x1.shape() == x2.shape(),
               "{}: expected input1 and input2 of the same shape (N, D) or (D), got {} and {}", kOp,
               shape_str(x1.shape()), shape_str(x2.shape()));
    AXON_CHECK(target.dim() == x1.dim() - 1 && (target.dim() == 0 || target.size(0) == x1.size(0)),
               "{}: expected target of shape {} for inputs of shape {}, got {}", kOp,
               x1.dim() == 2 ? shape_str({x1.size(0)}) : shape_str({}), shape_str(x1.shape()),
               shape_str(target.shape()));
  }

  double margin_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("cosine_embedding", axon::losses::CosineEmbeddingLoss,
                   "1 - cos(x1, x2) for y = 1, max(0, cos - margin) for y = -1");
