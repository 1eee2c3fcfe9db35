#include "settings.h"

#include <axon/error.h>
#include <axon/kernels.h>
#include <axon/options.h>

#include <cstdlib>
#include <string_view>
#include <vector>

namespace axon::mlu {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

int parse_devices(const std::string& text) {
  char* end = nullptr;
  long count = std::strtol(text.c_str(), &end, 10);
  AXON_CHECK(!text.empty() && *end == '\0' && count >= 0 && count <= 64,
             "AXON_MLU_DEVICES: expected a number of devices from 0 to 64, got '{}'", text);
  return static_cast<int>(count);
}

uint64_t parse_capacity(const std::string& text) {
  char* end = nullptr;
  unsigned long long amount = std::strtoull(text.c_str(), &end, 10);
  std::string_view suffix(end);
  int shift = suffix.empty()  ? 0
              : suffix == "K" ? 10
              : suffix == "M" ? 20
              : suffix == "G" ? 30
                              : -1;
  AXON_CHECK(end != text.c_str() && shift >= 0 && amount > 0 && amount <= (1ULL << 40) >> shift,
             "AXON_MLU_MEMORY: expected a size such as 1073741824, 512M or 4G (at most 1024G), "
             "got '{}'",
             text);
  return static_cast<uint64_t>(amount) << shift;
}

std::set<std::string> parse_disabled(const std::string& text) {
  const std::vector<std::string_view> names = primitive_names();
  const std::vector<std::string> known(names.begin(), names.end());
  std::set<std::string> ops;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string op = text.substr(start, comma - start);
    if (!op.empty()) {
      AXON_CHECK(is_primitive(op), "AXON_MLU_DISABLE: '{}' is not a primitive op{}", op,
                 closest_match(op, known).empty()
                     ? std::string()
                     : " (did you mean '" + closest_match(op, known) + "'?)");
      ops.insert(op);
    }
    start = comma + 1;
  }
  return ops;
}

}  // namespace

Settings settings_from_env() {
  Settings settings;
  if (std::string devices = env("AXON_MLU_DEVICES"); !devices.empty())
    settings.devices = parse_devices(devices);
  if (std::string memory = env("AXON_MLU_MEMORY"); !memory.empty())
    settings.capacity = parse_capacity(memory);
  settings.disabled = parse_disabled(env("AXON_MLU_DISABLE"));
  return settings;
}

}  // namespace axon::mlu
