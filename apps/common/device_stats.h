// --stats of the example programs: what a device launched and moved during a
// run, and the same per training step, so that a host round trip hidden in
// the loop shows up as a copy count per step above what the loop asks for
// (the batch's x and y in, the loss out).
#pragma once

#include <axon/device.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <string>
#include <vector>

namespace apps {

inline std::string per_op_str(const std::map<std::string, uint64_t>& counts) {
  if (counts.empty()) return "none";
  std::vector<std::string> parts;
  for (const auto& [op, count] : counts) parts.push_back(fmt::format("{} {}", op, count));
  return fmt::format("{}", fmt::join(parts, ", "));
}

inline uint64_t total_fallbacks(const axon::DeviceStats& s) {
  uint64_t total = 0;
  for (const auto& [op, count] : s.fallbacks_per_op) total += count;
  return total;
}

inline void print_device_stats(const axon::Device& device) {
  const axon::DeviceStats s = device.stats();
  fmt::print("{} statistics:\n", device.name());
  fmt::print("  kernels launched: {} ({})\n", s.kernels_launched, per_op_str(s.kernels_per_op));
  fmt::print("  fallbacks to the cpu: {}\n", per_op_str(s.fallbacks_per_op));
  fmt::print("  host->device: {} copies, {} bytes\n", s.copies_host_to_device,
             s.bytes_host_to_device);
  fmt::print("  device->host: {} copies, {} bytes\n", s.copies_device_to_host,
             s.bytes_device_to_host);
  fmt::print("  device->device: {} copies, {} bytes\n", s.copies_device_to_device,
             s.bytes_device_to_device);
  fmt::print("  memory: peak {} bytes, {} allocations\n", s.peak_bytes, s.allocations);
}

// Counts between two snapshots, divided by the steps taken between them.
inline void print_per_step(const axon::DeviceStats& before, const axon::DeviceStats& after,
                           int64_t steps) {
  const double n = static_cast<double>(steps);
  auto per = [n](uint64_t a, uint64_t b) { return static_cast<double>(b - a) / n; };
  fmt::print(
      "  per training step ({} steps): {:.1f} kernels, {:.1f} host->device copies, {:.1f} "
      "device->host copies, {:.1f} device->device copies, {:.1f} fallbacks\n",
      steps, per(before.kernels_launched, after.kernels_launched),
      per(before.copies_host_to_device, after.copies_host_to_device),
      per(before.copies_device_to_host, after.copies_device_to_host),
      per(before.copies_device_to_device, after.copies_device_to_device),
      per(total_fallbacks(before), total_fallbacks(after)));
}

}  // namespace apps
