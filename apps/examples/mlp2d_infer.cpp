// The course's inference.py: loads the trained 2-4-3 MLP, draws one point
// from N(1, 1) (class 0's cluster) and prints the class probabilities.
//   mlp2d_infer [--device cpu] [--seed 2] [--model mlp2d.safetensors]
#include <axon/axon.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>

#include "mlp2d_model.h"

namespace {

struct Args {
  std::string device;
  uint64_t seed = 2;
  std::string model = "mlp2d.safetensors";
};

void run(const Args& args) {
  axon::Device& device = args.device.empty() ? axon::best_device() : axon::device(args.device);
  Mlp2d net;
  net.load_state_dict(axon::load_safetensors(args.model));
  net.to(device);

  axon::manual_seed(args.seed);
  // x: (1, 2) ~ N(1, 1)
  axon::Tensor x = axon::randn({1, 2}, axon::TensorOptions().device(device)) + 1.0;

  net.eval();
  axon::NoGradGuard no_grad;
  axon::Tensor outputs = net(x);
  fmt::print("input {::.4f}\n", x.to_vector<float>());
  fmt::print("probabilities {::.4f}\n", axon::softmax(outputs, 1).to_vector<float>());
  fmt::print("predicted class {}\n", axon::argmax(outputs, 1).item<int64_t>());
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Classify one point drawn from N(1, 1) with the trained 2-4-3 MLP."};
  app.add_option("--device", args.device, "cpu, cuda, mlu, ... (default: the best available)");
  app.add_option("--seed", args.seed, "seed of the drawn point")->capture_default_str();
  app.add_option("--model", args.model, "the trained model (safetensors)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    run(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "mlp2d_infer: {}\n", e.what());
    return 1;
  }
  return 0;
}
