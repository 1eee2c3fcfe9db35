// cuda_mlp: the course's train.py and inference.py, written for a CUDA GPU.
// Trains the 2-4-3 MLP on the 3-class Gaussian set on cuda:0 when there is
// one (on the cpu otherwise), keeps the best model, classifies a point drawn
// from N(1, 1) with it, and prints what the device ran.
//   cuda_mlp [--device cuda:0] [--config config/train.json] [--epochs N]
//            [--save-path cuda_mlp.safetensors]
// The device is --device, else $AXON_DEVICE, else the config's "device".
#include <axon/axon.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

#if AXON_WITH_CUDA
#include <cuda_runtime.h>

#include "gpu_warmup.h"
#endif

namespace {

// The course's network.py: 2 inputs, 4 hidden units with ReLU, 3 classes.
axon::LayerPtr make_mlp() {
  return axon::nn::Sequential({axon::nn::Linear(2, 4), axon::nn::ReLU(), axon::nn::Linear(4, 3)});
}

struct Config {
  std::string device = "cuda:0";
  uint64_t seed = 1;
  int64_t epochs = 10;
  int64_t batch_size = 32;
  double lr = 0.1;
  int64_t step_size = 5;
  double gamma = 0.1;
  std::string save_path = "cuda_mlp.safetensors";
};

Config load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the config " + path);
  const nlohmann::json j = nlohmann::json::parse(in);
  Config c;
  c.device = j.value("device", c.device);
  c.seed = j.value("seed", c.seed);
  c.epochs = j.value("epochs", c.epochs);
  c.batch_size = j.value("batch_size", c.batch_size);
  c.lr = j.value("lr", c.lr);
  c.step_size = j.value("step_size", c.step_size);
  c.gamma = j.value("gamma", c.gamma);
  c.save_path = j.value("save_path", c.save_path);
  return c;
}

// Like train.py: torch.device("cuda:0" if torch.cuda.is_available() else "cpu").
axon::Device& pick_device(const std::string& requested) {
  if (axon::is_available(requested)) return axon::device(requested);
  fmt::print("{} is not available here, falling back to the cpu.\n", requested);
  return axon::device("cpu");
}

double train_epoch(axon::Layer& net, axon::data::DataLoader& loader, axon::Loss& criterion,
                   axon::Optimizer& optimizer) {
  net.train();
  double running_loss = 0.0;
  for (const axon::TensorList& batch : loader) {
    optimizer.zero_grad();
    axon::Tensor loss = criterion(net(batch[0]), batch[1]);
    loss.backward();
    optimizer.step();
    running_loss += loss.item();
  }
  return running_loss / static_cast<double>(loader.num_batches());
}

double accuracy(axon::Layer& net, axon::data::DataLoader& loader) {
  net.eval();
  axon::NoGradGuard no_grad;
  double correct = 0.0;
  for (const axon::TensorList& batch : loader)
    correct += axon::sum(axon::eq(axon::argmax(net(batch[0]), 1), batch[1])).item();
  return correct / static_cast<double>(loader.dataset_size());
}

void train(const Config& config, axon::Device& device) {
  auto dataset =
      std::make_shared<axon::data::TensorDataset>(axon::data::gaussian_blobs(1000, config.seed));
  auto parts = axon::data::random_split(dataset, std::vector<double>{0.8, 0.2}, config.seed);
  axon::data::DataLoader train_loader(
      parts[0],
      {.batch_size = config.batch_size, .shuffle = true, .seed = config.seed, .device = &device});
  axon::data::DataLoader val_loader(parts[1], {.batch_size = config.batch_size, .device = &device});

  axon::manual_seed(config.seed);
  axon::LayerPtr net = make_mlp();
  net->to(device);
  auto optimizer = axon::make_optimizer("sgd", net->parameters(), {{"lr", config.lr}});
  auto scheduler = axon::make_scheduler("step", optimizer,
                                        {{"step_size", config.step_size}, {"gamma", config.gamma}});
  auto criterion = axon::make_loss("cross_entropy");

  double best_accuracy = 0.0;
  for (int64_t epoch = 1; epoch <= config.epochs; ++epoch) {
    const double loss = train_epoch(*net, train_loader, *criterion, *optimizer);
    scheduler->step();
    const double val_accuracy = accuracy(*net, val_loader);
    fmt::print("[epoch {}] loss {:.4f} val_accuracy {:.3f}\n", epoch, loss, val_accuracy);
    if (val_accuracy > best_accuracy) {
      best_accuracy = val_accuracy;
      axon::save_safetensors(config.save_path, net->state_dict(), {{"model", "mlp"}});
    }
  }
  fmt::print("Finished Training: best val_accuracy {:.3f}, saved to {}\n", best_accuracy,
             config.save_path);
}

// inference.py: the saved model on one point from class 0's cluster.
void classify_a_point(const Config& config, axon::Device& device) {
  axon::LayerPtr net = make_mlp();
  net->load_state_dict(axon::load_safetensors(config.save_path));
  net->to(device);
  net->eval();
  axon::manual_seed(2);
  axon::Tensor x = axon::randn({1, 2}, axon::TensorOptions().device(device)) + 1.0;
  axon::NoGradGuard no_grad;
  const axon::Tensor outputs = (*net)(x);
  fmt::print("probabilities {::.4f}\n", axon::softmax(outputs, 1).to_vector<float>());
  fmt::print("predicted class {}\n", axon::argmax(outputs, 1).item<int64_t>());
}

void print_kernel_counters(const axon::Device& device) {
  const axon::DeviceStats stats = device.stats();
  std::vector<std::string> per_op;
  for (const auto& [op, count] : stats.kernels_per_op)
    per_op.push_back(fmt::format("{} {}", op, count));
  fmt::print("{} ran {} kernels ({})\n", device.name(), stats.kernels_launched,
             fmt::join(per_op, ", "));
}

// --name value pairs over the config.
Config parse_args(int argc, char** argv) {
  std::string config_path = "config/train.json", device, epochs, save_path;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 == argc) throw std::runtime_error(flag + " needs a value");
    std::string* value = flag == "--config"      ? &config_path
                         : flag == "--device"    ? &device
                         : flag == "--epochs"    ? &epochs
                         : flag == "--save-path" ? &save_path
                                                 : nullptr;
    if (value == nullptr) throw std::runtime_error("unknown option " + flag);
    *value = argv[i + 1];
  }
  Config config = load_config(config_path);
  const char* env_device = std::getenv("AXON_DEVICE");
  if (!device.empty())
    config.device = device;
  else if (env_device != nullptr)
    config.device = env_device;
  if (!epochs.empty()) config.epochs = std::stoll(epochs);
  if (!save_path.empty()) config.save_path = save_path;
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Config config = parse_args(argc, argv);
    axon::Device& device = pick_device(config.device);
    fmt::print("using {} device.\n", device.name());
#if AXON_WITH_CUDA
    const bool on_cuda_gpu = device.type() == "cuda";
    if (on_cuda_gpu) {
      cudaSetDevice(device.index());
      gpu_warmup();
    }
#endif
    train(config, device);
    classify_a_point(config, device);
    print_kernel_counters(device);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "cuda_mlp: {}\n", e.what());
    return 1;
  }
}
