// Creating things by name: look the name up (loading the default plugins
// first), validate the options against the entry's schema, call its factory.
#include <axon/error.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <algorithm>

#include "plugin/plugin_search.h"
#include "plugin/registry_table.h"

namespace axon {
namespace {

using registry_detail::Record;

// "unknown optimizer 'adamw2' (did you mean 'adamw'?; known: adam, adamw, sgd)";
// when nothing is registered at all, why: no plugins found, or all rejected.
[[noreturn]] void throw_unknown(const std::string& kind, const std::string& name,
                                const std::vector<std::string>& known) {
  if (registry_detail::empty()) {
    throw_error(
        fmt::format("unknown {} '{}': {}", kind, name, loader_detail::no_plugins_message()));
  }
  if (known.empty()) {
    throw_error(
        fmt::format("unknown {} '{}' (the loaded plugins register no {}; see `axon plugins`)", kind,
                    name, kind));
  }
  const std::string match = closest_match(name, known);
  throw_error(fmt::format("unknown {} '{}' ({}known: {})", kind, name,
                          match.empty() ? "" : fmt::format("did you mean '{}'?; ", match),
                          fmt::join(known, ", ")));
}

const Record& lookup(const std::string& kind, const std::string& name) {
  load_default_plugins();
  const std::string space = registry_detail::name_space(kind);
  if (const Record* record = registry_detail::find(space, name)) return *record;
  throw_unknown(kind, name, registry_detail::names(space));
}

template <class Factory, class... Args>
auto create(const Record& record, Args&&... args) {
  auto made = std::get<Factory>(record.factory)(std::forward<Args>(args)...);
  AXON_CHECK(made != nullptr, "{} '{}' of {}: its factory returned nothing", record.entry.kind,
             record.entry.name, record.entry.library);
  return made;
}

bool kind_matches(const std::string& kind, const RegistryEntry& entry) {
  return kind.empty() || entry.kind == kind || (kind == "layer" && entry.kind == "activation");
}

}  // namespace

LayerPtr make_layer(const std::string& name, const Options& options) {
  const Record& record = lookup("layer", name);
  return create<LayerFactory>(record, record.entry.schema.validate(options, name));
}

LossPtr make_loss(const std::string& name, const Options& options) {
  const Record& record = lookup("loss", name);
  return create<LossFactory>(record, record.entry.schema.validate(options, name));
}

OptimizerPtr make_optimizer(const std::string& name, const TensorList& params,
                            const Options& options) {
  AXON_CHECK(!params.empty(), "{}: optimizer got an empty parameter list", name);
  return make_optimizer(name, std::vector<ParamGroup>{ParamGroup{params, {}}}, options);
}

OptimizerPtr make_optimizer(const std::string& name, std::vector<ParamGroup> groups,
                            const Options& options) {
  const Record& record = lookup("optimizer", name);
  AXON_CHECK(!groups.empty(), "{}: optimizer got an empty parameter list", name);
  // Each group: the defaults (`options`) overridden by the group's own keys.
  for (auto& group : groups) {
    Options merged = options;
    for (const auto& [key, value] : group.options.items()) merged.set(key, value);
    group.options = record.entry.schema.validate(merged, name);
  }
  return create<OptimizerFactory>(record, std::move(groups));
}

SchedulerPtr make_scheduler(const std::string& name, OptimizerPtr optimizer,
                            const Options& options) {
  const Record& record = lookup("scheduler", name);
  AXON_CHECK(optimizer != nullptr, "{}: scheduler needs an optimizer, got none", name);
  auto scheduler = create<SchedulerFactory>(record, std::move(optimizer),
                                            record.entry.schema.validate(options, name));
  scheduler->initialize();
  return scheduler;
}

InitializerPtr make_initializer(const std::string& name, const Options& options) {
  const Record& record = lookup("initializer", name);
  return create<InitializerFactory>(record, record.entry.schema.validate(options, name));
}

std::vector<RegistryEntry> registry_entries(const std::string& kind) {
  load_default_plugins();
  auto all = registry_detail::entries();
  if (kind.empty()) return all;
  std::erase_if(all, [&](const RegistryEntry& e) { return e.kind != kind; });
  return all;
}

const RegistryEntry& registry_entry(const std::string& kind, const std::string& name) {
  const auto& kinds = registry_detail::kinds();
  AXON_CHECK(kind.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end(),
             "registry_entry: unknown kind '{}' (known: {})", kind, fmt::join(kinds, ", "));
  load_default_plugins();
  for (const auto& k : kinds) {
    const Record* record = registry_detail::find(registry_detail::name_space(k), name);
    if (record != nullptr && kind_matches(kind, record->entry)) return record->entry;
  }
  std::vector<std::string> known;
  for (const auto& entry : registry_detail::entries()) {
    if (kind_matches(kind, entry)) known.push_back(entry.name);
  }
  std::sort(known.begin(), known.end());
  throw_unknown(kind.empty() ? "name" : kind, name, known);
}

}  // namespace axon
