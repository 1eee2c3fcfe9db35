#include "plugin/registry_table.h"

#include <axon/dispatcher.h>
#include <axon/error.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "dispatch/kernel_table.h"

namespace axon::registry_detail {
namespace {

struct Tables {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, Record> records;  // (name space, name)
  std::map<std::string, DeviceTypeInfo> device_types;
};

// Leaked on purpose, like the plugin libraries: the factories and devices in
// here live in plugin code, and tensors held by other static objects may still
// free memory through these devices while the process exits.
Tables& tables() {
  static auto* t = new Tables;
  return *t;
}

// A device type whose devices exist but are not yet published.
struct CreatedDeviceType {
  DeviceTypeInfo info;
  std::vector<std::unique_ptr<Device>> devices;
};

// Throws when `what` already has an owner, or was registered before by the same plugin.
void check_free(const std::string& what, const std::string& owner, std::set<std::string>& seen,
                const std::string& key, const std::string& library) {
  if (!owner.empty()) {
    throw_error(
        fmt::format("{} is already registered by {} (while loading {})", what, owner, library));
  }
  AXON_CHECK(seen.insert(key).second, "{} is registered twice by {}", what, library);
}

void check_names_free(const Tables& t, const Registrar::Pending& p) {
  std::set<std::string> seen;
  for (const auto& record : p.records) {
    const auto& e = record.entry;
    const auto key = std::make_pair(name_space(e.kind), e.name);
    const auto it = t.records.find(key);
    check_free(fmt::format("{} '{}'", e.kind, e.name),
               it == t.records.end() ? "" : it->second.entry.library, seen,
               key.first + " " + key.second, p.library);
  }
  for (const auto& k : p.kernels) {
    check_free(fmt::format("kernel '{}' for device type '{}'", k.op, k.device_type),
               dispatch::kernel_owner(k.op, k.device_type), seen,
               "kernel " + k.op + " " + k.device_type, p.library);
  }
  for (const auto& d : p.device_types) {
    const auto it = t.device_types.find(d.type);
    check_free(fmt::format("device type '{}'", d.type),
               it == t.device_types.end() ? "" : it->second.library, seen, "device " + d.type,
               p.library);
  }
}

CreatedDeviceType create_devices(const Registrar::Pending::DeviceTypeEntry& entry,
                                 const std::string& library) {
  CreatedDeviceType created{{entry.type, library, entry.priority, "", {}}, {}};
  try {
    created.devices = entry.factory(created.info.unavailable_reason);
  } catch (const std::exception& e) {
    throw_error(
        fmt::format("device type '{}': creating its devices failed: {}", entry.type, e.what()));
  }
  for (size_t i = 0; i < created.devices.size(); ++i) {
    const Device* d = created.devices[i].get();
    AXON_CHECK(d != nullptr && d->type() == entry.type && d->index() == static_cast<int>(i),
               "device type '{}': device {} of the backend is {}, expected {}:{}", entry.type, i,
               d == nullptr ? "null" : d->name(), entry.type, i);
  }
  if (created.devices.empty() && created.info.unavailable_reason.empty()) {
    created.info.unavailable_reason = "the backend found no devices";
  }
  return created;
}

// Devices are owned by the process from here on: leaked on purpose (see tables()).
void publish_devices(Tables& t, std::vector<CreatedDeviceType> created) {
  for (auto& c : created) {
    const int type_id = dispatch::device_type_id(c.info.type);
    for (auto& device : c.devices) {
      device->set_type_id(type_id);
      c.info.devices.push_back(device.release());
    }
    t.device_types.emplace(c.info.type, std::move(c.info));
  }
}

}  // namespace

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> all = {"activation", "initializer", "layer",
                                               "loss",       "optimizer",   "scheduler"};
  return all;
}

std::string name_space(const std::string& kind) {
  AXON_ASSERT(std::find(kinds().begin(), kinds().end(), kind) != kinds().end(),
              "registry: unknown kind '{}'", kind);
  return kind == "activation" ? "layer" : kind;
}

const Record* find(const std::string& space, const std::string& name) {
  auto& t = tables();
  std::lock_guard lock(t.mutex);
  const auto it = t.records.find({space, name});
  return it == t.records.end() ? nullptr : &it->second;
}

std::vector<std::string> names(const std::string& space) {
  auto& t = tables();
  std::lock_guard lock(t.mutex);
  std::vector<std::string> out;
  for (const auto& [key, record] : t.records) {
    if (key.first == space) out.push_back(key.second);
  }
  return out;
}

std::vector<RegistryEntry> entries() {
  auto& t = tables();
  std::vector<RegistryEntry> out;
  {
    std::lock_guard lock(t.mutex);
    for (const auto& kv : t.records) out.push_back(kv.second.entry);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
  return out;
}

bool empty() {
  auto& t = tables();
  std::lock_guard lock(t.mutex);
  return t.records.empty() && t.device_types.empty();
}

std::vector<DeviceTypeInfo> device_types() {
  auto& t = tables();
  std::vector<DeviceTypeInfo> out;
  {
    std::lock_guard lock(t.mutex);
    for (const auto& kv : t.device_types) out.push_back(kv.second);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.priority > b.priority; });
  return out;
}

void commit(Registrar::Pending& pending) {
  auto& t = tables();
  // One lock for the whole commit: the names checked free stay free until published.
  std::lock_guard lock(t.mutex);
  check_names_free(t, pending);
  std::vector<CreatedDeviceType> created;
  for (const auto& entry : pending.device_types) {
    created.push_back(create_devices(entry, pending.library));
  }
  publish_devices(t, std::move(created));
  for (auto& k : pending.kernels) {
    dispatch::add_kernel(k.op, k.device_type, std::move(k.kernel), pending.library);
  }
  for (auto& record : pending.records) {
    const auto key = std::make_pair(name_space(record.entry.kind), record.entry.name);
    t.records.emplace(key, std::move(record));
  }
}

}  // namespace axon::registry_detail
