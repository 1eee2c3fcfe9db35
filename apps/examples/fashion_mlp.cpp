// The course's feed-forward network (notes 001, "前馈神经网络" listing) on
// Fashion-MNIST: 784-500-10 with ReLU, cross entropy, Adam lr 1e-3, batch
// 100, 5 epochs. Prints loss, test accuracy and speed per epoch, the
// per-class report at the end, and saves the model.
//   fashion_mlp [--device cpu] [--epochs 5] [--seed 0] [--data DIR]
//               [--save-path fashion_mlp.safetensors]
#include <axon/axon.h>
#include <axon/datasets.h>
#include <axon/transforms.h>

#include "epoch_report.h"
#include "program.h"

namespace {

namespace data = axon::data;

// The notes' Net: its children are named like the PyTorch class's (fc1,
// relu, fc2), so a saved state dict loads into it, and back.
class Net : public axon::Layer {
 public:
  Net(int64_t input_size, int64_t hidden_size, int64_t num_classes)
      : fc1_(register_child("fc1", axon::nn::Linear(input_size, hidden_size))),
        relu_(register_child("relu", axon::nn::ReLU())),
        fc2_(register_child("fc2", axon::nn::Linear(hidden_size, num_classes))) {}

  // x: (N, 784) -> logits (N, 10)
  axon::Tensor forward(const axon::Tensor& x) override {
    return fc2_->forward(relu_->forward(fc1_->forward(x)));
  }

  std::string describe() const override { return "Net()"; }

 private:
  axon::LayerPtr fc1_, relu_, fc2_;
};

const std::vector<std::string> kClassNames{"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                           "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                           "Bag",         "Ankle boot"};

struct Args : apps::TrainingArgs {
  std::string data = "/usr/share/datasets/fashion-mnist";
};

// Batches of u8 images (B, 1, 28, 28) become (B, 784) f32 in [0, 1] on the device.
data::DataLoader make_loader(const Args& args, data::Split split, axon::Device& device) {
  auto dataset = std::make_shared<data::MnistDataset>(args.data, split);
  return data::DataLoader(dataset, {.batch_size = 100,
                                    .shuffle = split == data::Split::train,
                                    .seed = args.seed,
                                    .device = &device,
                                    .transform = data::transforms::compose(
                                        {data::transforms::scale(), data::transforms::flatten()})});
}

void run(const Args& args) {
  axon::Device& device = apps::chosen_device(args.device);
  data::DataLoader train_loader = make_loader(args, data::Split::train, device);
  data::DataLoader test_loader = make_loader(args, data::Split::test, device);
  fmt::print("{} training and {} test images from {}\n", train_loader.dataset_size(),
             test_loader.dataset_size(), args.data);

  axon::manual_seed(args.seed);
  Net net(784, 500, 10);
  net.to(device);
  auto optimizer = axon::make_optimizer("adam", net.parameters(), {{"lr", 1e-3}});
  auto criterion = axon::make_loss("cross_entropy");

  double test_accuracy = 0.0;
  for (int64_t epoch = 1; epoch <= args.epochs; ++epoch) {
    const apps::EpochStats stats =
        apps::timed_train_epoch(net, train_loader, *criterion, *optimizer, device);
    test_accuracy = apps::accuracy(net, test_loader);
    apps::print_epoch(epoch, stats, test_accuracy);
  }
  fmt::print("\n{}\n", apps::evaluate(net, test_loader, 10).report(kClassNames));
  axon::save_safetensors(args.save_path, net.state_dict(),
                         {{"model", "fashion_mlp"},
                          {"epochs", std::to_string(args.epochs)},
                          {"test_accuracy", fmt::format("{:.4f}", test_accuracy)}});
  fmt::print("saved to {}\n", args.save_path);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  args.epochs = 5;
  args.save_path = "fashion_mlp.safetensors";
  CLI::App app{"Train the course's 784-500-10 MLP on Fashion-MNIST."};
  apps::add_training_options(app, args);
  app.add_option("--data", args.data, "folder with the MNIST-format files (plain or .gz)")
      ->capture_default_str();
  return apps::parse_and_run(app, argc, argv, "fashion_mlp", [&] { run(args); });
}
