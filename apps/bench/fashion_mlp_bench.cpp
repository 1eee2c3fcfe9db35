// The course's Fashion-MNIST MLP (784-500-10, ReLU, Adam 1e-3, batch 100),
// timed per epoch; the same loop as fashion_mlp_torch.py for a side-by-side.
//   fashion_mlp_bench [--epochs 1] [--threads 2] [--device cpu] [--data DIR]
#include <axon/axon.h>

#include <fmt/core.h>
#include "training.h"

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "bench_timer.h"
#include "fashion_mnist.h"

namespace {

struct Args {
  int64_t epochs = 1;
  int threads = 2;
  std::string device = "cpu";
  std::string data = "/usr/share/datasets/fashion-mnist";
  uint64_t seed = 0;
};

void run(const Args& args) {
  axon::Device& device = axon::device(args.device);
  fmt::print("axon fashion_mlp: device {} ({}), threads {}\n", device.name(), device.info().name,
             args.threads);
  auto train_set = std::make_shared<axon::data::TensorDataset>(
      bench::load_fashion_mnist(args.data, axon::data::Split::train));
  auto test_set = std::make_shared<axon::data::TensorDataset>(
      bench::load_fashion_mnist(args.data, axon::data::Split::test));
  axon::data::DataLoader train_loader(
      train_set, {.batch_size = 100, .shuffle = true, .seed = args.seed, .device = &device});
  axon::data::DataLoader test_loader(test_set, {.batch_size = 100, .device = &device});

  axon::manual_seed(args.seed);
  auto net = axon::nn::Sequential(
      {axon::nn::Linear(784, 500), axon::nn::ReLU(), axon::nn::Linear(500, 10)});
  net->to(device);
  auto optimizer = axon::make_optimizer("adam", net->parameters(), {{"lr", 1e-3}});
  auto criterion = axon::make_loss("cross_entropy");

  double total = 0.0;
  for (int64_t epoch = 1; epoch <= args.epochs; ++epoch) {
    double loss = 0.0;
    const double elapsed = bench::seconds([&] {
      loss = apps::train_epoch(*net, train_loader, *criterion, *optimizer);
      device.synchronize();
    });
    total += elapsed;
    fmt::print("epoch {}: {:.3f} s, loss {:.4f}\n", epoch, elapsed, loss);
  }
  fmt::print("seconds_per_epoch {:.3f}\n", total / static_cast<double>(args.epochs));
  fmt::print("test_accuracy {:.4f}\n", apps::accuracy(*net, test_loader));
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Time the course's Fashion-MNIST MLP per epoch."};
  app.add_option("--epochs", args.epochs, "epochs to time")->capture_default_str();
  app.add_option("--threads", args.threads, "AXON_NUM_THREADS for the cpu backend")
      ->capture_default_str();
  app.add_option("--device", args.device, "device to train on")->capture_default_str();
  app.add_option("--data", args.data, "folder with the Fashion-MNIST .gz files")
      ->capture_default_str();
  app.add_option("--seed", args.seed, "seed of the init and the shuffle")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  // Before the first device call: the cpu backend reads it when it loads.
  ::setenv("AXON_NUM_THREADS", std::to_string(args.threads).c_str(), 1);
  try {
    run(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "fashion_mlp_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
