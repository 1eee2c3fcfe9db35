// axon devices [--coverage]: each device type with its devices (name, info,
// memory), unavailable types with the reason, and the best device.
#include <axon/device.h>
#include <axon/dispatcher.h>
#include <axon/kernels.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "commands.h"

namespace axon::cli {
namespace {

// 8589934592 -> "8.0 GiB"
std::string bytes_str(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  for (; value >= 1024 && unit + 1 < std::size(units); ++unit) value /= 1024;
  return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string memory_str(const DeviceInfo& info) {
  if (info.memory_total == 0) return "memory unknown";
  return fmt::format("memory {} total, {} free", bytes_str(info.memory_total),
                     bytes_str(info.memory_free));
}

// Which primitives the type runs natively (the others fall back to the cpu),
// and the fused kernels plugins added for it.
void print_coverage(const std::string& type) {
  std::vector<std::string> native, missing, fused;
  for (auto name : primitive_names())
    (dispatch::has_kernel(name, type) ? native : missing).emplace_back(name);
  for (const auto& op : dispatch::native_ops(type)) {
    if (!is_primitive(op)) fused.push_back(op);
  }
  const size_t total = primitive_names().size();
  fmt::print("  native primitives: {} of {}: {}\n", native.size(), total, fmt::join(native, ", "));
  if (!missing.empty()) fmt::print("  without a kernel (fallback): {}\n", fmt::join(missing, ", "));
  if (!fused.empty()) fmt::print("  fused kernels: {}\n", fmt::join(fused, ", "));
}

void print_type(const DeviceTypeInfo& info, bool coverage) {
  fmt::print("{} (priority {}, {})\n", info.type, info.priority, info.library);
  if (info.devices.empty()) fmt::print("  unavailable: {}\n", info.unavailable_reason);
  for (const Device* device : info.devices) {
    const DeviceInfo d = device->info();
    fmt::print("  {}  {}, {}\n", device->name(), d.name, memory_str(d));
    if (!d.details.empty()) fmt::print("  {:{}}  {}\n", "", device->name().size(), d.details);
  }
  if (coverage && !info.devices.empty()) print_coverage(info.type);
}

}  // namespace

void add_devices_command(CLI::App& app) {
  auto coverage = std::make_shared<bool>(false);
  CLI::App* cmd =
      app.add_subcommand("devices", "List the device types, their devices and the best one");
  cmd->add_flag("--coverage", *coverage, "Also show which primitive ops each device runs natively");
  cmd->callback([coverage] {
    // Throws, saying why, when no device can be used (no backend, none available).
    const Device& best = best_device();
    for (const auto& info : device_types()) print_type(info, *coverage);
    fmt::print("best device: {}\n", best.name());
  });
}

}  // namespace axon::cli
