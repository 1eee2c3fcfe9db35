#include "plugin/plugin_search.h"

#include <axon/error.h>
#include <axon/plugin.h>

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace axon::loader_detail {
namespace {

namespace fs = std::filesystem;

bool default_folder_disabled() {
  const char* value = std::getenv("AXON_NO_DEFAULT_PLUGINS");
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

// lib/axon/plugins next to libaxon_core.so: the build tree (build/lib) and an
// install tree (<prefix>/lib) have the same layout.
fs::path default_folder() {
  boost::dll::fs::error_code ec;
  const auto core = boost::dll::this_line_location(ec);
  AXON_ASSERT(!ec, "cannot locate libaxon_core.so: {}", ec.message());
  return (fs::path(core.string()).parent_path() / "axon" / "plugins").lexically_normal();
}

std::vector<std::string> split_path_list(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const size_t colon = std::min(list.find(':'), list.size());
    if (colon > 0) out.emplace_back(list.substr(0, colon));
    list.remove_prefix(std::min(colon + 1, list.size()));
  }
  return out;
}

std::string describe_folders() {
  std::vector<std::string> folders;
  for (const auto& folder : search_folders()) {
    std::error_code ec;
    folders.push_back(folder.path.string() +
                      (fs::is_directory(folder.path, ec) ? "" : " (missing)"));
  }
  if (folders.empty())
    return "nothing, as AXON_PLUGIN_PATH is empty and AXON_NO_DEFAULT_PLUGINS is set";
  return fmt::format("{}", fmt::join(folders, ", "));
}

}  // namespace

std::vector<SearchFolder> search_folders() {
  std::vector<SearchFolder> out;
  if (const char* list = std::getenv("AXON_PLUGIN_PATH")) {
    for (const auto& folder : split_path_list(list)) out.push_back({folder, "AXON_PLUGIN_PATH"});
  }
  if (!default_folder_disabled()) out.push_back({default_folder(), "default"});
  return out;
}

std::vector<fs::path> plugin_candidates(const fs::path& folder) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->path().extension() == ".so" && it->is_regular_file(type_ec)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return out;
}

std::string no_plugins_message() {
  std::vector<std::string> rejected;
  for (const auto& report : plugin_reports()) {
    if (!report.loaded) rejected.push_back(fmt::format("{}: {}", report.path, report.reason));
  }
  if (rejected.empty()) {
    return fmt::format(
        "no plugins were found (searched: {}); set AXON_PLUGIN_PATH to a folder of axon plugins",
        describe_folders());
  }
  return fmt::format("no plugin could be loaded (searched: {}; rejected: {})", describe_folders(),
                     fmt::join(rejected, "; "));
}

}  // namespace axon::loader_detail

namespace axon {

std::vector<std::string> plugin_search_dirs() {
  std::vector<std::string> out;
  for (const auto& folder : loader_detail::search_folders()) out.push_back(folder.path.string());
  return out;
}

}  // namespace axon
