// The device registry: device("mlu:1"), is_available(), best_device(),
// device_types(), manual_seed(). Device types come from backend plugins (registry_table.cpp).
#include <axon/device.h>
#include <axon/error.h>
#include <axon/options.h>
#include <axon/plugin.h>

#include <algorithm>
#include <charconv>

#include "plugin/device_map.h"
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

// Why `type` is not among the loaded types: the known ones and the closest match.
std::string unknown_type_message(const std::vector<DeviceTypeInfo>& types,
                                 const std::string& type) {
  if (types.empty())
    return fmt::format("unknown device type '{}': {}", type, no_backends_message());
  std::vector<std::string> known;
  for (const auto& info : types) known.push_back(info.type);
  std::sort(known.begin(), known.end());
  const std::string match = closest_match(type, known);
  return fmt::format("unknown device type '{}' ({}known: {})", type,
                     match.empty() ? "" : fmt::format("did you mean '{}'?; ", match),
                     fmt::join(known, ", "));
}

// The device `spec` names, or none and why.
struct Lookup {
  Device* device = nullptr;
  std::string error;
  bool unknown_type = false;
};

Lookup lookup(std::string_view spec) {
  const DeviceSpec parsed = parse_spec(spec);
  const auto types = device_types();
  const auto info = std::find_if(types.begin(), types.end(),
                                 [&](const DeviceTypeInfo& t) { return t.type == parsed.type; });
  if (info == types.end()) return {nullptr, unknown_type_message(types, parsed.type), true};
  if (info->devices.empty())
    return {nullptr, fmt::format("device '{}' is unavailable: {}", spec, info->unavailable_reason)};
  const int count = static_cast<int>(info->devices.size());
  if (parsed.index >= count)
    return {nullptr, fmt::format("device '{}' is out of range ({} has {} device{})", spec,
                                 info->type, count, count == 1 ? "" : "s")};
  return {info->devices[parsed.index], ""};
}

// "unknown device type 'mlx' (...) (AXON_DEVICE_MAP maps 'cuda:1' to 'mlx:1')"
std::string with_map_note(const std::string& error, std::string_view spec,
                          const std::string& resolved) {
  if (resolved == spec) return error;
  return fmt::format("{} (AXON_DEVICE_MAP maps '{}' to '{}')", error, spec, resolved);
}

}  // namespace

Device& device(std::string_view spec) {
  const std::string resolved = device_map_detail::remap_device(spec);
  const Lookup found = lookup(resolved);
  if (found.device == nullptr) throw_error(with_map_note(found.error, spec, resolved));
  return *found.device;
}

bool is_available(std::string_view spec) {
  const std::string resolved = device_map_detail::remap_device(spec);
  const Lookup found = lookup(resolved);
  // A map to a type that does not exist is a mistake in AXON_DEVICE_MAP, not a missing device.
  if (found.unknown_type && resolved != spec)
    throw_error(with_map_note(found.error, spec, resolved));
  return found.device != nullptr;
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
