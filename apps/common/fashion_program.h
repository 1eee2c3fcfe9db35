// What the Fashion-MNIST programs built on a recipe (fashion_cnn, lenet,
// rnn_classifier) share beyond program.h and training.h: the --data and
// --limit options, the loaders, and the notes' loop around a network: seed,
// train and test each epoch, report the classes, save. A program only says
// its network, optimizer, batch size and input transform.
#pragma once

#include <axon/axon.h>
#include <axon/datasets.h>
#include <axon/transforms.h>

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "epoch_report.h"
#include "program.h"

namespace apps {

inline const std::vector<std::string> kFashionClassNames{
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

struct FashionArgs : TrainingArgs {
  std::string data = "/usr/share/datasets/fashion-mnist";
  int64_t limit = 0;  // examples per split; 0: all of them
};

inline void add_fashion_options(CLI::App& app, FashionArgs& args) {
  add_training_options(app, args);
  app.add_option("--data", args.data, "folder with the MNIST-format files (plain or .gz)")
      ->capture_default_str();
  app.add_option("--limit", args.limit,
                 "use only the first N training and N test images (0: all), for quick runs")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

struct FashionRecipe {
  int64_t batch_size = 1;
  // Of each batch of u8 images (B, 1, 28, 28), on the device.
  axon::data::Transform transform;
  // Called after manual_seed(--seed), so that the initialization follows the seed.
  std::function<axon::LayerPtr()> make_net;
  std::string optimizer;  // over all of the net's parameters
  axon::Options optimizer_options;
  axon::Metadata metadata = {};  // of the saved model, beyond its name, epochs and accuracy
  std::string program = {};      // names the model in the saved file (set by fashion_main)
};

// A split of the MNIST-format folder, cut to its first --limit examples.
inline axon::data::DataLoader fashion_loader(const FashionArgs& args, const FashionRecipe& recipe,
                                             axon::data::Split split, axon::Device& device) {
  axon::data::DatasetPtr dataset = std::make_shared<axon::data::MnistDataset>(args.data, split);
  if (args.limit > 0 && args.limit < dataset->size()) {
    std::vector<int64_t> first(static_cast<size_t>(args.limit));
    std::iota(first.begin(), first.end(), int64_t{0});
    dataset = std::make_shared<axon::data::Subset>(dataset, std::move(first));
  }
  return axon::data::DataLoader(dataset, {.batch_size = recipe.batch_size,
                                          .shuffle = split == axon::data::Split::train,
                                          .seed = args.seed,
                                          .device = &device,
                                          .transform = recipe.transform});
}

inline void train_on_fashion(const FashionArgs& args, const FashionRecipe& recipe) {
  axon::Device& device = chosen_device(args.device);
  axon::data::DataLoader train_loader =
      fashion_loader(args, recipe, axon::data::Split::train, device);
  axon::data::DataLoader test_loader =
      fashion_loader(args, recipe, axon::data::Split::test, device);
  fmt::print("{} training and {} test images from {}\n", train_loader.dataset_size(),
             test_loader.dataset_size(), args.data);

  axon::manual_seed(args.seed);
  axon::LayerPtr net = recipe.make_net();
  net->to(device);
  fmt::print("{}\n", net->to_string());
  axon::OptimizerPtr optimizer =
      axon::make_optimizer(recipe.optimizer, net->parameters(), recipe.optimizer_options);
  auto criterion = axon::make_loss("cross_entropy");

  double test_accuracy = 0.0;
  for (int64_t epoch = 1; epoch <= args.epochs; ++epoch) {
    const EpochStats stats = timed_train_epoch(*net, train_loader, *criterion, *optimizer, device);
    test_accuracy = accuracy(*net, test_loader);
    print_epoch(epoch, stats, test_accuracy);
  }
  fmt::print("\n{}\n", evaluate(*net, test_loader, 10).report(kFashionClassNames));
  axon::Metadata metadata = recipe.metadata;
  metadata.insert({{"model", recipe.program},
                   {"epochs", std::to_string(args.epochs)},
                   {"test_accuracy", fmt::format("{:.4f}", test_accuracy)}});
  axon::save_safetensors(args.save_path, net->state_dict(), metadata);
  fmt::print("saved to {}\n", args.save_path);
}

// main() of a recipe program: the common options (the defaults: `epochs`, and
// the model saved to <program>.safetensors) and the program's own
// (`add_options`, optional), then training with the recipe that `make_recipe`
// returns once the command line is read.
inline int fashion_main(int argc, char** argv, const std::string& program,
                        const std::string& description, int64_t epochs,
                        const std::function<FashionRecipe()>& make_recipe,
                        const std::function<void(CLI::App&)>& add_options = {}) {
  FashionArgs args;
  args.epochs = epochs;
  args.save_path = program + ".safetensors";
  CLI::App app{description};
  if (add_options) add_options(app);
  add_fashion_options(app, args);
  return parse_and_run(app, argc, argv, program.c_str(), [&] {
    FashionRecipe recipe = make_recipe();
    recipe.program = program;
    train_on_fashion(args, recipe);
  });
}

}  // namespace apps
