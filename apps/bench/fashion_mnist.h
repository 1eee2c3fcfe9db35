// Fashion-MNIST in memory, as the course's MLP consumes it.
#pragma once

#include <axon/tensor.h>

#include <string>

namespace bench {

// {x (N, 784) f32 in [0, 1], y (N) i64} of the "train" or "t10k" split in `folder`.
axon::TensorList load_fashion_mnist(const std::string& folder, const std::string& split);

}  // namespace bench
