// A plugin whose registration throws after registering a layer: it must be
// rejected with the exception's text, and "test_never" must stay unknown.
#include <axon/error.h>
#include <axon/plugin.h>

namespace {

class Never : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Never(const axon::Options&) {}
  std::string describe() const override { return "Never()"; }
};

}  // namespace

AXON_REGISTER_LAYER("test_never", Never, "never registered: the plugin throws");
AXON_REGISTER([](axon::Registrar&) {
  axon::throw_error("test_throws: refusing to register (test fixture)");
});
