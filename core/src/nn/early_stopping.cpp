#include <axon/autograd.h>
#include <axon/early_stopping.h>
#include <axon/error.h>

namespace axon {

EarlyStopping::EarlyStopping(int64_t patience, double min_delta, const std::string& mode)
    : patience_(patience), min_delta_(min_delta), maximize_(mode == "max") {
  AXON_CHECK(patience >= 0, "early_stopping: patience must be >= 0, got {}", patience);
  AXON_CHECK(min_delta >= 0, "early_stopping: min_delta must be >= 0, got {}", min_delta);
  AXON_CHECK(mode == "min" || mode == "max",
             "early_stopping: mode must be 'min' or 'max', got '{}'", mode);
}

bool EarlyStopping::improves(double metric) const {
  if (!has_best()) return true;
  return maximize_ ? metric > best_metric_ + min_delta_ : metric < best_metric_ - min_delta_;
}

bool EarlyStopping::step(double metric, const Layer& model) {
  if (improves(metric)) {
    best_metric_ = metric;
    bad_epochs_ = 0;
    has_best_ = true;
    NoGradGuard no_grad;
    best_ = StateDict();
    for (const auto& [name, t] : model.state_dict()) best_.insert(name, t.clone());
  } else {
    ++bad_epochs_;
  }
  return should_stop();
}

void EarlyStopping::restore_best(Layer& model) const {
  AXON_CHECK(has_best(), "early_stopping: no epoch was recorded, there are no best weights");
  model.load_state_dict(best_);
}

}  // namespace axon
