// A backend whose device factory throws: the plugin must be rejected with the
// factory's message, and the device type must stay unknown.
#include <axon/error.h>
#include <axon/plugin.h>

AXON_REGISTER([](axon::Registrar& r) {
  r.add_device_type("testbroken", 0,
                    [](std::string&) -> std::vector<std::unique_ptr<axon::Device>> {
                      axon::throw_error("testbroken: the simulated driver failed (test fixture)");
                    });
});
