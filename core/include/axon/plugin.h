// Plugins: shared libraries loaded at run time (Boost.DLL) that register
// device backends, kernels, layers, losses, optimizers, schedulers and
// initializers by name.
//
// A plugin exports two C symbols (cmake/plugin_entry.cpp defines them for
// every plugin built with axon_add_plugin):
//   PluginAbi axon_plugin_abi();             checked first
//   void axon_plugin_register(Registrar&);   called only when the ABI matches
// In a plugin's sources, each thing is registered with one line:
//   AXON_REGISTER_LAYER("linear", Linear, "y = x W^T + b");
// Everything a plugin registers is committed only when its register function
// returns without throwing and none of its names is taken; otherwise the
// plugin is rejected as a whole, with the reason, and the others still load.
#pragma once

#include <axon/device.h>
#include <axon/initializer.h>
#include <axon/kernels.h>
#include <axon/layer.h>
#include <axon/loss.h>
#include <axon/optimizer.h>
#include <axon/options.h>
#include <axon/scheduler.h>
#include <axon/version.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace axon {

// Returned by axon_plugin_abi(); plain C data so that it can be read before
// anything else about the plugin is trusted.
struct PluginAbi {
  uint32_t abi_version;
  const char* axon_version;
  const char* compiler;
  const char* stdlib;
  const char* name;
};

using LayerFactory = std::function<LayerPtr(const Options&)>;
using LossFactory = std::function<LossPtr(const Options&)>;
// Groups arrive with complete options (defaults filled and validated).
using OptimizerFactory = std::function<OptimizerPtr(std::vector<ParamGroup>)>;
using SchedulerFactory = std::function<SchedulerPtr(OptimizerPtr, const Options&)>;
using InitializerFactory = std::function<InitializerPtr(const Options&)>;
// Creates the devices of a type (indices 0..n-1); when there are none it sets
// `unavailable_reason`.
using DeviceFactory =
    std::function<std::vector<std::unique_ptr<Device>>(std::string& unavailable_reason)>;

class Registrar {
 public:
  explicit Registrar(std::string library);
  ~Registrar();
  Registrar(const Registrar&) = delete;
  Registrar& operator=(const Registrar&) = delete;

  void add_device_type(const std::string& type, int priority, DeviceFactory factory);
  void add_kernel(const std::string& op, const std::string& device_type, Kernel kernel);
  // kind "layer", or "activation" for parameter-free nonlinearities.
  void add_layer(const std::string& name, const std::string& kind, const std::string& description,
                 OptionSchema schema, LayerFactory factory);
  void add_loss(const std::string& name, const std::string& description, OptionSchema schema,
                LossFactory factory);
  void add_optimizer(const std::string& name, const std::string& description, OptionSchema schema,
                     OptimizerFactory factory);
  void add_scheduler(const std::string& name, const std::string& description, OptionSchema schema,
                     SchedulerFactory factory);
  void add_initializer(const std::string& name, const std::string& description, OptionSchema schema,
                       InitializerFactory factory);

  const std::string& library() const;
  // Checks every pending name against what is registered, then makes them
  // all visible; throws (registering nothing) on a taken name.
  void commit();
  // (kind, name) of everything pending, in order.
  std::vector<std::pair<std::string, std::string>> pending() const;

  struct Pending;

 private:
  std::unique_ptr<Pending> pending_;
};

struct PluginReport {
  std::string path;
  std::string origin;  // "explicit", "AXON_PLUGIN_PATH", "default"
  bool loaded = false;
  std::string reason;  // why it was rejected
  std::string name;    // from the ABI query
  uint32_t abi_version = 0;
  std::string axon_version, compiler, stdlib;
  std::vector<std::pair<std::string, std::string>> registered;  // (kind, name)
};

// Loads one plugin file now; returns what became of it (never throws for a
// bad plugin: the report says why it was rejected).
PluginReport load_plugin(const std::string& path);
// Loads AXON_PLUGIN_PATH, then the plugin folder next to the core library
// (skipped when AXON_NO_DEFAULT_PLUGINS=1, for tests of an empty plugin
// folder). Runs once; every lookup by name calls it first.
void load_default_plugins();
// Every candidate file seen so far and what became of it.
std::vector<PluginReport> plugin_reports();
// The folders searched by load_default_plugins(), in order.
std::vector<std::string> plugin_search_dirs();

namespace plugin_detail {
using RegisterFn = std::function<void(Registrar&)>;
// The registrations of the plugin being built (one list per library).
__attribute__((visibility("hidden"))) std::vector<RegisterFn>& local_registrations();
struct Registration {
  explicit Registration(RegisterFn fn) { local_registrations().push_back(std::move(fn)); }
};
}  // namespace plugin_detail

}  // namespace axon

#define AXON_CONCAT_INNER(a, b) a##b
#define AXON_CONCAT(a, b) AXON_CONCAT_INNER(a, b)
#define AXON_UNIQUE_NAME(prefix) AXON_CONCAT(prefix, __LINE__)

// Registers a function of Registrar& (backends: devices and kernels).
#define AXON_REGISTER(fn) \
  static ::axon::plugin_detail::Registration AXON_UNIQUE_NAME(axon_registration_)(fn)

// Type has `static axon::OptionSchema options()` and a constructor from const Options&.
#define AXON_REGISTER_LAYER(name, Type, description)                                 \
  AXON_REGISTER([](::axon::Registrar& r) {                                           \
    r.add_layer(name, "layer", description, Type::options(),                         \
                [](const ::axon::Options& o) { return std::make_shared<Type>(o); }); \
  })
#define AXON_REGISTER_ACTIVATION(name, Type, description)                            \
  AXON_REGISTER([](::axon::Registrar& r) {                                           \
    r.add_layer(name, "activation", description, Type::options(),                    \
                [](const ::axon::Options& o) { return std::make_shared<Type>(o); }); \
  })
#define AXON_REGISTER_LOSS(name, Type, description)                                 \
  AXON_REGISTER([](::axon::Registrar& r) {                                          \
    r.add_loss(name, description, Type::options(),                                  \
               [](const ::axon::Options& o) { return std::make_shared<Type>(o); }); \
  })
// Type has a constructor from std::vector<ParamGroup>.
#define AXON_REGISTER_OPTIMIZER(name, Type, description)                                        \
  AXON_REGISTER([](::axon::Registrar& r) {                                                      \
    r.add_optimizer(name, description, Type::options(), [](std::vector<::axon::ParamGroup> g) { \
      return std::make_shared<Type>(std::move(g));                                              \
    });                                                                                         \
  })
// Type has a constructor from (OptimizerPtr, const Options&).
#define AXON_REGISTER_SCHEDULER(name, Type, description)                     \
  AXON_REGISTER([](::axon::Registrar& r) {                                   \
    r.add_scheduler(name, description, Type::options(),                      \
                    [](::axon::OptimizerPtr opt, const ::axon::Options& o) { \
                      return std::make_shared<Type>(std::move(opt), o);      \
                    });                                                      \
  })
#define AXON_REGISTER_INITIALIZER(name, Type, description)                                 \
  AXON_REGISTER([](::axon::Registrar& r) {                                                 \
    r.add_initializer(name, description, Type::options(),                                  \
                      [](const ::axon::Options& o) { return std::make_shared<Type>(o); }); \
  })
