#include <axon/error.h>
#include <axon/loss.h>

namespace axon {

Loss::~Loss() = default;

Tensor Loss::forward(const TensorList& inputs) {
  AXON_CHECK(inputs.size() == 2, "{}: expected (input, target), got {} tensors", describe(),
             inputs.size());
  return forward(inputs[0], inputs[1]);
}

}  // namespace axon
