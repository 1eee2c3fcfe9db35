// Internal: AXON_DEVICE_MAP, the run-time remap for applications one cannot
// rebuild. AXON_DEVICE_MAP=cuda:mlu makes every request for "cuda" or
// "cuda:N" resolve to "mlu" or "mlu:N"; several pairs are separated by commas
// (cuda:mlu,gpu:cpu).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace axon::device_map_detail {

using DeviceMap = std::vector<std::pair<std::string, std::string>>;  // (from, to) types

// Parses a map; throws naming the variable, what was expected and what came.
DeviceMap parse_device_map(std::string_view value);

// The spec a request resolves to under AXON_DEVICE_MAP (read once per process):
// "cuda:1" -> "mlu:1"; unmapped types come back unchanged. The first time a
// pair applies it is said on stderr ("axon: AXON_DEVICE_MAP: cuda -> mlu").
// Throws on every call when the variable is malformed.
std::string remap_device(std::string_view spec);

}  // namespace axon::device_map_detail
