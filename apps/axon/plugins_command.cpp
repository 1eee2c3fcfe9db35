// axon plugins [--verbose] [--json]: every plugin file found, loaded or
// rejected (with the reason), its build fingerprint, and what it registered.
#include <axon/plugin.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"

namespace axon::cli {
namespace {

struct PluginsArgs {
  bool verbose = false;
  bool json = false;
};

using Groups = std::vector<std::pair<std::string, std::vector<std::string>>>;

// (kind, name) pairs grouped by kind, kinds in the order first registered.
Groups group_by_kind(const std::vector<std::pair<std::string, std::string>>& registered) {
  Groups groups;
  for (const auto& [kind, name] : registered) {
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == kind; });
    if (it == groups.end()) it = groups.insert(groups.end(), {kind, {}});
    it->second.push_back(name);
  }
  return groups;
}

nlohmann::json report_json(const PluginReport& r) {
  nlohmann::json registered = nlohmann::json::object();
  for (const auto& [kind, names] : group_by_kind(r.registered)) registered[kind] = names;
  return {{"path", r.path},
          {"origin", r.origin},
          {"loaded", r.loaded},
          {"reason", r.reason},
          {"name", r.name},
          {"abi_version", r.abi_version},
          {"axon_version", r.axon_version},
          {"compiler", r.compiler},
          {"stdlib", r.stdlib},
          {"registered", registered}};
}

void print_json(const std::vector<PluginReport>& reports) {
  nlohmann::json plugins = nlohmann::json::array();
  for (const auto& r : reports) plugins.push_back(report_json(r));
  const nlohmann::json out = {{"search_dirs", plugin_search_dirs()}, {"plugins", plugins}};
  std::cout << out.dump(2) << "\n";
}

void print_search_dirs() {
  fmt::print("search folders, in order:\n");
  for (const auto& dir : plugin_search_dirs()) {
    std::error_code ec;
    fmt::print("  {}{}\n", dir, std::filesystem::is_directory(dir, ec) ? "" : " (missing)");
  }
  fmt::print("\n");
}

void print_report(const PluginReport& r, bool verbose) {
  fmt::print("{:<8} {}\n", r.loaded ? "loaded" : "rejected", r.path);
  if (verbose) fmt::print("         found via: {}\n", r.origin);
  if (!r.name.empty()) {
    fmt::print("         plugin {}, ABI {}, axon {}, {}{}\n", r.name, r.abi_version, r.axon_version,
               r.compiler, verbose ? ", " + r.stdlib : "");
  }
  if (!r.loaded) fmt::print("         reason: {}\n", r.reason);
  for (const auto& [kind, names] : group_by_kind(r.registered)) {
    // Backends register dozens of kernels: their names only with --verbose.
    if (kind == "kernel" && !verbose) {
      fmt::print("         {} ({})\n", kind, names.size());
    } else {
      fmt::print("         {} ({}): {}\n", kind, names.size(), fmt::join(names, ", "));
    }
  }
}

void print_text(const std::vector<PluginReport>& reports, bool verbose) {
  if (verbose) print_search_dirs();
  size_t loaded = 0;
  for (const auto& r : reports) {
    print_report(r, verbose);
    loaded += r.loaded ? 1 : 0;
  }
  if (reports.empty()) {
    fmt::print("no plugin files found in: {}\n", fmt::join(plugin_search_dirs(), ", "));
  } else {
    fmt::print("\n{} loaded, {} rejected\n", loaded, reports.size() - loaded);
  }
}

}  // namespace

void add_plugins_command(CLI::App& app) {
  auto args = std::make_shared<PluginsArgs>();
  CLI::App* cmd = app.add_subcommand("plugins", "List the plugin files and what became of each");
  cmd->add_flag("-v,--verbose", args->verbose,
                "Also show the search folders, where each file was found, and every kernel");
  cmd->add_flag("--json", args->json, "Print the same as JSON");
  cmd->footer(
      "Plugins load from AXON_PLUGIN_PATH (folders separated by ':') first, then from\n"
      "lib/axon/plugins next to libaxon_core.so; AXON_NO_DEFAULT_PLUGINS=1 skips the latter.");
  cmd->callback([args] {
    load_default_plugins();
    const auto reports = plugin_reports();
    if (args->json) {
      print_json(reports);
    } else {
      print_text(reports, args->verbose);
    }
  });
}

}  // namespace axon::cli
