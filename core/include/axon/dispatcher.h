// The dispatcher: a table from (op, device type) to a kernel. Backends fill it
// when their plugin loads; the ops API calls through it. When a device has no
// kernel for an op, the fallback policy decides: error (throw), warn (run the
// CPU kernel on copies, warn once per op, count it), allow (the same, silently).
#pragma once

#include <axon/kernels.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace axon {

enum class FallbackPolicy { error, warn, allow };

// The process-wide policy: AXON_FALLBACK=error|warn|allow, default warn.
FallbackPolicy fallback_policy();
void set_fallback_policy(FallbackPolicy policy);

// Overrides the policy on this thread while in scope.
class ScopedFallbackPolicy {
 public:
  explicit ScopedFallbackPolicy(FallbackPolicy policy);
  ~ScopedFallbackPolicy();
  ScopedFallbackPolicy(const ScopedFallbackPolicy&) = delete;
  ScopedFallbackPolicy& operator=(const ScopedFallbackPolicy&) = delete;

 private:
  std::optional<FallbackPolicy> saved_;
};

namespace dispatch {

using OpId = int;

// Interns an op name (cheap after the first call; cache the id in a static).
OpId op_id(std::string_view name);
std::string_view op_name(OpId id);
int device_type_id(std::string_view type);

// Runs op on `device` (the device of the op's tensors).
void call(OpId op, Device& device, const KernelArgs& args);
inline void call(std::string_view op, Device& device, const KernelArgs& args) {
  call(op_id(op), device, args);
}

// These two load the default plugins first, like every lookup by name.
bool has_kernel(std::string_view op, std::string_view device_type);
// The ops with a kernel for this device type, sorted.
std::vector<std::string> native_ops(std::string_view device_type);
// The kernel registered for (op, device type), or nullptr. The pointer stays
// valid for the life of the process. Does not load plugins: a backend that runs
// another backend's kernels (the simulated mlu runs the cpu's on its own
// memory) looks them up when it first launches them.
const Kernel* find_kernel(OpId op, std::string_view device_type);
// Which library registered the kernel ("" when none). Does not load plugins
// (the loader itself asks it while committing a plugin).
std::string kernel_owner(std::string_view op, std::string_view device_type);

}  // namespace dispatch
}  // namespace axon
