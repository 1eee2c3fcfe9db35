// The course's network.py: 2 inputs, 4 hidden units with ReLU, 3 classes.
// Its children are named like the PyTorch class (n_hidden, out), so a saved
// state dict loads into that class with load_state_dict, and back.
#pragma once

#include <axon/axon.h>

class Mlp2d : public axon::Layer {
 public:
  Mlp2d()
      : n_hidden_(register_child("n_hidden", axon::nn::Linear(2, 4))),
        out_(register_child("out", axon::nn::Linear(4, 3))) {}

  // x: (N, 2) -> logits (N, 3)
  axon::Tensor forward(const axon::Tensor& x) override {
    return out_->forward(axon::relu(n_hidden_->forward(x)));
  }

  std::string describe() const override { return "MLP()"; }

 private:
  axon::LayerPtr n_hidden_;
  axon::LayerPtr out_;
};
