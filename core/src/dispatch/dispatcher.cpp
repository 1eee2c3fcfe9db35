// The kernel table and the fallback path.
#include "dispatch/kernel_table.h"

#include <axon/device.h>
#include <axon/dispatcher.h>
#include <axon/error.h>
#include <axon/plugin.h>
#include <axon/tensor.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace axon {
namespace {

constexpr int kMaxDeviceTypes = 32;
constexpr int kMaxOps = 2048;  // Device keeps per-op counters of the same size

struct OpEntry {
  std::string name;
  // Indexed by device type id.
  std::array<Kernel, kMaxDeviceTypes> kernels;
  std::array<std::string, kMaxDeviceTypes> owners;
};

// Entries are allocated once and never move, so the hot path (call) reads
// without a lock; interning and registration take the mutex.
struct Table {
  std::mutex mutex;
  std::array<std::unique_ptr<OpEntry>, kMaxOps> ops;
  int num_ops = 0;
  std::unordered_map<std::string, int> op_ids;
  std::vector<std::string> device_types;
  std::set<std::pair<int, int>> warned;  // (op, device type) fallbacks already reported
};

// Never destroyed: kernels may be called from static destructors of plugins.
Table& table() {
  static Table* t = new Table();
  return *t;
}

FallbackPolicy policy_from_env() {
  const char* env = std::getenv("AXON_FALLBACK");
  std::string value = env ? env : "warn";
  if (value == "error") return FallbackPolicy::error;
  if (value == "allow") return FallbackPolicy::allow;
  if (value != "warn")
    std::fprintf(stderr,
                 "axon: warning: AXON_FALLBACK='%s' is not error, warn or allow; using warn\n",
                 value.c_str());
  return FallbackPolicy::warn;
}

std::atomic<int>& global_policy() {
  static std::atomic<int> policy{static_cast<int>(policy_from_env())};
  return policy;
}

thread_local std::optional<FallbackPolicy> scoped_policy;

// Host copy of a whole storage, so that strided views keep their offsets.
struct HostCopy {
  std::unique_ptr<Storage> storage;
  TensorArg arg;
};

HostCopy to_host(const TensorArg& arg, Device& cpu) {
  HostCopy copy{std::make_unique<Storage>(cpu, arg.storage_bytes), arg};
  if (arg.storage_bytes)
    arg.device->copy_to_host(copy.storage->data(), arg.base, arg.storage_bytes);
  arg.device->note_copy_to_host(arg.storage_bytes);
  copy.arg.base = copy.storage->data();
  copy.arg.device = &cpu;
  return copy;
}

void run_on_cpu(dispatch::OpId op, Device& device, const KernelArgs& args) {
  Device& cpu = axon::device("cpu");
  const Kernel& kernel = table().ops[op]->kernels[cpu.type_id()];
  AXON_CHECK(kernel, "{}: no kernel for device {} and none for the cpu fallback either",
             dispatch::op_name(op), device.type());
  KernelArgs host = args;
  std::vector<HostCopy> copies;
  for (auto* list : {&host.in, &host.out})
    for (auto& arg : *list) {
      copies.push_back(to_host(arg, cpu));
      arg = copies.back().arg;
    }
  cpu.note_kernel(op);
  kernel(host);
  for (size_t i = 0; i < args.out.size(); ++i) {
    const TensorArg& dst = args.out[i];
    const HostCopy& src = copies[args.in.size() + i];
    if (dst.storage_bytes) device.copy_from_host(dst.base, src.storage->data(), dst.storage_bytes);
    device.note_copy_to_device(dst.storage_bytes);
  }
}

void fallback(dispatch::OpId op, Device& device, const KernelArgs& args) {
  std::string_view name = dispatch::op_name(op);
  FallbackPolicy policy = fallback_policy();
  AXON_CHECK(!device.is_host(), "{}: no kernel registered for device {}", name, device.type());
  AXON_CHECK(
      policy != FallbackPolicy::error,
      "op {} has no kernel for device {} (fallback policy is 'error'; set AXON_FALLBACK=warn "
      "to run it on the cpu)",
      name, device.type());
  if (policy == FallbackPolicy::warn) {
    std::lock_guard lock(table().mutex);
    if (table().warned.insert({op, device.type_id()}).second)
      std::fprintf(stderr,
                   "axon: warning: op %.*s has no kernel for device %s; running it on the cpu "
                   "(fallback policy 'warn', reported once per op)\n",
                   static_cast<int>(name.size()), name.data(), device.type().c_str());
  }
  device.note_fallback(op);
  run_on_cpu(op, device, args);
}

}  // namespace

