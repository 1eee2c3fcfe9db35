#include "fashion_mnist.h"

#include <axon/transforms.h>

namespace bench {

axon::TensorList load_fashion_mnist(const std::string& folder, axon::data::Split split) {
  namespace transforms = axon::data::transforms;
  const axon::data::MnistDataset dataset(folder, split);
  const axon::TensorList& images_labels = dataset.tensors();
  return {transforms::compose({transforms::scale(), transforms::flatten()})(images_labels[0]),
          images_labels[1]};
}

}  // namespace bench
