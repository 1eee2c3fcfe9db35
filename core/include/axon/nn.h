// Typed helpers over the registry for the common layers, so that C++ code
// reads like PyTorch: nn::Sequential({nn::Linear(2, 4), nn::ReLU(), nn::Linear(4, 3)}).
#pragma once

#include <axon/registry.h>

#include <initializer_list>

namespace axon::nn {

LayerPtr Linear(int64_t in_features, int64_t out_features, bool bias = true);
LayerPtr ReLU();
LayerPtr Sigmoid();
LayerPtr Tanh();
LayerPtr Softmax(int64_t dim);  // dim is required, as in libtorch
LayerPtr LogSoftmax(int64_t dim);
LayerPtr Flatten(int64_t start_dim = 1, int64_t end_dim = -1);
LayerPtr Sequential(std::initializer_list<LayerPtr> layers);
LayerPtr Sequential(const std::vector<LayerPtr>& layers);

}  // namespace axon::nn
