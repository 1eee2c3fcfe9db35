// Internal: the process-wide tables of what plugins registered (named
// factories and device types), and the commit that fills them. Nothing is
// ever removed, so pointers to records and devices stay valid until exit.
#pragma once

#include <axon/device.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace axon::registry_detail {

using Factory =
    std::variant<LayerFactory, LossFactory, OptimizerFactory, SchedulerFactory, InitializerFactory>;

struct Record {
  RegistryEntry entry;
  Factory factory;
};

// activation, initializer, layer, loss, optimizer, scheduler
const std::vector<std::string>& kinds();
// The name space a kind lives in: layers and activations share one (make_layer
// makes both); every other kind has its own.
std::string name_space(const std::string& kind);

// nullptr when absent.
const Record* find(const std::string& space, const std::string& name);
// Sorted names of one name space.
std::vector<std::string> names(const std::string& space);
// Every entry, sorted by kind then name.
std::vector<RegistryEntry> entries();
// Nothing registered at all: no entries and no device types.
bool empty();

// Device types by priority (highest first), then name.
std::vector<DeviceTypeInfo> device_types();

}  // namespace axon::registry_detail

namespace axon {

// What a Registrar collects before commit.
struct Registrar::Pending {
  struct KernelEntry {
    std::string op, device_type;
    Kernel kernel;
  };
  struct DeviceTypeEntry {
    std::string type;
    int priority;
    DeviceFactory factory;
  };
  std::string library;
  std::vector<registry_detail::Record> records;
  std::vector<KernelEntry> kernels;
  std::vector<DeviceTypeEntry> device_types;
  std::vector<std::pair<std::string, std::string>> order;  // (kind, name) as registered
};

namespace registry_detail {
// Checks every name, creates the devices, then publishes everything at once;
// throws (publishing nothing) on a taken name or a device factory that throws.
void commit(Registrar::Pending& pending);
}  // namespace registry_detail

}  // namespace axon
