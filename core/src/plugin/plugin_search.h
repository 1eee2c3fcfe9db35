// Internal: where plugins are looked for, and what to say when none was found.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace axon::loader_detail {

struct SearchFolder {
  std::filesystem::path path;
  std::string origin;  // "AXON_PLUGIN_PATH" or "default"
};

// AXON_PLUGIN_PATH's folders in order, then the plugin folder next to the core
// library (left out when AXON_NO_DEFAULT_PLUGINS is set to anything but 0).
std::vector<SearchFolder> search_folders();
// Regular files named *.so in `folder`, sorted by name; none when it is missing.
std::vector<std::filesystem::path> plugin_candidates(const std::filesystem::path& folder);
// Why nothing is registered: the folders searched and the files rejected, with reasons.
std::string no_plugins_message();

}  // namespace axon::loader_detail
