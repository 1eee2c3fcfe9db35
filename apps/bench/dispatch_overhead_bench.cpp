// The fixed cost of one op call through the public API, measured on
// 1-element tensors where the arithmetic is negligible: argument checks,
// dispatch, allocation of the result and, with autograd, recording the node.
//   dispatch_overhead_bench [--calls 200000] [--repeats 5] [--device cpu]
#include <axon/axon.h>
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <functional>

#include "bench_timer.h"

namespace {

struct Args {
  int64_t calls = 200000;
  int repeats = 5;
  std::string device = "cpu";
};

// Nanoseconds per call of op(), best of the repeats.
double ns_per_call(const Args& args, const std::function<void()>& op) {
  op();  // warm-up: kernel lookup, allocator
  const double best = bench::best_seconds(args.repeats, [&] {
    for (int64_t i = 0; i < args.calls; ++i) op();
  });
  return best / static_cast<double>(args.calls) * 1e9;
}

void run(const Args& args) {
  axon::Device& device = axon::device(args.device);
  fmt::print("dispatch overhead on {}: {} calls, best of {}\n", device.name(), args.calls,
             args.repeats);
  fmt::print("{:<6} {:<9} {:>10}\n", "op", "autograd", "ns/call");
  for (bool autograd : {false, true}) {
    const auto options = axon::TensorOptions().device(device).requires_grad(autograd);
    axon::Tensor a = axon::full({1}, 0.5, options);
    axon::Tensor b = axon::full({1}, -0.25, options);
    const double add_ns = ns_per_call(args, [&] { axon::add(a, b); });
    const double relu_ns = ns_per_call(args, [&] { axon::relu(b); });
    device.synchronize();
    const char* mode = autograd ? "on" : "off";
    fmt::print("{:<6} {:<9} {:>10.1f}\n", "add", mode, add_ns);
    fmt::print("{:<6} {:<9} {:>10.1f}\n", "relu", mode, relu_ns);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Time one op call on tiny tensors, with and without autograd recording."};
  app.add_option("--calls", args.calls, "calls per timed run")->capture_default_str();
  app.add_option("--repeats", args.repeats, "timed runs (the best counts)")->capture_default_str();
  app.add_option("--device", args.device, "device to run on")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    run(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "dispatch_overhead_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
