// The comparison measure of the conformance harness.
#include <axon/conformance.h>
#include <axon/error.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace axon {
namespace {

// The denominator's floor: an all-zero reference still detects any difference.
constexpr double kTiny = 1e-30;

// Both NaN, or the same infinity.
bool same_special(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

double nmse(const Tensor& got, const Tensor& expected) {
  AXON_CHECK(got.shape() == expected.shape(), "nmse: expected tensors of one shape, got {} and {}",
             shape_str(got.shape()), shape_str(expected.shape()));
  const std::vector<double> a = got.to_vector<double>(), b = expected.to_vector<double>();
  double error = 0, norm = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
      if (same_special(a[i], b[i])) continue;
      return std::numeric_limits<double>::infinity();
    }
    error += (a[i] - b[i]) * (a[i] - b[i]);
    norm += b[i] * b[i];
  }
  return error / std::max(norm, kTiny);
}

std::string_view status_name(ConformanceStatus status) {
  switch (status) {
    case ConformanceStatus::ok:
      return "OK";
    case ConformanceStatus::fail:
      return "FAIL";
    case ConformanceStatus::not_supported:
      return "NOT SUPPORTED";
  }
  return "?";
}

}  // namespace axon
