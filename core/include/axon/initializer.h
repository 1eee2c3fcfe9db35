// The Initializer interface: fills a tensor in place (without recording
// gradients), aware of fan-in and fan-out as PyTorch's torch.nn.init.
#pragma once

#include <axon/tensor.h>

#include <memory>
#include <string>

namespace axon {

class Initializer {
 public:
  virtual ~Initializer();
  virtual void apply(Tensor& tensor) = 0;
  virtual std::string describe() const = 0;
};

using InitializerPtr = std::shared_ptr<Initializer>;

struct Fans {
  int64_t fan_in = 0;
  int64_t fan_out = 0;
};
// PyTorch's _calculate_fan_in_and_fan_out: dim 1 x receptive field, dim 0 x
// receptive field; needs at least 2 dims.
Fans compute_fans(const Shape& shape);
// torch.nn.init.calculate_gain: linear, conv*, sigmoid, tanh, relu, leaky_relu (param), selu.
double calculate_gain(const std::string& nonlinearity, double param = 0.01);

}  // namespace axon
