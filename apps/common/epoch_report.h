// The per-epoch line of the classification programs, with the training
// throughput: "[epoch 3] loss 0.3125 test_accuracy 0.8710 samples/s 21034".
#pragma once

#include <axon/axon.h>

#include <fmt/core.h>

#include <chrono>
#include <cstdio>

#include "training.h"

namespace apps {

struct EpochStats {
  double loss = 0.0;                // mean over the epoch's batches
  double samples_per_second = 0.0;  // training examples per second of the epoch
};

// One epoch of train_epoch, timed until the device has finished its work.
inline EpochStats timed_train_epoch(axon::Layer& net, axon::data::DataLoader& loader,
                                    axon::Loss& criterion, axon::Optimizer& optimizer,
                                    axon::Device& device) {
  const auto start = std::chrono::steady_clock::now();
  const double loss = train_epoch(net, loader, criterion, optimizer);
  device.synchronize();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return {loss, static_cast<double>(loader.dataset_size()) / elapsed.count()};
}

// Flushed: epochs take long, and the line should show at once in a pipe or a log too.
inline void print_epoch(int64_t epoch, const EpochStats& stats, double test_accuracy) {
  fmt::print("[epoch {}] loss {:.4f} test_accuracy {:.4f} samples/s {:.0f}\n", epoch, stats.loss,
             test_accuracy, stats.samples_per_second);
  std::fflush(stdout);
}

}  // namespace apps
