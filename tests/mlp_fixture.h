// A small MLP on a fixed batch, trained step by step on a schedule of
// devices: the fixture of the device-moving and fallback tests.
#pragma once

#include <axon/axon.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace axon::testing_util {

struct Phase {
  std::string device;
  int steps;
};

struct MlpRun {
  LayerPtr net;
  OptimizerPtr optimizer;
  Tensor x, y;  // x: (64, 2) on cpu, y: (64,) class indices
};

// Same seed, same weights and data on every call. `probabilities` ends the
// net with a softmax and trains with nll(log(p)), the notes' formulation,
// which runs the softmax primitive; otherwise cross_entropy on the logits.
inline MlpRun make_mlp_run(bool probabilities = false) {
  manual_seed(11);
  std::vector<LayerPtr> layers = {nn::Linear(2, 16), nn::ReLU(), nn::Linear(16, 3)};
  if (probabilities) layers.push_back(nn::Softmax(1));
  MlpRun run;
  run.net = nn::Sequential(layers);
  run.optimizer = make_optimizer("adam", run.net->parameters(), {{"lr", 0.01}});
  run.x = randn({64, 2});
  run.y = argmax(run.x, 1);
  return run;
}

// Trains `run` through the phases, moving the model and the optimizer state
// before each; returns the last loss.
inline double train_phases(MlpRun& run, const std::vector<Phase>& phases,
                           bool probabilities = false) {
  LossPtr criterion = make_loss(probabilities ? "nll" : "cross_entropy");
  double last = 0.0;
  for (const Phase& phase : phases) {
    Device& device = axon::device(phase.device);
    run.net->to(device);
    run.optimizer->to(device);
    Tensor x = run.x.to(device), y = run.y.to(device);
    for (int step = 0; step < phase.steps; ++step) {
      run.optimizer->zero_grad();
      Tensor out = (*run.net)(x);
      Tensor loss = (*criterion)(probabilities ? log(out) : out, y);
      loss.backward();
      run.optimizer->step();
      if (step + 1 == phase.steps) last = loss.item();
    }
  }
  return last;
}

// All parameters, flattened on the host.
inline std::vector<double> flat_parameters(const Layer& net) {
  std::vector<double> flat;
  for (const Tensor& p : net.parameters()) {
    std::vector<double> values = p.to_vector<double>();
    flat.insert(flat.end(), values.begin(), values.end());
  }
  return flat;
}

// ||a - b|| / ||b||
inline double relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0.0, norm = 0.0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    diff += (a[i] - b[i]) * (a[i] - b[i]);
    norm += b[i] * b[i];
  }
  return a.size() == b.size() ? std::sqrt(diff / norm) : INFINITY;
}

}  // namespace axon::testing_util
