// The course's recurrent networks (notes 004, RNN, LSTM and GRU) as an image
// classifier on Fashion-MNIST: an image's 28 rows are 28 time steps of 28
// features (batch_first); one recurrent layer of 128 units (rnn, lstm or
// gru) and Linear(128, 10) on the last time step's output; cross entropy,
// Adam lr 1e-3, batch 100. Shared by the rnn_classifier example and the
// benchmarks.
#pragma once

#include <axon/axon.h>
#include <axon/transforms.h>

#include <fmt/core.h>

#include <string>

#include "fashion_program.h"

namespace apps {

// Children named like the usual PyTorch classifier's (rnn.weight_ih_l0, ...,
// out.bias), so a saved state dict loads into either.
class RnnClassifier : public axon::Layer {
 public:
  static constexpr int64_t kRows = 28, kColumns = 28, kHidden = 128;

  explicit RnnClassifier(const std::string& cell)
      : cell_(cell),
        rnn_(register_child("rnn", axon::make_layer(cell, {{"input_size", kColumns},
                                                           {"hidden_size", kHidden},
                                                           {"num_layers", int64_t{1}},
                                                           {"batch_first", true}}))),
        out_(register_child("out", axon::nn::Linear(kHidden, 10))) {}

  // x: (N, 28 steps, 28) -> output (N, 28, 128) -> its last step (N, 128) -> logits (N, 10).
  // The initial states are zeros (none passed), as in the notes' listings.
  axon::Tensor forward(const axon::Tensor& x) override {
    const axon::Tensor output = rnn_->forward(axon::TensorList{x})[0];
    return out_->forward(output.select(1, output.size(1) - 1));
  }

  std::string describe() const override { return fmt::format("RnnClassifier(cell={})", cell_); }

 private:
  std::string cell_;
  axon::LayerPtr rnn_, out_;
};

// (B, 1, 28, 28) u8 -> (B, 28, 28) f32 in [0, 1]: each row is a time step.
inline axon::data::Transform rows_as_steps() {
  return axon::data::transforms::compose(
      {axon::data::transforms::scale(), [](const axon::Tensor& x) {
         return x.reshape({x.size(0), RnnClassifier::kRows, RnnClassifier::kColumns});
       }});
}

// `cell`: "rnn", "lstm" or "gru".
inline FashionRecipe rnn_classifier_recipe(const std::string& cell) {
  return {.batch_size = 100,
          .transform = rows_as_steps(),
          .make_net = [cell] { return std::make_shared<RnnClassifier>(cell); },
          .optimizer = "adam",
          .optimizer_options = {{"lr", 1e-3}},
          .metadata = {{"cell", cell}}};
}

}  // namespace apps
