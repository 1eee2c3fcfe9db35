// Helpers shared by the losses whose options are PyTorch's reduction and
// elementwise weights (l1, huber, binary_cross_entropy, ...), and by those
// that take three tensors (margin_ranking, triplet_margin, gaussian_nll, ...).
#pragma once

#include <axon/error.h>
#include <axon/options.h>
#include <axon/tensor.h>

#include <optional>
#include <string>
#include <vector>

namespace axon::losses {

inline OptionSpec reduction_option() {
  return {"reduction", OptionType::string, std::string("mean"), "none | mean | sum"};
}

// The reduction option, checked for `op`.
inline std::string checked_reduction(const Options& o, const char* op) {
  auto reduction = o.get<std::string>("reduction");
  parse_reduction(reduction, op);
  return reduction;
}

// A number-list weight (PyTorch's weight tensor, flattened) as a tensor that
// broadcasts against input: shaped as input's last k dims for the smallest k
// whose sizes multiply to the list's length (1: a scalar, size(-1): one per
// last-dim entry, numel: one per element). Undefined when None.
inline Tensor broadcast_weight(const char* op, const char* name,
                               const std::optional<std::vector<double>>& values,
                               const Tensor& input) {
  if (!values) return Tensor();
  auto count = static_cast<int64_t>(values->size());
  Shape shape;
  int64_t product = 1;
  for (int64_t d = input.dim() - 1; product < count && d >= 0; --d) {
    product *= input.size(d);
    shape.insert(shape.begin(), input.size(d));
  }
  AXON_CHECK(product == count,
             "{}: expected {} with as many values as some trailing dims of the input of shape {} "
             "hold (1, {}, ...), got {} values",
             op, name, shape_str(input.shape()), input.dim() > 0 ? input.size(-1) : 1, count);
  return from_vector(*values, shape).to(input.dtype()).to(input.device());
}

// The three tensors of a three-tensor loss; `names` lists them in order.
inline void check_three_inputs(const char* op, const TensorList& inputs,
                               const char* names = "input1, input2, target") {
  AXON_CHECK(inputs.size() == 3, "{}: expected 3 tensors ({}), got {}", op, names, inputs.size());
}

// The (input, target) forward of a three-tensor loss.
[[noreturn]] inline void reject_two_inputs(const char* op,
                                           const char* names = "input1, input2, target") {
  throw_error(fmt::format("{}: expected forward({{{}}}), got (input, target)", op, names));
}

}  // namespace axon::losses
