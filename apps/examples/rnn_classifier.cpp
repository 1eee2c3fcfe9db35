// The course's recurrent networks (notes 004, RNN, LSTM and GRU) as an image
// classifier on Fashion-MNIST: an image's 28 rows are 28 time steps of 28
// features (batch_first); one recurrent layer of 128 units, chosen with
// --cell rnn|lstm|gru, and Linear(128, 10) on the last time step's output;
// cross entropy, Adam lr 1e-3, batch 100, 1 epoch. Prints loss, test accuracy
// and speed per epoch, the per-class report at the end, and saves the model.
//   rnn_classifier [--cell lstm] [--device cpu] [--epochs 1] [--seed 0]
//                  [--data DIR] [--limit 0] [--save-path rnn_classifier.safetensors]
#include <axon/axon.h>
#include <axon/transforms.h>

#include "fashion_program.h"

namespace {

constexpr int64_t kRows = 28, kColumns = 28, kHidden = 128;

// Children named like the usual PyTorch classifier's (rnn.weight_ih_l0, ...,
// out.bias), so a saved state dict loads into either.
class RnnClassifier : public axon::Layer {
 public:
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
axon::data::Transform rows_as_steps() {
  return axon::data::transforms::compose(
      {axon::data::transforms::scale(), [](const axon::Tensor& x) {
         return x.reshape({x.size(0), kRows, kColumns});
       }});
}

apps::FashionRecipe recipe(const std::string& cell) {
  return {.batch_size = 100,
          .transform = rows_as_steps(),
          .make_net = [cell] { return std::make_shared<RnnClassifier>(cell); },
          .optimizer = "adam",
          .optimizer_options = {{"lr", 1e-3}},
          .metadata = {{"cell", cell}}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string cell = "lstm";
  return apps::fashion_main(
      argc, argv, "rnn_classifier",
      "Classify Fashion-MNIST with an RNN, LSTM or GRU reading the rows of each image.", 1,
      [&] { return recipe(cell); },
      [&](CLI::App& app) {
        app.add_option("--cell", cell, "the recurrent layer")
            ->check(CLI::IsMember({"rnn", "lstm", "gru"}))
            ->capture_default_str();
      });
}
