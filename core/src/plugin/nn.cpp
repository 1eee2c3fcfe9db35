// nn:: helpers: the registry with PyTorch's constructor arguments.
#include <axon/error.h>
#include <axon/nn.h>

namespace axon::nn {

LayerPtr Linear(int64_t in_features, int64_t out_features, bool bias) {
  return make_layer("linear",
                    {{"in_features", in_features}, {"out_features", out_features}, {"bias", bias}});
}

LayerPtr ReLU() { return make_layer("relu"); }
LayerPtr Sigmoid() { return make_layer("sigmoid"); }
LayerPtr Tanh() { return make_layer("tanh"); }
LayerPtr Softmax(int64_t dim) { return make_layer("softmax", {{"dim", dim}}); }
LayerPtr LogSoftmax(int64_t dim) { return make_layer("log_softmax", {{"dim", dim}}); }

LayerPtr Flatten(int64_t start_dim, int64_t end_dim) {
  return make_layer("flatten", {{"start_dim", start_dim}, {"end_dim", end_dim}});
}

LayerPtr Sequential(std::initializer_list<LayerPtr> layers) {
  return Sequential(std::vector<LayerPtr>(layers));
}

LayerPtr Sequential(const std::vector<LayerPtr>& layers) {
  LayerPtr sequential = make_layer("sequential");
  auto container = std::dynamic_pointer_cast<Container>(sequential);
  AXON_CHECK(container != nullptr, "nn::Sequential: the 'sequential' layer is not a container");
  for (const auto& layer : layers) container->append(layer);
  return sequential;
}

}  // namespace axon::nn
