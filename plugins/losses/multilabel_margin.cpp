// MultiLabelMarginLoss: the multi-label hinge loss, as torch.nn.MultiLabelMarginLoss:
// for a sample x whose target lists its classes y[0], y[1], ... up to the
// first -1 (or the end),
//   sum over listed j and unlisted classes i of max(0, 1 - (x[y[j]] - x[i])), divided by C.
// A class listed twice counts twice; entries after the -1 are ignored, but,
// as PyTorch's, must still lie in [-1, C).
//   input: (N, C), (C) or (); target: i64 of input's shape ((C) or (1) for ())
//   loss: (N) or () with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "multilabel_margin";

// Input's rank, and target's dtype and shape, as PyTorch's shape check.
void check_inputs(const Tensor& input, const Tensor& target) {
  AXON_CHECK(input.dim() <= 2 && (input.dim() == 0 || input.size(-1) > 0),
             "{}: expected input of shape (N, C) or (C) with C > 0, got {}", kOp,
             shape_str(input.shape()));
  AXON_CHECK(target.dtype() == DType::i64,
             "{}: expected target of class indices with dtype i64, got {}", kOp,
             dtype_name(target.dtype()));
  bool unbatched_match = input.dim() < 2 && target.dim() <= 1 &&
                         target.numel() == (input.dim() == 0 ? 1 : input.size(0));
  AXON_CHECK(target.shape() == input.shape() || unbatched_match,
             "{}: expected target of the input's shape {} (class indices, each list ended by -1), "
             "got {}",
             kOp, shape_str(input.shape()), shape_str(target.shape()));
}

class MultiLabelMarginLoss : public Loss {
 public:
  static OptionSchema options() { return {reduction_option()}; }
  explicit MultiLabelMarginLoss(const Options& o) : reduction_(checked_reduction(o, kOp)) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    check_inputs(input, target);
    int64_t classes = input.dim() == 0 ? 1 : input.size(-1);
    if (target.numel() > 0) {
      auto low = amin(target).item<int64_t>(), high = amax(target).item<int64_t>();
      AXON_CHECK(low >= -1 && high < classes,
                 "{}: expected target values in [-1, {}) (class indices, or -1 to end the list), "
                 "got values from {} to {}",
                 kOp, classes, low, high);
    }
    ErrorContext context(kOp);
    Tensor losses = sample_losses(input.reshape({-1, classes}), target.reshape({-1, classes}));
    return reduce(input.dim() < 2 ? losses.squeeze(0) : losses, reduction_);
  }

  std::string describe() const override {
    return "MultiLabelMarginLoss(reduction=" + reduction_ + ")";
  }

 private:
  // input: (N, C); target: (N, C) -> (N)
  static Tensor sample_losses(const Tensor& input, const Tensor& target) {
    int64_t rows = input.size(0), classes = input.size(1);
    auto options = TensorOptions(input.dtype()).device(input.device());
    Tensor range = arange(0, classes, 1, TensorOptions(DType::i64).device(input.device()));
    // (N, C) over positions j: before the row's first -1. argmax gives the
    // first maximum: that -1, or the column appended for rows without one.
    Tensor ended = cat({lt(target, 0.0).to(input.dtype()), ones({rows, 1}, options)}, 1);
    Tensor listed = lt(range.unsqueeze(0), argmax(ended, 1, true));
    Tensor labels = where(listed, target, zeros_like(target));
    // (N, C) over classes i: i is listed (hits: (N, j, i)).
    Tensor hits =
        eq(labels.unsqueeze(2), range).to(input.dtype()) * listed.unsqueeze(2).to(input.dtype());
    Tensor is_target = gt(sum(hits, {1}), 0.0);
    // (N, j, i): the hinge of listed class y[j] against class i; relu, as
    // PyTorch's `z > 0`, passes no gradient where z is exactly 0.
    Tensor picked = gather(input, 1, labels);  // (N, C): x[y[j]]
    Tensor hinge = relu(1.0 - picked.unsqueeze(2) + input.unsqueeze(1));
    Tensor zero = zeros_like(hinge);
    hinge = where(is_target.unsqueeze(1), zero, hinge);
    hinge = where(listed.unsqueeze(2), hinge, zero);
    return sum(hinge, {1, 2}) / static_cast<double>(classes);
  }

  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("multilabel_margin", axon::losses::MultiLabelMarginLoss,
                   "multi-label hinge loss of -1-terminated class lists");
