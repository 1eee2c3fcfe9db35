// The Loss interface: (input, target) -> tensor, with PyTorch's reduction
// option (none | mean | sum).
#pragma once

#include <axon/tensor.h>

#include <memory>
#include <string>

namespace axon {

class Loss {
 public:
  virtual ~Loss();
  virtual Tensor forward(const Tensor& input, const Tensor& target) = 0;
  // Losses of more than two tensors (cosine_embedding: input1, input2, target);
  // by default forward(inputs[0], inputs[1]) (optional).
  virtual Tensor forward(const TensorList& inputs);
  Tensor operator()(const Tensor& input, const Tensor& target) { return forward(input, target); }
  virtual std::string describe() const = 0;
};

using LossPtr = std::shared_ptr<Loss>;

}  // namespace axon
