// The course's train.py: a 2-4-3 MLP on the 3-class Gaussian set, SGD with a
// step learning-rate schedule; keeps the model with the best validation accuracy.
// --optimizer picks any registered optimizer (a plugin's too); it gets only lr.
//   mlp2d_train [--device cpu] [--seed 1] [--epochs 10] [--optimizer sgd] [--lr 0.1]
//               [--save-path mlp2d.safetensors] [--stats]
#include <axon/axon.h>

#include <fmt/core.h>
#include "device_stats.h"
#include "training.h"

#include <CLI/CLI.hpp>

#include "mlp2d_model.h"

namespace {

struct Args {
  std::string device;
  uint64_t seed = 1;
  int64_t epochs = 10;
  std::string optimizer = "sgd";
  double lr = 0.1;
  std::string save_path = "mlp2d.safetensors";
  bool stats = false;
};

void run(const Args& args) {
  axon::Device& device = args.device.empty() ? axon::best_device() : axon::device(args.device);
  fmt::print("using {} device.\n", device.name());

  auto dataset =
      std::make_shared<axon::data::TensorDataset>(axon::data::gaussian_blobs(1000, args.seed));
  auto parts = axon::data::random_split(dataset, std::vector<double>{0.8, 0.2}, args.seed);
  axon::data::DataLoader train_loader(
      parts[0], {.batch_size = 32, .shuffle = true, .seed = args.seed, .device = &device});
  axon::data::DataLoader val_loader(parts[1], {.batch_size = 32, .device = &device});

  axon::manual_seed(args.seed);
  Mlp2d net;
  net.to(device);
  auto optimizer = axon::make_optimizer(args.optimizer, net.parameters(), {{"lr", args.lr}});
  auto scheduler = axon::make_scheduler("step", optimizer, {{"step_size", 5}, {"gamma", 0.1}});
  auto criterion = axon::make_loss("cross_entropy");

  double best_accuracy = 0.0;
  axon::DeviceStats before_epoch, after_epoch;
  for (int64_t epoch = 1; epoch <= args.epochs; ++epoch) {
    if (epoch == 1) before_epoch = device.stats();
    const double loss = apps::train_epoch(net, train_loader, *criterion, *optimizer);
    if (epoch == 1) after_epoch = device.stats();
    scheduler->step();
    const double val_accuracy = apps::accuracy(net, val_loader);
    fmt::print("[epoch {}] loss {:.4f} val_accuracy {:.3f}\n", epoch, loss, val_accuracy);
    if (val_accuracy > best_accuracy) {
      best_accuracy = val_accuracy;
      axon::save_safetensors(args.save_path, net.state_dict(),
                             {{"model", "mlp2d"},
                              {"epoch", std::to_string(epoch)},
                              {"val_accuracy", fmt::format("{:.4f}", val_accuracy)}});
    }
  }
  fmt::print("Finished Training: best val_accuracy {:.3f}, saved to {}\n", best_accuracy,
             args.save_path);
  if (args.stats) {
    apps::print_device_stats(device);
    apps::print_per_step(before_epoch, after_epoch, train_loader.num_batches());
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Train the course's 2-4-3 MLP on the 3-class Gaussian set."};
  app.add_option("--device", args.device, "cpu, cuda, mlu, ... (default: the best available)");
  app.add_option("--seed", args.seed, "seed of the data, the split, the shuffle and the init")
      ->capture_default_str();
  app.add_option("--epochs", args.epochs, "epochs to train")->capture_default_str();
  app.add_option("--optimizer", args.optimizer, "registered optimizer name (sgd, adam, lion, ...)")
      ->capture_default_str();
  app.add_option("--lr", args.lr, "learning rate")->capture_default_str();
  app.add_option("--save-path", args.save_path, "where the best model goes (safetensors)")
      ->capture_default_str();
  app.add_flag("--stats", args.stats,
               "print the device's kernel, transfer and memory counters, and per training step");
  CLI11_PARSE(app, argc, argv);
  try {
    run(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "mlp2d_train: {}\n", e.what());
    return 1;
  }
  return 0;
}
