// The course's recurrent networks (notes 004, RNN, LSTM and GRU) as an image
// classifier on Fashion-MNIST, 1 epoch of the recipe in
// rnn_classifier_recipe.h (the image's rows as time steps, one recurrent
// layer of 128 units chosen with --cell, Adam lr 1e-3, batch 100). Prints
// loss, test accuracy and speed per epoch, the per-class report at the end,
// and saves the model.
//   rnn_classifier [--cell lstm] [--device cpu] [--epochs 1] [--seed 0]
//                  [--data DIR] [--limit 0] [--save-path rnn_classifier.safetensors]
#include <CLI/CLI.hpp>
#include <string>

#include "fashion_program.h"
#include "rnn_classifier_recipe.h"

int main(int argc, char** argv) {
  std::string cell = "lstm";
  return apps::fashion_main(
      argc, argv, "rnn_classifier",
      "Classify Fashion-MNIST with an RNN, LSTM or GRU reading the rows of each image.", 1,
      [&] { return apps::rnn_classifier_recipe(cell); },
      [&](CLI::App& app) {
        app.add_option("--cell", cell, "the recurrent layer")
            ->check(CLI::IsMember({"rnn", "lstm", "gru"}))
            ->capture_default_str();
      });
}
