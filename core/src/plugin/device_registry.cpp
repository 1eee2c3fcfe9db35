// The device registry: device("mlu:1"), best_device(), device_types(),
// manual_seed(). Device types come from backend plugins (registry_table.cpp).
#include <axon/device.h>
#include <axon/error.h>
#include <axon/options.h>
#include <axon/plugin.h>

#include <algorithm>
#include <charconv>

#include "plugin/plugin_search.h"
#include "plugin/registry_table.h"

namespace axon {
namespace {

struct DeviceSpec {
  std::string type;
  int index = 0;
};

// "cpu" -> (cpu, 0), "mlu:1" -> (mlu, 1).
DeviceSpec parse_spec(std::string_view spec) {
  const size_t colon = spec.find(':');
  DeviceSpec out{std::string(spec.substr(0, colon)), 0};
  bool ok = !out.type.empty();
  if (ok && colon != std::string_view::npos) {
    const std::string_view digits = spec.substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.index);
    ok = !digits.empty() && ec == std::errc() && end == digits.data() + digits.size() &&
         out.index >= 0;
  }
  AXON_CHECK(ok, "invalid device '{}' (expected a type and an optional index: cpu, cuda:1)", spec);
  return out;
}

// Why there is no device type at all: no backend among the plugins, or no plugins.
std::string no_backends_message() {
  if (registry_detail::empty()) {
    return "no device backend is loaded: " + loader_detail::no_plugins_message();
  }
  return "no device backend is loaded (the loaded plugins register no device type; see `axon "
         "plugins`)";
}

const DeviceTypeInfo& find_type(const std::vector<DeviceTypeInfo>& types, const std::string& type) {
  for (const auto& info : types) {
    if (info.type == type) return info;
  }
  AXON_CHECK(!types.empty(), "unknown device type '{}': {}", type, no_backends_message());
  std::vector<std::string> known;
  for (const auto& info : types) known.push_back(info.type);
  std::sort(known.begin(), known.end());
  const std::string match = closest_match(type, known);
  throw_error(fmt::format("unknown device type '{}' ({}known: {})", type,
                          match.empty() ? "" : fmt::format("did you mean '{}'?; ", match),
                          fmt::join(known, ", ")));
}

}  // namespace

Device& device(std::string_view spec) {
  const DeviceSpec parsed = parse_spec(spec);
  const auto types = device_types();
  const DeviceTypeInfo& info = find_type(types, parsed.type);
  AXON_CHECK(!info.devices.empty(), "device '{}' is unavailable: {}", spec,
             info.unavailable_reason);
  const int count = static_cast<int>(info.devices.size());
  AXON_CHECK(parsed.index < count, "device '{}' is out of range ({} has {} device{})", spec,
             info.type, count, count == 1 ? "" : "s");
  return *info.devices[parsed.index];
}

Device& best_device() {
  const auto types = device_types();
  AXON_CHECK(!types.empty(), "{}", no_backends_message());
  for (const auto& info : types) {
    if (!info.devices.empty()) return *info.devices.front();
  }
  std::vector<std::string> reasons;
  for (const auto& info : types) reasons.push_back(info.type + ": " + info.unavailable_reason);
  throw_error(fmt::format("no device is available ({})", fmt::join(reasons, "; ")));
}

std::vector<DeviceTypeInfo> device_types() {
  load_default_plugins();
  return registry_detail::device_types();
}

void manual_seed(uint64_t seed) {
  for (const auto& info : device_types()) {
    for (Device* d : info.devices) d->generator() = Generator{seed, 0};
  }
}

}  // namespace axon
