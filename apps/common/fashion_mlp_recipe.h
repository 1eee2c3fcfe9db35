// The course's feed-forward network (notes 001, "前馈神经网络" listing) on
// Fashion-MNIST: 784-500-10 with ReLU, cross entropy, Adam lr 1e-3, batch 100.
// Shared by the fashion_mlp example and the benchmarks.
#pragma once

#include <axon/axon.h>
#include <axon/transforms.h>

#include "fashion_program.h"

namespace apps {

// The notes' Net: its children are named like the PyTorch class's (fc1,
// relu, fc2), so a saved state dict loads into it, and back.
class FashionMlp : public axon::Layer {
 public:
  FashionMlp(int64_t input_size, int64_t hidden_size, int64_t num_classes)
      : fc1_(register_child("fc1", axon::nn::Linear(input_size, hidden_size))),
        relu_(register_child("relu", axon::nn::ReLU())),
        fc2_(register_child("fc2", axon::nn::Linear(hidden_size, num_classes))) {}

  // x: (N, 784) -> logits (N, 10)
  axon::Tensor forward(const axon::Tensor& x) override {
    return fc2_->forward(relu_->forward(fc1_->forward(x)));
  }

  std::string describe() const override { return "Net()"; }

 private:
  axon::LayerPtr fc1_, relu_, fc2_;
};

inline FashionRecipe fashion_mlp_recipe() {
  namespace transforms = axon::data::transforms;
  return {.batch_size = 100,
          // ToTensor, then the listing's images.view(-1, 28*28): (B, 784) f32 in [0, 1].
          .transform = transforms::compose({transforms::scale(), transforms::flatten()}),
          .make_net = [] { return std::make_shared<FashionMlp>(784, 500, 10); },
          .optimizer = "adam",
          .optimizer_options = {{"lr", 1e-3}}};
}

}  // namespace apps
