// A shared library that is not an axon plugin: no axon_plugin_abi symbol.
extern "C" __attribute__((visibility("default"))) int axon_test_not_plugin_answer() { return 42; }
