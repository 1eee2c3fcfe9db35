// The course's linear regression in PyTorch (notes 003, "用 Pytorch 实现线性回归"):
// y = 2x from the three points x = 1, 2, 3; Linear(1, 1), MSE with reduction
// sum, SGD lr 0.01, full batch. w goes to 2 and b to 0.
//   linear_regression [--device cpu] [--epochs 1000] [--seed 0] [--log-every 100]
//                     [--save-path linear_regression.safetensors]
#include <axon/axon.h>

#include "program.h"

namespace {

struct Args : apps::TrainingArgs {
  int64_t log_every = 100;
};

void print_line(const axon::Layer& model, const char* prefix, double loss) {
  const axon::StateDict state = model.state_dict();
  fmt::print("{} loss {:.6f} w {:.6f} b {:.6f}\n", prefix, loss, state.at("linear.weight").item(),
             state.at("linear.bias").item());
}

// The notes' LinearModule: one child named "linear", as in the PyTorch class.
class LinearModule : public axon::Layer {
 public:
  LinearModule() : linear_(register_child("linear", axon::nn::Linear(1, 1))) {}
  // x: (N, 1) -> (N, 1)
  axon::Tensor forward(const axon::Tensor& x) override { return linear_->forward(x); }
  std::string describe() const override { return "LinearModule()"; }

 private:
  axon::LayerPtr linear_;
};

void run(const Args& args) {
  axon::Device& device = apps::chosen_device(args.device);
  const axon::Tensor x = axon::from_vector(std::vector<float>{1, 2, 3}, {3, 1}).to(device);
  const axon::Tensor y = axon::from_vector(std::vector<float>{2, 4, 6}, {3, 1}).to(device);

  axon::manual_seed(args.seed);
  LinearModule model;
  model.to(device);
  auto criterion = axon::make_loss("mse", {{"reduction", "sum"}});
  auto optimizer = axon::make_optimizer("sgd", model.parameters(), {{"lr", 0.01}});
  print_line(model, "[initial]", (*criterion)(model(x), y).item());

  // Each line: the loss before the epoch's step, w and b after it.
  for (int64_t epoch = 1; epoch <= args.epochs; ++epoch) {
    axon::Tensor loss = (*criterion)(model(x), y);
    optimizer->zero_grad();
    loss.backward();
    optimizer->step();
    if (epoch == 1 || epoch % args.log_every == 0 || epoch == args.epochs)
      print_line(model, fmt::format("[epoch {}]", epoch).c_str(), loss.item());
  }
  axon::NoGradGuard no_grad;
  const axon::Tensor four = axon::full({1, 1}, 4.0, axon::TensorOptions().device(device));
  fmt::print("predict (after training) x = 4: y = {:.6f}\n", model(four).item());
  apps::save_model(args.save_path, model, {{"model", "linear_regression"}});
}

}  // namespace

int main(int argc, char** argv) {
  Args args{{.epochs = 1000, .save_path = "linear_regression.safetensors"}};
  CLI::App app{"Fit y = 2x with Linear(1, 1), MSE (sum) and SGD, as the course does."};
  apps::add_training_options(app, args);
  apps::add_log_every_option(app, args.log_every);
  return apps::parse_and_run(app, argc, argv, "linear_regression", [&] { run(args); });
}
