// The plugin loader: opens a library with Boost.DLL, checks its ABI before
// calling anything else, runs its register function into a Registrar and
// commits. Whatever goes wrong is recorded in the plugin's report; the other
// plugins still load.
#include <axon/error.h>
#include <axon/plugin.h>

#include <dlfcn.h>
#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include "plugin/plugin_search.h"

namespace axon {
namespace {

namespace fs = std::filesystem;

struct LoaderState {
  std::mutex mutex;
  std::vector<PluginReport> reports;
  std::map<std::string, size_t> seen;  // canonical path -> index in reports
};

LoaderState& loader() {
  static auto* state = new LoaderState;
  return *state;
}

// Plugin libraries are never closed. Objects they created (layers, devices,
// kernels: their vtables and std::function targets are plugin code) live until
// the process exits, and static destructors that still reach them would crash
// if the code were unmapped first. So the handles are leaked on purpose.
void keep_loaded(boost::dll::shared_library library) {
  static auto* libraries = new std::vector<boost::dll::shared_library>;
  libraries->push_back(std::move(library));
}

// The message of whatever `fn` throws, or nullopt when it returns.
template <class Fn>
std::optional<std::string> error_of(Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
  return std::nullopt;
}

std::string open_library(boost::dll::shared_library& library, const std::string& path) {
  boost::dll::fs::error_code ec;
  // rtld_now: a missing symbol rejects the plugin now rather than failing at first use.
  library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (!ec) return "";
  // Boost's error code only says "Bad file descriptor"; the real reason (no
  // such file, invalid ELF header, undefined symbol) is dlerror()'s text, which
  // a failed dlopen leaves set (Boost reads it the same way when it throws).
  const char* text = dlerror();
  return fmt::format("cannot open: {}", text != nullptr ? text : ec.message());
}

std::string family(const std::string& stdlib) { return stdlib.substr(0, stdlib.find(' ')); }

// Reads the ABI query into the report; the reason to reject, or "".
std::string check_abi(const boost::dll::shared_library& library, PluginReport& report) {
  if (!library.has("axon_plugin_abi")) return "not an axon plugin: no symbol axon_plugin_abi";
  const PluginAbi abi = library.get<PluginAbi()>("axon_plugin_abi")();
  auto text = [](const char* s) { return std::string(s != nullptr ? s : "?"); };
  report.abi_version = abi.abi_version;
  report.name = text(abi.name);
  report.axon_version = text(abi.axon_version);
  report.compiler = text(abi.compiler);
  report.stdlib = text(abi.stdlib);
  if (abi.abi_version != AXON_PLUGIN_ABI_VERSION) {
    return fmt::format(
        "{} has plugin ABI version {}, this axon {} expects ABI version {} (rebuild the plugin "
        "against it)",
        report.path, abi.abi_version, AXON_VERSION_STRING, AXON_PLUGIN_ABI_VERSION);
  }
  if (family(report.stdlib) != family(AXON_STDLIB_ID)) {
    return fmt::format("{} was built with {}, this axon with {} (C++ objects cannot cross them)",
                       report.path, report.stdlib, AXON_STDLIB_ID);
  }
  if (!library.has("axon_plugin_register")) {
    return "not an axon plugin: no symbol axon_plugin_register";
  }
  return "";
}

// Runs the plugin's register function and commits; the reason to reject, or "".
std::string register_plugin(const boost::dll::shared_library& library, PluginReport& report) {
  Registrar registrar(report.path);
  const auto register_fn = library.get<void(Registrar&)>("axon_plugin_register");
  if (auto thrown = error_of([&] { register_fn(registrar); })) {
    return "axon_plugin_register threw: " + *thrown;
  }
  const auto pending = registrar.pending();
  if (auto refused = error_of([&] { registrar.commit(); })) return *refused;
  report.registered = pending;
  return "";
}

PluginReport load_file(const std::string& path, const std::string& origin) {
  PluginReport report;
  report.path = path;
  report.origin = origin;
  boost::dll::shared_library library;
  report.reason = open_library(library, path);
  if (report.reason.empty()) report.reason = check_abi(library, report);
  if (report.reason.empty()) report.reason = register_plugin(library, report);
  report.loaded = report.reason.empty();
  keep_loaded(std::move(library));
  return report;
}

// Loads `path` unless the same file (after resolving links) was seen before.
PluginReport load_candidate(const fs::path& path, const std::string& origin) {
  auto& state = loader();
  std::lock_guard lock(state.mutex);
  std::error_code ec;
  fs::path resolved = fs::canonical(path, ec);
  if (ec) resolved = fs::absolute(path, ec).lexically_normal();
  const auto [it, inserted] = state.seen.emplace(resolved.string(), state.reports.size());
  if (!inserted) return state.reports[it->second];
  state.reports.push_back(load_file(resolved.string(), origin));
  return state.reports.back();
}

}  // namespace

PluginReport load_plugin(const std::string& path) { return load_candidate(path, "explicit"); }

void load_default_plugins() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& folder : loader_detail::search_folders()) {
      for (const auto& file : loader_detail::plugin_candidates(folder.path)) {
        load_candidate(file, folder.origin);
      }
    }
  });
}

std::vector<PluginReport> plugin_reports() {
  auto& state = loader();
  std::lock_guard lock(state.mutex);
  return state.reports;
}

}  // namespace axon
