// Runs conformance cases on a device under test and on the cpu, and compares.
#include <axon/autograd.h>
#include <axon/conformance.h>
#include <axon/dispatcher.h>
#include <axon/error.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <regex>

namespace axon {
namespace {

// FNV-1a of "op/name": a case's seed, the same in every process.
uint64_t case_seed(const ConformanceCase& c) {
  uint64_t hash = 14695981039346656037ULL;
  for (char ch : c.op + "/" + c.name)
    hash = (hash ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
  return hash;
}

// Puts a device's generator in a fixed state for one run (so that the random
// primitives draw the same numbers on both devices) and restores it after.
class SeededGenerator {
 public:
  SeededGenerator(Device& device, uint64_t seed) : device_(device), saved_(device.generator()) {
    device.generator() = Generator{seed, 0};
  }
  ~SeededGenerator() { device_.generator() = saved_; }
  SeededGenerator(const SeededGenerator&) = delete;
  SeededGenerator& operator=(const SeededGenerator&) = delete;

 private:
  Device& device_;
  Generator saved_;
};

// What one run of a case produced, moved to the cpu.
struct RunOutput {
  TensorList outputs;
  TensorList grads;  // of the inputs that require grad; empty without grad
};

TensorList to_cpu(const TensorList& list) {
  Device& cpu = device("cpu");
  TensorList out;
  for (const Tensor& t : list) out.push_back(t.defined() ? t.detach().to(cpu) : t);
  return out;
}

// Backpropagates sum(y * w) over the floating outputs y that require grad,
// with fixed random weights w (given to backward as y's gradient); returns
// the leaves' gradients, or nothing when no output requires grad.
TensorList input_grads(CaseInputs& in, const TensorList& outputs) {
  TensorList roots, weights;
  for (const Tensor& y : outputs) {
    if (!y.requires_grad() || !is_floating(y.dtype())) continue;
    roots.push_back(y);
    weights.push_back(in.constant(y.shape(), {.low = -1, .high = 1, .dtype = y.dtype()}));
  }
  if (roots.empty()) return {};
  autograd::backward(roots, weights);
  TensorList grads;
  for (const Tensor& leaf : in.leaves()) grads.push_back(leaf.grad());
  return grads;
}

RunOutput run_once(const ConformanceCase& c, Device& device, bool grad) {
  const uint64_t seed = case_seed(c);
  SeededGenerator generator(device, seed);
  CaseInputs in(device, seed, grad);
  TensorList outputs = c.run(in);
  TensorList grads = grad ? input_grads(in, outputs) : TensorList{};
  device.synchronize();  // a queued kernel's error surfaces here, in this case
  return {to_cpu(outputs), to_cpu(grads)};
}

struct Outcome {
  ConformanceStatus status = ConformanceStatus::ok;
  double max_nmse = 0;
  std::string message;
};

Outcome fail(std::string message) { return {ConformanceStatus::fail, 0, std::move(message)}; }

uint64_t launches(const Device& device, const std::string& op) {
  const auto counts = device.stats().kernels_per_op;
  const auto it = counts.find(op);
  return it == counts.end() ? 0 : it->second;
}

// Waits for the device's queue; the error of a queued kernel, if any.
std::string drain(Device& device) {
  try {
    device.synchronize();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

// A case that threw on the device under test: an op without a kernel (the
// dispatcher's error under the 'error' policy) makes it NOT SUPPORTED.
Outcome outcome_of_error(std::string what, Device& device) {
  const bool missing = what.find("has no kernel for device") != std::string::npos;
  std::string pending = drain(device);
  if (missing && pending.empty()) {
    // Without the dispatcher's hint to allow the fallback, which the harness forbids.
    return {ConformanceStatus::not_supported, 0, what.substr(0, what.find(" (fallback policy"))};
  }
  return fail(pending.empty() ? std::move(what) : std::move(pending));
}

// Why `item` ("output 0") is `a` on the device and not `b` as on the cpu,
// or "" when it is within tolerance; raises max_nmse to the item's nmse.
std::string difference(const std::string& item, const Tensor& a, const Tensor& b,
                       const std::string& device, double tolerance, double& max_nmse) {
  if (a.defined() != b.defined())
    return fmt::format("{}: {} on {}, {} on the cpu", item, a.defined() ? "defined" : "none",
                       device, b.defined() ? "defined" : "none");
  if (!a.defined()) return "";
  if (a.dtype() != b.dtype() || a.shape() != b.shape())
    return fmt::format("{}: {} {} on {}, {} {} on the cpu", item, dtype_name(a.dtype()),
                       shape_str(a.shape()), device, dtype_name(b.dtype()), shape_str(b.shape()));
  // Integer and bool results must match exactly.
  const double limit = is_floating(b.dtype()) ? tolerance : 0.0;
  const double error = nmse(a, b);
  max_nmse = std::max(max_nmse, error);
  if (error <= limit) return "";
  return fmt::format("{} differs from the cpu: nmse {:.2e} > tolerance {:.0e}", item, error, limit);
}

// The first item of `got` (from the device) that differs from `expected`
// ("output 0: ...", "gradient of input 1: ..."), or "" when none does.
std::string first_difference(const TensorList& got, const TensorList& expected, const char* what,
                             const std::string& device, double tolerance, double& max_nmse) {
  if (got.size() != expected.size())
    return fmt::format("{} {}s on {}, {} on the cpu", got.size(), what, device, expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const std::string why =
        difference(fmt::format("{} {}", what, i), got[i], expected[i], device, tolerance, max_nmse);
    if (!why.empty()) return why;
  }
  return "";
}

Outcome run_case(const ConformanceCase& c, Device& device, bool grad) {
  RunOutput expected, got;
  try {
    expected = run_once(c, axon::device("cpu"), grad);
  } catch (const std::exception& e) {
    return fail(fmt::format("on the cpu reference: {}", e.what()));
  }
  const uint64_t before = launches(device, c.op);
  try {
    ScopedFallbackPolicy native_only(FallbackPolicy::error);
    got = run_once(c, device, grad);
  } catch (const std::exception& e) {
    return outcome_of_error(e.what(), device);
  }
  if (launches(device, c.op) == before)
    return fail(fmt::format("case did not run primitive {} on {}", c.op, device.name()));
  Outcome outcome;
  outcome.message = first_difference(got.outputs, expected.outputs, "output", device.name(),
                                     c.tolerance, outcome.max_nmse);
  if (outcome.message.empty())
    outcome.message = first_difference(got.grads, expected.grads, "gradient of input",
                                       device.name(), c.tolerance, outcome.max_nmse);
  if (!outcome.message.empty()) outcome.status = ConformanceStatus::fail;
  return outcome;
}

std::vector<Device*> selected_devices(const std::string& spec) {
  if (!spec.empty()) return {&device(spec)};
  std::vector<Device*> devices;
  for (const DeviceTypeInfo& type : device_types())
    if (!type.devices.empty() && type.unavailable_reason.empty())
      devices.push_back(type.devices.front());
  return devices;
}

std::vector<std::string_view> selected_ops(const std::string& pattern) {
  std::regex re;
  try {
    re = std::regex(pattern);
  } catch (const std::regex_error& e) {
    throw_error(fmt::format("conformance: invalid op regex '{}': {}", pattern, e.what()));
  }
  std::vector<std::string_view> ops;
  for (std::string_view name : primitive_names())
    if (std::regex_search(name.begin(), name.end(), re)) ops.push_back(name);
  AXON_CHECK(!ops.empty(), "conformance: no primitive op matches '{}' (known: {})", pattern,
             fmt::join(primitive_names(), ", "));
  return ops;
}

ConformanceResult result_of(std::string_view op, const Device& device, ConformanceStatus status,
                            std::string message) {
  ConformanceResult result;
  result.device = device.name();
  result.op = op;
  result.status = status;
  result.message = std::move(message);
  return result;
}

}  // namespace

ConformanceResult run_cases(std::string_view op, const std::vector<ConformanceCase>& cases,
                            Device& device, bool grad) {
  ConformanceResult result = result_of(op, device, ConformanceStatus::ok, "");
  if (cases.empty()) return result_of(op, device, ConformanceStatus::fail, "no conformance case");
  for (const ConformanceCase& c : cases) {
    AXON_ASSERT(c.op == op, "conformance: case '{}' of {} run as a case of {}", c.name, c.op, op);
    const Outcome outcome = run_case(c, device, grad);
    result.max_nmse = std::max(result.max_nmse, outcome.max_nmse);
    if (outcome.status != ConformanceStatus::ok) {
      result.status = outcome.status;
      result.message = fmt::format("case '{}': {}", c.name, outcome.message);
      break;
    }
    ++result.cases;
  }
  return result;
}

ConformanceResult run_op_conformance(std::string_view op, Device& device, bool grad) {
  if (!dispatch::has_kernel(op, device.type()))
    return result_of(op, device, ConformanceStatus::not_supported,
                     fmt::format("no {} kernel for device type {}", op, device.type()));
  return run_cases(op, cases_for(op), device, grad);
}

std::vector<ConformanceResult> run_conformance(const ConformanceOptions& options) {
  const std::vector<std::string_view> ops = selected_ops(options.op);
  std::vector<ConformanceResult> results;
  for (Device* device : selected_devices(options.device))
    for (std::string_view op : ops)
      results.push_back(run_op_conformance(op, *device, options.grad));
  return results;
}

}  // namespace axon
