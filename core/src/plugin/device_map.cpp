#include "plugin/device_map.h"

#include <axon/error.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>

namespace axon::device_map_detail {
namespace {

constexpr const char kVariable[] = "AXON_DEVICE_MAP";

// A device type name as parse_spec accepts it: letters, digits, '_' and '-'.
bool is_type_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void check_pair(const DeviceMap& map, std::string_view pair, const std::string& from,
                const std::string& to) {
  AXON_CHECK(is_type_name(from) && is_type_name(to),
             "{}: expected FROM:TO device types separated by commas (cuda:mlu), got '{}'",
             kVariable, pair);
  // The core itself asks for the cpu (host copies, fallbacks): it must stay the cpu.
  AXON_CHECK(from != "cpu", "{}: the cpu cannot be remapped (got '{}')", kVariable, pair);
  AXON_CHECK(from != to, "{}: '{}' maps a type to itself", kVariable, pair);
  for (const auto& [seen, target] : map)
    AXON_CHECK(seen != from, "{}: '{}' is mapped twice ({} and {})", kVariable, from, target, to);
}

struct EnvMap {
  DeviceMap map;
  std::string error;  // set when the variable is malformed
};

EnvMap read_env() {
  const char* value = std::getenv(kVariable);
  if (value == nullptr || *value == '\0') return {};
  try {
    return {parse_device_map(value), ""};
  } catch (const Error& e) {
    return {{}, e.what()};
  }
}

const EnvMap& env_map() {
  static const EnvMap map = read_env();
  return map;
}

void announce_once(const std::string& from, const std::string& to) {
  static std::mutex mutex;
  static std::set<std::string> announced;
  const std::lock_guard lock(mutex);
  if (announced.insert(from).second)
    std::fprintf(stderr, "axon: %s: %s -> %s\n", kVariable, from.c_str(), to.c_str());
}

}  // namespace

DeviceMap parse_device_map(std::string_view value) {
  DeviceMap map;
  while (true) {
    const size_t comma = std::min(value.find(','), value.size());
    const std::string_view pair = value.substr(0, comma);
    const size_t colon = pair.find(':');
    const std::string from(pair.substr(0, colon));
    const std::string to(colon == std::string_view::npos ? "" : pair.substr(colon + 1));
    check_pair(map, pair, from, to);
    map.emplace_back(from, to);
    if (comma == value.size()) return map;
    value.remove_prefix(comma + 1);
  }
}

std::string remap_device(std::string_view spec) {
  const EnvMap& env = env_map();
  AXON_CHECK(env.error.empty(), "{}", env.error);
  const std::string_view type = spec.substr(0, spec.find(':'));
  for (const auto& [from, to] : env.map) {
    if (type != from) continue;
    announce_once(from, to);
    return to + std::string(spec.substr(type.size()));
  }
  return std::string(spec);
}

}  // namespace axon::device_map_detail
