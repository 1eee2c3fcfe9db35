// A plugin built for another ABI: the plugin ABI version (FIXTURE_ABI_VERSION)
// or the C++ standard library (FIXTURE_STDLIB) differs from this axon's. The
// loader must reject it from the ABI query alone: axon_plugin_register aborts
// to prove that it is never called.
#include <axon/plugin.h>

#include <cstdlib>

#ifndef FIXTURE_ABI_VERSION
#define FIXTURE_ABI_VERSION AXON_PLUGIN_ABI_VERSION
#endif
#ifndef FIXTURE_STDLIB
#define FIXTURE_STDLIB AXON_STDLIB_ID
#endif

extern "C" __attribute__((visibility("default"))) axon::PluginAbi axon_plugin_abi() {
  return axon::PluginAbi{FIXTURE_ABI_VERSION, "99.0.0", AXON_COMPILER_ID, FIXTURE_STDLIB,
                         FIXTURE_NAME};
}

extern "C" __attribute__((visibility("default"))) void axon_plugin_register(axon::Registrar&) {
  std::abort();
}
