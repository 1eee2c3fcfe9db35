// What the example programs share around their training code: the common
// command-line options, the choice of device, and main's error handling.
#pragma once

#include <axon/axon.h>

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <string>

namespace apps {

// --device: "cpu", "cuda", "mlu:1", ...; empty for the best available.
inline void add_device_option(CLI::App& app, std::string& device) {
  app.add_option("--device", device, "cpu, cuda, mlu, ... (default: the best available)");
}

// The options of a training program; each program sets its own defaults.
struct TrainingArgs {
  std::string device = "";
  int64_t epochs = 1;
  uint64_t seed = 0;
  std::string save_path = "";
};

inline void add_training_options(CLI::App& app, TrainingArgs& args) {
  add_device_option(app, args.device);
  app.add_option("--epochs", args.epochs, "epochs to train")->capture_default_str();
  app.add_option("--seed", args.seed, "seed of the initialization and the shuffle")
      ->capture_default_str();
  app.add_option("--save-path", args.save_path, "where the trained model goes (safetensors)")
      ->capture_default_str();
}

// --log-every: how often a program of many short epochs prints one.
inline void add_log_every_option(CLI::App& app, int64_t& log_every) {
  app.add_option("--log-every", log_every, "print every this many epochs")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

// Saves the model's state dict as safetensors, and says where.
inline void save_model(const std::string& path, const axon::Layer& model,
                       const axon::Metadata& metadata) {
  axon::save_safetensors(path, model.state_dict(), metadata);
  fmt::print("saved to {}\n", path);
}

// The device named by --device (the best available when empty), announced.
inline axon::Device& chosen_device(const std::string& name) {
  axon::Device& device = name.empty() ? axon::best_device() : axon::device(name);
  fmt::print("using {} device.\n", device.name());
  return device;
}

// Parses the command line, then runs the program's work: an error prints
// "<program>: <message>" and makes the exit status 1.
template <class Body>
int parse_and_run(CLI::App& app, int argc, char** argv, const char* program, Body&& body) {
  CLI11_PARSE(app, argc, argv);
  try {
    body();
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", program, e.what());
    return 1;
  }
  return 0;
}

}  // namespace apps
