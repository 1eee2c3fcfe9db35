// Creating things by name. Each lookup loads the default plugins first (once).
// An unknown name is an error that lists the known ones and the closest match;
// an unknown option lists the known options.
#pragma once

#include <axon/initializer.h>
#include <axon/layer.h>
#include <axon/loss.h>
#include <axon/optimizer.h>
#include <axon/options.h>
#include <axon/scheduler.h>

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace axon {

struct RegistryEntry {
  std::string kind;  // activation, layer, loss, optimizer, scheduler, initializer
  std::string name;
  std::string description;
  std::string library;
  OptionSchema schema;
};

LayerPtr make_layer(const std::string& name, const Options& options = {});
// {"type": "linear", "in_features": 2, ...}, or a list of those (a sequential).
LayerPtr make_layer_from_json(const nlohmann::json& spec);
LossPtr make_loss(const std::string& name, const Options& options = {});
OptimizerPtr make_optimizer(const std::string& name, const TensorList& params,
                            const Options& options = {});
// Groups may override any option; `options` are the defaults of every group.
OptimizerPtr make_optimizer(const std::string& name, std::vector<ParamGroup> groups,
                            const Options& options = {});
SchedulerPtr make_scheduler(const std::string& name, OptimizerPtr optimizer,
                            const Options& options = {});
InitializerPtr make_initializer(const std::string& name, const Options& options = {});

// Everything registered, optionally of one kind, sorted by kind then name.
std::vector<RegistryEntry> registry_entries(const std::string& kind = "");
// Throws the unknown-name error when absent. kind "" searches every kind.
const RegistryEntry& registry_entry(const std::string& kind, const std::string& name);

}  // namespace axon
