#include <axon/device.h>
#include <axon/dispatcher.h>

#include <fmt/format.h>

namespace axon {

Device::~Device() = default;

std::string Device::name() const { return fmt::format("{}:{}", type(), index()); }

DeviceStats Device::stats() const {
  std::lock_guard lock(stats_mutex_);
  DeviceStats out = stats_;
  for (int op = 0; op < kMaxOps; ++op) {
    uint64_t launched = kernel_counts_[op].load(std::memory_order_relaxed);
    uint64_t fell_back = fallback_counts_[op].load(std::memory_order_relaxed);
    if (launched == 0 && fell_back == 0) continue;
    std::string name(dispatch::op_name(op));
    if (launched) out.kernels_per_op[name] = launched;
    if (fell_back) out.fallbacks_per_op[name] = fell_back;
    out.kernels_launched += launched;
  }
  return out;
}

void Device::reset_stats() {
  std::lock_guard lock(stats_mutex_);
  uint64_t in_use = stats_.bytes_in_use;
  stats_ = DeviceStats{};
  stats_.bytes_in_use = stats_.peak_bytes = in_use;
  for (int op = 0; op < kMaxOps; ++op) kernel_counts_[op] = 0, fallback_counts_[op] = 0;
}

void Device::note_allocation(uint64_t bytes) {
  std::lock_guard lock(stats_mutex_);
  stats_.bytes_in_use += bytes;
  stats_.allocations += 1;
  if (stats_.bytes_in_use > stats_.peak_bytes) stats_.peak_bytes = stats_.bytes_in_use;
}

void Device::note_deallocation(uint64_t bytes) {
  std::lock_guard lock(stats_mutex_);
  stats_.bytes_in_use -= bytes;
}

void Device::note_kernel(int op_id) {
  if (op_id >= 0 && op_id < kMaxOps) kernel_counts_[op_id].fetch_add(1, std::memory_order_relaxed);
}

void Device::note_fallback(int op_id) {
  if (op_id >= 0 && op_id < kMaxOps)
    fallback_counts_[op_id].fetch_add(1, std::memory_order_relaxed);
}

void Device::note_copy_to_device(uint64_t bytes) {
  std::lock_guard lock(stats_mutex_);
  stats_.bytes_host_to_device += bytes;
  stats_.copies_host_to_device += 1;
}

void Device::note_copy_to_host(uint64_t bytes) {
  std::lock_guard lock(stats_mutex_);
  stats_.bytes_device_to_host += bytes;
  stats_.copies_device_to_host += 1;
}

void Device::note_copy_within(uint64_t bytes) {
  std::lock_guard lock(stats_mutex_);
  stats_.bytes_device_to_device += bytes;
  stats_.copies_device_to_device += 1;
}

}  // namespace axon
