// Early stopping: stops training when a validation metric has not improved
// for `patience` epochs, and keeps a copy of the best weights to restore.
#pragma once

#include <axon/layer.h>
#include <axon/state_dict.h>

#include <cstdint>
#include <string>

namespace axon {

class EarlyStopping {
 public:
  // mode "min" (a loss) or "max" (an accuracy); an improvement must beat the
  // best value by more than min_delta.
  explicit EarlyStopping(int64_t patience, double min_delta = 0.0, const std::string& mode = "min");

  // Records the epoch's metric, copies the model's weights when it improved,
  // and returns true when training should stop.
  bool step(double metric, const Layer& model);
  // Loads the best weights seen into the model.
  void restore_best(Layer& model) const;

  bool has_best() const { return has_best_; }
  double best_metric() const { return best_metric_; }
  int64_t epochs_without_improvement() const { return bad_epochs_; }
  bool should_stop() const { return bad_epochs_ >= patience_; }

 private:
  bool improves(double metric) const;

  int64_t patience_;
  double min_delta_;
  bool maximize_;
  double best_metric_ = 0.0;
  int64_t bad_epochs_ = 0;
  bool has_best_ = false;
  StateDict best_;
};

}  // namespace axon
