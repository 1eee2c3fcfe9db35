// axon plugins [--verbose] [--json]: every plugin file found, loaded or
// rejected (with the reason), its build fingerprint, and what it registered.
// axon plugins --describe NAME: one registered thing and its options.
#include <axon/plugin.h>
#include <axon/registry.h>

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
  std::string describe;
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

nlohmann::json entry_json(const RegistryEntry& e) {
  nlohmann::json options = nlohmann::json::array();
  for (const auto& spec : e.schema.specs()) {
    options.push_back({{"name", spec.name},
                       {"type", option_type_name(spec.type)},
                       {"default", option_value_str(spec.default_value)},
                       {"help", spec.help}});
  }
  return {{"kind", e.kind},
          {"name", e.name},
          {"library", e.library},
          {"description", e.description},
          {"options", options}};
}

void print_entry(const RegistryEntry& e) {
  fmt::print("{} ({})\n  {}\n  from {}\n", e.name, e.kind, e.description, e.library);
  const auto& specs = e.schema.specs();
  if (specs.empty()) {
    fmt::print("\nno options\n");
    return;
  }
  // Columns as wide as their longest cell: name, type, default, help.
  size_t name_width = 0, type_width = 0, default_width = 0;
  for (const auto& spec : specs) {
    name_width = std::max(name_width, spec.name.size());
    type_width = std::max(type_width, option_type_name(spec.type).size());
    default_width = std::max(default_width, option_value_str(spec.default_value).size());
  }
  fmt::print("\noptions:\n");
  for (const auto& spec : specs) {
    fmt::print("  {:<{}}  {:<{}}  default {:<{}}  {}\n", spec.name, name_width,
               option_type_name(spec.type), type_width, option_value_str(spec.default_value),
               default_width, spec.help);
  }
}

// Throws the registry's unknown-name error (with the closest match) when absent.
void describe(const std::string& name, bool json) {
  const RegistryEntry& entry = registry_entry("", name);
  if (json) {
    std::cout << entry_json(entry).dump(2) << "\n";
  } else {
    print_entry(entry);
  }
}

}  // namespace

void add_plugins_command(CLI::App& app) {
  auto args = std::make_shared<PluginsArgs>();
  CLI::App* cmd = app.add_subcommand("plugins", "List the plugin files and what became of each");
  cmd->add_flag("-v,--verbose", args->verbose,
                "Also show the search folders, where each file was found, and every kernel");
  cmd->add_flag("--json", args->json, "Print the same as JSON");
  cmd->add_option("--describe", args->describe,
                  "Show one registered name: its kind, library, description and options");
  cmd->footer(
      "Plugins load from AXON_PLUGIN_PATH (folders separated by ':') first, then from\n"
      "lib/axon/plugins next to libaxon_core.so; AXON_NO_DEFAULT_PLUGINS=1 skips the latter.");
  cmd->callback([args] {
    load_default_plugins();
    if (!args->describe.empty()) return describe(args->describe, args->json);
    const auto reports = plugin_reports();
    if (args->json) {
      print_json(reports);
    } else {
      print_text(reports, args->verbose);
    }
  });
}

}  // namespace axon::cli
