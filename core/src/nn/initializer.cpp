#include <axon/error.h>
#include <axon/initializer.h>

#include <cmath>
#include <set>

namespace axon {

Initializer::~Initializer() = default;

Fans compute_fans(const Shape& shape) {
  AXON_CHECK(shape.size() >= 2,
             "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got "
             "shape {})",
             shape_str(shape));
  int64_t receptive = 1;
  for (size_t i = 2; i < shape.size(); ++i) receptive *= shape[i];
  return Fans{shape[1] * receptive, shape[0] * receptive};
}

double calculate_gain(const std::string& nonlinearity, double param) {
  // PyTorch's linear functions: gain 1.
  static const std::set<std::string> kLinear{
      "linear",           "conv1d",           "conv2d",          "conv3d",
      "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"};
  if (kLinear.count(nonlinearity) > 0 || nonlinearity == "sigmoid") return 1.0;
  if (nonlinearity == "tanh") return 5.0 / 3.0;
  if (nonlinearity == "relu") return std::sqrt(2.0);
  if (nonlinearity == "leaky_relu") return std::sqrt(2.0 / (1.0 + param * param));
  if (nonlinearity == "selu") return 3.0 / 4.0;
  AXON_CHECK(false,
             "calculate_gain: unsupported nonlinearity '{}' (known: linear, conv1d, conv2d, "
             "conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, sigmoid, tanh, relu, "
             "leaky_relu, selu)",
             nonlinearity);
  return 0;
}

}  // namespace axon
