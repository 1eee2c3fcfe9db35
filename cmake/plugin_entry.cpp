// The two C entry points of every axon plugin, compiled into each plugin by
// axon_add_plugin(). The loader calls axon_plugin_abi() first and only calls
// axon_plugin_register() when the ABI matches. The static registration objects
// of the plugin's sources (AXON_REGISTER_* lines) only append to the
// library-local list below while the library is opened; nothing touches the
// core before the ABI check has passed.
#include <axon/plugin.h>

#ifndef AXON_PLUGIN_NAME
#define AXON_PLUGIN_NAME "unnamed"
#endif

namespace axon::plugin_detail {

std::vector<RegisterFn>& local_registrations() {
  static std::vector<RegisterFn> fns;
  return fns;
}

}  // namespace axon::plugin_detail

extern "C" __attribute__((visibility("default"))) axon::PluginAbi axon_plugin_abi() {
  return axon::PluginAbi{AXON_PLUGIN_ABI_VERSION, AXON_VERSION_STRING, AXON_COMPILER_ID,
                         AXON_STDLIB_ID, AXON_PLUGIN_NAME};
}

extern "C" __attribute__((visibility("default"))) void axon_plugin_register(
    axon::Registrar& registrar) {
  for (const auto& fn : axon::plugin_detail::local_registrations()) fn(registrar);
}
