#include "fashion_mnist.h"

#include <axon/error.h>

#include "idx.h"

namespace bench {

axon::TensorList load_fashion_mnist(const std::string& folder, const std::string& split) {
  const IdxArray images = read_idx(folder + "/" + split + "-images-idx3-ubyte.gz");
  const IdxArray labels = read_idx(folder + "/" + split + "-labels-idx1-ubyte.gz");
  AXON_CHECK(
      images.shape.size() == 3 && labels.shape.size() == 1 && images.shape[0] == labels.shape[0],
      "load_fashion_mnist: expected images (N, 28, 28) and labels (N), got {} and {}", images.shape,
      labels.shape);
  const int64_t n = images.shape[0];
  const int64_t features = images.shape[1] * images.shape[2];
  std::vector<float> x(images.data.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(images.data[i]) / 255.0f;
  std::vector<int64_t> y(labels.data.begin(), labels.data.end());
  return {axon::from_vector(x, {n, features}), axon::from_vector(y, {n})};
}

}  // namespace bench
