// The conformance harness: every primitive op of kernels.h, over a list of
// cases per op, run on a device under test and compared with the cpu
// reference by normalized mean squared error,
//   nmse(got, expected) = sum((got - expected)^2) / max(sum(expected^2), tiny),
// against a per-case tolerance (integer and bool outputs must match exactly).
// While a case runs on the device under test the fallback policy is 'error',
// so a pass proves the op ran natively; the device's kernel counters must
// also show that the case launched its primitive there. A device without a
// kernel for the op (or for an op the case needs besides it) is reported
// NOT SUPPORTED, not as a failure. The `axon conformance` command and the
// test suite both run these cases.
//
// Cases live in core/src/conformance/cases_*.cpp, one file per kernel family;
// a new family (conv2d, pooling) is one more file that registers its cases.
#pragma once

#include <axon/dtype.h>
#include <axon/tensor.h>

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace axon {

// NMSE tolerances. f32 rounding differences alone give about 1e-14.
inline constexpr double kNmseExact = 1e-10;  // no approximation: copy, arithmetic, indexing
inline constexpr double kNmseMath = 1e-8;    // transcendental functions, reductions, softmax
inline constexpr double kNmseGemm = 1e-6;    // matmul: a device may block or fuse its sums

// How a case's input values are drawn.
struct Values {
  double low = -2, high = 2;  // [low, high)
  DType dtype = DType::f32;   // f32, i64 or bool (bool: about half true)
  bool whole = false;         // f32 whole numbers only, so that ties occur (max, comparisons)
};

// The inputs of one run of a case. Values come from the host, drawn from the
// case's seed, so the reference and the device under test see the same
// numbers; they are then moved to the device. In grad mode, floating inputs
// are leaves that require grad.
class CaseInputs {
 public:
  CaseInputs(Device& device, uint64_t seed, bool grad);
  Device& device() const { return *device_; }
  // A contiguous tensor on the device (a grad leaf when floating and in grad mode).
  Tensor input(const Shape& shape, const Values& values = {});
  // The same, never requiring grad: targets of in-place updates, backward weights.
  Tensor constant(const Shape& shape, const Values& values = {});
  // The inputs that require grad, in creation order.
  const TensorList& leaves() const { return leaves_; }

 private:
  Device* device_;
  bool grad_;
  std::mt19937_64 rng_;
  TensorList leaves_;
};

struct ConformanceCase {
  std::string op;    // the primitive it exercises ("softmax")
  std::string name;  // what is particular about it ("dim 0 of 7x13 transposed")
  double tolerance = kNmseExact;
  // Runs the op on in.device() (through the ops API, or dispatch::call where
  // no ops function exposes the primitive) and returns the outputs to compare.
  std::function<TensorList(CaseInputs& in)> run;
};

// Every registered case, grouped by family.
const std::vector<ConformanceCase>& conformance_cases();
std::vector<ConformanceCase> cases_for(std::string_view op);

// nmse as above, in double; infinite where one side has a NaN or infinity
// the other lacks. Both tensors must have the same shape.
double nmse(const Tensor& got, const Tensor& expected);

enum class ConformanceStatus { ok, fail, not_supported };
// "OK", "FAIL", "NOT SUPPORTED"
std::string_view status_name(ConformanceStatus status);

struct ConformanceResult {
  std::string device;  // "mlu:0"
  std::string op;
  ConformanceStatus status = ConformanceStatus::ok;
  int cases = 0;        // cases that ran to the end
  double max_nmse = 0;  // over every output and gradient compared
  std::string message;  // FAIL: the first error; NOT SUPPORTED: what is missing
};

struct ConformanceOptions {
  std::string device;  // "" for every available device type, else "mlu" or "mlu:1"
  std::string op;      // a regex searched in each primitive's name ("" for all)
  bool grad = false;   // also compare the gradients of the inputs
};

// Runs `cases` (all for `op`) on `device` against the cpu. With grad, the
// outputs that require grad are reduced with fixed random weights (passed to
// backward as their gradients) and the inputs' gradients are compared too.
ConformanceResult run_cases(std::string_view op, const std::vector<ConformanceCase>& cases,
                            Device& device, bool grad);
// run_cases with op's registered cases; NOT SUPPORTED without a kernel.
ConformanceResult run_op_conformance(std::string_view op, Device& device, bool grad);
// Every primitive matching options.op on every device options.device selects,
// grouped by device in kPrimitives order. Throws for an unknown device or a
// regex that matches no primitive.
std::vector<ConformanceResult> run_conformance(const ConformanceOptions& options);

}  // namespace axon
