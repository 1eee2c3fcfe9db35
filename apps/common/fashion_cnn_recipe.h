// The course's CNN (notes 001, "手写数字识别代码实现" listing) on
// Fashion-MNIST: two blocks of 5x5 convolution (padding 2, so 28x28 stays
// 28x28), ReLU and 2x2 max pooling, then Linear(32*7*7, 10); cross entropy,
// Adam lr 1e-3, batch 50. Shared by the fashion_cnn example and the benchmarks.
#pragma once

#include <axon/axon.h>
#include <axon/transforms.h>

#include "fashion_program.h"

namespace apps {

// The notes' conv1 and conv2 blocks: (N, in, H, W) -> (N, out, H/2, W/2).
inline axon::LayerPtr fashion_cnn_block(int64_t in_channels, int64_t out_channels) {
  return axon::nn::Sequential({axon::make_layer("conv2d", {{"in_channels", in_channels},
                                                           {"out_channels", out_channels},
                                                           {"kernel_size", int64_t{5}},
                                                           {"stride", int64_t{1}},
                                                           {"padding", int64_t{2}}}),
                               axon::nn::ReLU(),
                               axon::make_layer("max_pool2d", {{"kernel_size", int64_t{2}}})});
}

// The notes' CNN class: children named like the PyTorch one's (conv1.0.weight,
// ..., out.bias), so a saved state dict loads into either.
class FashionCnn : public axon::Layer {
 public:
  FashionCnn()
      : conv1_(register_child("conv1", fashion_cnn_block(1, 16))),
        conv2_(register_child("conv2", fashion_cnn_block(16, 32))),
        out_(register_child("out", axon::nn::Linear(32 * 7 * 7, 10))) {}

  // x: (N, 1, 28, 28) -> (N, 16, 14, 14) -> (N, 32, 7, 7) -> logits (N, 10)
  axon::Tensor forward(const axon::Tensor& x) override {
    const axon::Tensor features = conv2_->forward(conv1_->forward(x));
    return out_->forward(features.reshape({features.size(0), -1}));
  }

  std::string describe() const override { return "CNN()"; }

 private:
  axon::LayerPtr conv1_, conv2_, out_;
};

inline FashionRecipe fashion_cnn_recipe() {
  return {.batch_size = 50,
          .transform = axon::data::transforms::scale(),  // ToTensor: [0, 1]
          .make_net = [] { return std::make_shared<FashionCnn>(); },
          .optimizer = "adam",
          .optimizer_options = {{"lr", 1e-3}}};
}

}  // namespace apps
