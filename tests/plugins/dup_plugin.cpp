// A plugin that registers a name the activations plugin owns ("relu") next to
// a free one: it must be refused as a whole, naming both libraries.
#include <axon/plugin.h>

namespace {

class Dup : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Dup(const axon::Options&) {}
  std::string describe() const override { return "Dup()"; }
};

}  // namespace

AXON_REGISTER_LAYER("test_dup_only", Dup, "free name, refused with the plugin");
AXON_REGISTER_LAYER("relu", Dup, "taken name");
