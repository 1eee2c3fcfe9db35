// The course's LeNet (notes 004, the CNN demo) on Fashion-MNIST: 5x5
// convolutions to 6 and 16 channels without padding, each with sigmoid and
// 2x2 max pooling, then 16*4*4 -> 120 -> 84 -> 10 with sigmoid; cross entropy
// on the logits (the listing's softmax output with its sparse categorical
// cross entropy), SGD lr 0.9, batch 32, Xavier initialization. Shared by the
// lenet example and the benchmarks.
#pragma once

#include <axon/axon.h>
#include <axon/transforms.h>

#include "fashion_program.h"

namespace apps {

// x: (N, 1, 28, 28) -> (N, 6, 12, 12) -> (N, 16, 4, 4) -> logits (N, 10).
// A Sequential, as the listing's: the state dict's keys are 0.weight, 0.bias, 3.weight, ...
inline axon::LayerPtr lenet() {
  using namespace axon::nn;
  auto conv5x5 = [](int64_t in_channels, int64_t out_channels) {
    return axon::make_layer("conv2d", {{"in_channels", in_channels},
                                       {"out_channels", out_channels},
                                       {"kernel_size", int64_t{5}}});
  };
  auto max_pool2x2 = [] { return axon::make_layer("max_pool2d", {{"kernel_size", int64_t{2}}}); };
  auto net = Sequential({conv5x5(1, 6), Sigmoid(), max_pool2x2(),   //
                         conv5x5(6, 16), Sigmoid(), max_pool2x2(),  //
                         Flatten(),                                 //
                         Linear(16 * 4 * 4, 120), Sigmoid(),        //
                         Linear(120, 84), Sigmoid(),                //
                         Linear(84, 10)});
  // d2l's PyTorch LeNet (init_weights): Glorot-uniform weights; the biases
  // keep PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)). With zero
  // biases (Keras' default) this sigmoid net stayed at chance for its whole
  // first epoch and reached 0.7986 after three.
  auto xavier = axon::make_initializer("xavier_uniform");
  for (auto& [name, parameter] : net->named_parameters())
    if (name.ends_with("weight")) xavier->apply(parameter);
  return net;
}

inline FashionRecipe lenet_recipe() {
  return {.batch_size = 32,
          .transform = axon::data::transforms::scale(),  // ToTensor: [0, 1]
          .make_net = lenet,
          .optimizer = "sgd",
          .optimizer_options = {{"lr", 0.9}}};
}

}  // namespace apps