FallbackPolicy fallback_policy() {
  if (scoped_policy) return *scoped_policy;
  return static_cast<FallbackPolicy>(global_policy().load());
}

void set_fallback_policy(FallbackPolicy policy) { global_policy() = static_cast<int>(policy); }

ScopedFallbackPolicy::ScopedFallbackPolicy(FallbackPolicy policy) : saved_(scoped_policy) {
  scoped_policy = policy;
}
ScopedFallbackPolicy::~ScopedFallbackPolicy() { scoped_policy = saved_; }

namespace dispatch {

OpId op_id(std::string_view name) {
  Table& t = table();
  std::lock_guard lock(t.mutex);
  auto it = t.op_ids.find(std::string(name));
  if (it != t.op_ids.end()) return it->second;
  AXON_CHECK(t.num_ops < kMaxOps, "too many ops (at most {})", kMaxOps);
  int id = t.num_ops++;
  t.ops[id] = std::make_unique<OpEntry>();
  t.ops[id]->name = std::string(name);
  t.op_ids.emplace(std::string(name), id);
  return id;
}

std::string_view op_name(OpId id) {
  Table& t = table();
  AXON_ASSERT(id >= 0 && id < t.num_ops, "unknown op id {}", id);
  return t.ops[id]->name;
}

int device_type_id(std::string_view type) {
  Table& t = table();
  std::lock_guard lock(t.mutex);
  auto it = std::find(t.device_types.begin(), t.device_types.end(), type);
  if (it != t.device_types.end()) return static_cast<int>(it - t.device_types.begin());
  AXON_CHECK(t.device_types.size() < kMaxDeviceTypes, "too many device types (at most {})",
             kMaxDeviceTypes);
  t.device_types.emplace_back(type);
  return static_cast<int>(t.device_types.size()) - 1;
}

void call(OpId op, Device& device, const KernelArgs& args) {
  int type = device.type_id();
  AXON_ASSERT(type >= 0, "device {} was not registered", device.type());
  const Kernel& kernel = table().ops[op]->kernels[type];
  if (kernel) {
    device.note_kernel(op);
    kernel(args);
    return;
  }
  fallback(op, device, args);
}

bool has_kernel(std::string_view op, std::string_view device_type) {
  load_default_plugins();
  return !kernel_owner(op, device_type).empty();
}

std::vector<std::string> native_ops(std::string_view device_type) {
  load_default_plugins();
  int type = device_type_id(device_type);
  std::vector<std::string> names;
  Table& t = table();
  std::lock_guard lock(t.mutex);
  for (int op = 0; op < t.num_ops; ++op)
    if (t.ops[op]->kernels[type]) names.push_back(t.ops[op]->name);
  std::sort(names.begin(), names.end());
  return names;
}

const Kernel* find_kernel(OpId op, std::string_view device_type) {
  int type = device_type_id(device_type);
  AXON_ASSERT(op >= 0 && op < table().num_ops, "unknown op id {}", op);
  const Kernel& kernel = table().ops[op]->kernels[type];
  return kernel ? &kernel : nullptr;
}

std::string kernel_owner(std::string_view op, std::string_view device_type) {
  int id = op_id(op), type = device_type_id(device_type);
  std::lock_guard lock(table().mutex);
  return table().ops[id]->owners[type];
}

void add_kernel(std::string_view op, std::string_view device_type, Kernel kernel,
                std::string library) {
  int id = op_id(op), type = device_type_id(device_type);
  std::lock_guard lock(table().mutex);
  table().ops[id]->kernels[type] = std::move(kernel);
  table().ops[id]->owners[type] = std::move(library);
}

}  // namespace dispatch
}  // namespace axon
