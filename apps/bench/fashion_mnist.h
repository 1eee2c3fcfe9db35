// Fashion-MNIST in memory as f32, as the course's MLP consumes it: the
// benchmarks time the framework, not the per-batch conversion of the loader.
#pragma once

#include <axon/datasets.h>
#include <axon/tensor.h>

#include <string>

namespace bench {

// {x (N, 784) f32 in [0, 1], y (N) i64} of one split of the MNIST-format files in `folder`.
axon::TensorList load_fashion_mnist(const std::string& folder, axon::data::Split split);

}  // namespace bench
