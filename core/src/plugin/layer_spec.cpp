// make_layer_from_json: models written as JSON, as `axon train` reads them.
//   {"type": "linear", "in_features": 2, "out_features": 4}
//   [{"type": "linear", ...}, {"type": "relu"}]            a sequential
//   {"type": "residual", "layers": [...]}                  a container with children
#include <axon/error.h>
#include <axon/registry.h>

#include <nlohmann/json.hpp>

namespace axon {
namespace {

// Makes a container layer and appends the children built from `specs`.
LayerPtr make_container(const std::string& type, const Options& options,
                        const nlohmann::json& specs) {
  AXON_CHECK(specs.is_array(),
             "make_layer_from_json: '{}': \"layers\" must be a list of layers, got {}", type,
             specs.dump());
  LayerPtr layer = make_layer(type, options);
  auto container = std::dynamic_pointer_cast<Container>(layer);
  AXON_CHECK(container != nullptr,
             "make_layer_from_json: '{}' is not a container, it cannot take \"layers\"", type);
  for (const auto& spec : specs) container->append(make_layer_from_json(spec));
  return layer;
}

}  // namespace

LayerPtr make_layer_from_json(const nlohmann::json& spec) {
  if (spec.is_array()) return make_container("sequential", {}, spec);
  AXON_CHECK(
      spec.is_object() && spec.contains("type") && spec["type"].is_string(),
      "make_layer_from_json: expected {{\"type\": name, ...options}} or a list of them, got {}",
      spec.dump());
  const std::string type = spec["type"].get<std::string>();
  nlohmann::json options = spec;
  options.erase("type");
  if (!options.contains("layers")) return make_layer(type, Options::from_json(options));
  const nlohmann::json children = options["layers"];
  options.erase("layers");
  return make_container(type, Options::from_json(options), children);
}

}  // namespace axon
