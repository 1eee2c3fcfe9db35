// Single-precision matrix product through axon::matmul: GFLOP/s of the best run.
//   sgemm_bench [--size 1024] [--repeats 10] [--threads 2] [--device cpu]
#include <axon/axon.h>
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "bench_timer.h"

namespace {

struct Args {
  int64_t size = 1024;
  int repeats = 10;
  int threads = 2;
  std::string device = "cpu";
};

void run(const Args& args) {
  axon::Device& device = axon::device(args.device);
  const int64_t n = args.size;
  axon::manual_seed(0);
  // a, b: (n, n)
  axon::Tensor a = axon::randn({n, n}, axon::TensorOptions().device(device));
  axon::Tensor b = axon::randn({n, n}, axon::TensorOptions().device(device));
  axon::matmul(a, b);  // warm-up: thread pool, first-touch of the output
  device.synchronize();
  const double best = bench::best_seconds(args.repeats, [&] {
    axon::matmul(a, b);
    device.synchronize();
  });
  const double flops =
      2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  fmt::print(
      "sgemm {0}x{0}x{0} on {1} ({2}), threads {3}: best {4:.3f} ms, {5:.1f} GFLOP/s "
      "(best of {6})\n",
      n, device.name(), device.info().details, args.threads, best * 1e3, flops / best * 1e-9,
      args.repeats);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Time a square sgemm through axon::matmul."};
  app.add_option("--size", args.size, "n of the n x n x n product")->capture_default_str();
  app.add_option("--repeats", args.repeats, "timed runs (the best counts)")->capture_default_str();
  app.add_option("--threads", args.threads, "AXON_NUM_THREADS for the cpu backend")
      ->capture_default_str();
  app.add_option("--device", args.device, "device to run on")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  ::setenv("AXON_NUM_THREADS", std::to_string(args.threads).c_str(), 1);
  try {
    run(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "sgemm_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
