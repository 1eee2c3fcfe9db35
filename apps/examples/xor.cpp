// The notes' limit of the perceptron (001, "感知机的局限性"): a single
// perceptron, Linear(2, 1) + sigmoid, cannot learn XOR, which is not linearly
// separable (at most 3 of the 4 points come out right); a network with one
// hidden layer can. Both train on the four points with binary cross entropy
// and SGD, full batch.
//   xor [--device cpu] [--epochs 2000] [--seed 0] [--lr 0.5] [--log-every 500]
//       [--save-path xor_mlp.safetensors]
#include <axon/axon.h>
#include <axon/metrics.h>

#include "program.h"

namespace {

struct Args : apps::TrainingArgs {
  double lr = 0.5;
  int64_t log_every = 500;
};

struct Points {
  axon::Tensor x;  // (4, 2) f32
  axon::Tensor y;  // (4, 1) f32, the targets of the loss
};

Points xor_points(axon::Device& device) {
  return {axon::from_vector(std::vector<float>{0, 0, 0, 1, 1, 0, 1, 1}, {4, 2}).to(device),
          axon::from_vector(std::vector<float>{0, 1, 1, 0}, {4, 1}).to(device)};
}

// Outputs (4, 1) in (0, 1) -> classes (4) i64: 1 where the output is >= 0.5.
axon::Tensor classes_of(const axon::Tensor& output) {
  return axon::ge(output, 0.5).to(axon::DType::i64).flatten();
}

// Trains `model` on the points and returns its accuracy on them.
double fit(const char* name, axon::Layer& model, const Points& points, const Args& args) {
  auto criterion = axon::make_loss("binary_cross_entropy");
  auto optimizer = axon::make_optimizer("sgd", model.parameters(), {{"lr", args.lr}});
  for (int64_t epoch = 1; epoch <= args.epochs; ++epoch) {
    axon::Tensor loss = (*criterion)(model(points.x), points.y);
    optimizer->zero_grad();
    loss.backward();
    optimizer->step();
    if (epoch == 1 || epoch % args.log_every == 0)
      fmt::print("[{} epoch {}] loss {:.4f}\n", name, epoch, loss.item());
  }
  axon::NoGradGuard no_grad;
  const axon::Tensor predicted = classes_of(model(points.x));
  fmt::print("{} predictions {} for targets [0, 1, 1, 0]\n", name, predicted.to_vector<int64_t>());
  return axon::metrics::accuracy(predicted, classes_of(points.y));
}

void run(const Args& args) {
  axon::Device& device = apps::chosen_device(args.device);
  const Points points = xor_points(device);
  axon::manual_seed(args.seed);
  auto perceptron = axon::nn::Sequential({axon::nn::Linear(2, 1), axon::nn::Sigmoid()});
  // Two hidden units suffice in principle (the notes' three perceptrons);
  // four make training from a random start reliable.
  auto mlp = axon::nn::Sequential(
      {axon::nn::Linear(2, 4), axon::nn::Tanh(), axon::nn::Linear(4, 1), axon::nn::Sigmoid()});
  perceptron->to(device);
  mlp->to(device);
  const double perceptron_accuracy = fit("perceptron", *perceptron, points, args);
  const double mlp_accuracy = fit("mlp", *mlp, points, args);
  fmt::print("perceptron accuracy {:.2f}\nmlp accuracy {:.2f}\n", perceptron_accuracy,
             mlp_accuracy);
  apps::save_model(args.save_path, *mlp,
                   {{"model", "xor_mlp"}, {"accuracy", fmt::format("{:.2f}", mlp_accuracy)}});
}

}  // namespace

int main(int argc, char** argv) {
  Args args{{.epochs = 2000, .save_path = "xor_mlp.safetensors"}};
  CLI::App app{"XOR: a single perceptron fails, a two-layer network learns it."};
  apps::add_training_options(app, args);
  app.add_option("--lr", args.lr, "SGD learning rate")->capture_default_str();
  apps::add_log_every_option(app, args.log_every);
  return apps::parse_and_run(app, argc, argv, "xor", [&] { run(args); });
}
