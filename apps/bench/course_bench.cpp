// The course's Fashion-MNIST networks, each with its example's recipe
// (apps/common/*_recipe.h: net, initialization, optimizer, batch size,
// transform), timed over a fixed number of training steps after a few
// untimed warm-up steps. course_torch.py runs the same steps in PyTorch;
// compare_course.sh puts the two side by side.
//   course_bench --net mlp|cnn|lenet|rnn|lstm|gru [--steps N] [--warmup 2]
//                [--threads 2] [--device cpu] [--data DIR] [--seed 0]
// Prints machine-readable lines: "ms_per_step 12.345", "samples_per_s 4321".
#include <axon/axon.h>

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

#include "bench_timer.h"
#include "fashion_cnn_recipe.h"
#include "fashion_mlp_recipe.h"
#include "fashion_program.h"
#include "lenet_recipe.h"
#include "rnn_classifier_recipe.h"
#include "training.h"

namespace {

struct Workload {
  std::function<apps::FashionRecipe()> recipe;
  int64_t steps;  // default: 10-15 s on 2 cores of the development VM (course_torch.py's too)
};

const std::map<std::string, Workload>& workloads() {
  static const std::map<std::string, Workload> all{
      {"mlp", {apps::fashion_mlp_recipe, 3000}},
      {"cnn", {apps::fashion_cnn_recipe, 600}},
      {"lenet", {apps::lenet_recipe, 3750}},
      {"rnn", {[] { return apps::rnn_classifier_recipe("rnn"); }, 1000}},
      {"lstm", {[] { return apps::rnn_classifier_recipe("lstm"); }, 300}},
      {"gru", {[] { return apps::rnn_classifier_recipe("gru"); }, 500}},
  };
  return all;
}

struct Args {
  std::string net;
  int64_t steps = 0;  // 0: the workload's default
  int64_t warmup = 2;
  int threads = 2;
  std::string device = "cpu";
  std::string data = "/usr/share/datasets/fashion-mnist";
  uint64_t seed = 0;
};

// The loader's batches without end: a new epoch (and shuffle) when one runs out.
class Batches {
 public:
  explicit Batches(axon::data::DataLoader& loader) : loader_(loader), next_(loader.begin()) {}

  axon::TensorList next() {
    if (!(next_ != loader_.end())) next_ = loader_.begin();
    axon::TensorList batch = *next_;
    ++next_;
    return batch;
  }

 private:
  axon::data::DataLoader& loader_;
  axon::data::DataLoader::Iterator next_;
};

void run(const Args& args) {
  const Workload& workload = workloads().at(args.net);
  const int64_t steps = args.steps > 0 ? args.steps : workload.steps;
  axon::Device& device = axon::device(args.device);
  apps::FashionRecipe recipe = workload.recipe();
  apps::FashionArgs data_args;
  data_args.data = args.data;
  data_args.seed = args.seed;
  // The example's loader: u8 images in memory, each batch indexed by the
  // shuffle and made f32 by the recipe's transform (course_torch.py keeps f32).
  axon::data::DataLoader loader =
      apps::fashion_loader(data_args, recipe, axon::data::Split::train, device);
  fmt::print("axon {}: device {} ({}), threads {}, batch {}, {} steps after {} warm-up\n", args.net,
             device.name(), device.info().name, args.threads, recipe.batch_size, steps,
             args.warmup);

  axon::manual_seed(args.seed);
  axon::LayerPtr net = recipe.make_net();
  net->to(device);
  net->train();
  axon::OptimizerPtr optimizer =
      axon::make_optimizer(recipe.optimizer, net->parameters(), recipe.optimizer_options);
  auto criterion = axon::make_loss("cross_entropy");

  Batches batches(loader);
  for (int64_t i = 0; i < args.warmup; ++i)
    apps::train_step(*net, batches.next(), *criterion, *optimizer);
  device.synchronize();
  double loss = 0.0;
  const double elapsed = bench::seconds([&] {
    for (int64_t i = 0; i < steps; ++i)
      loss += apps::train_step(*net, batches.next(), *criterion, *optimizer);
    device.synchronize();
  });
  fmt::print("steps {}\n", steps);
  // The mean loss tells whether both frameworks trained alike, not only as fast.
  fmt::print("mean_loss {:.4f}\n", loss / static_cast<double>(steps));
  fmt::print("seconds {:.3f}\n", elapsed);
  fmt::print("ms_per_step {:.3f}\n", 1e3 * elapsed / static_cast<double>(steps));
  fmt::print("samples_per_s {:.0f}\n", static_cast<double>(steps * recipe.batch_size) / elapsed);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Time training steps of the course's Fashion-MNIST networks."};
  std::vector<std::string> names;
  for (const auto& [name, workload] : workloads()) names.push_back(name);
  app.add_option("--net", args.net, "the network and its recipe")
      ->required()
      ->check(CLI::IsMember(names));
  app.add_option("--steps", args.steps, "training steps to time (0: the net's default)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--warmup", args.warmup, "untimed steps before")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--threads", args.threads, "AXON_NUM_THREADS for the cpu backend")
      ->capture_default_str();
  app.add_option("--device", args.device, "device to train on")->capture_default_str();
  app.add_option("--data", args.data, "folder with the Fashion-MNIST files")->capture_default_str();
  app.add_option("--seed", args.seed, "seed of the init and the shuffle")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  // Before the first device call: the cpu backend reads it when it loads.
  ::setenv("AXON_NUM_THREADS", std::to_string(args.threads).c_str(), 1);
  try {
    run(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "course_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
