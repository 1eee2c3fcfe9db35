// One-line description of an optimizer: "SGD(lr=0.1, momentum=0.9, ...)" for
// one parameter group, "SGD(group 0: lr=0.1, ...; group 1: ...)" for several.
#pragma once

#include <axon/optimizer.h>
#include <fmt/format.h>

#include <string>
#include <vector>

namespace axon::optimizers {

inline std::string describe_groups(const char* type, const std::vector<ParamGroup>& groups) {
  if (groups.size() == 1) return fmt::format("{}({})", type, groups[0].options.str());
  std::vector<std::string> parts;
  for (size_t i = 0; i < groups.size(); ++i) {
    parts.push_back(fmt::format("group {}: {}", i, groups[i].options.str()));
  }
  return fmt::format("{}({})", type, fmt::join(parts, "; "));
}

}  // namespace axon::optimizers
