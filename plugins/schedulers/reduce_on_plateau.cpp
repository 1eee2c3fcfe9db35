// ReduceLROnPlateau: multiplies each group's lr by factor (down to min_lr)
// when a metric has not improved for more than patience epochs, then waits
// cooldown epochs, as torch.optim.lr_scheduler.ReduceLROnPlateau. Improvement
// is relative (best * (1 ∓ threshold)) or absolute (best ∓ threshold) for
// mode min (-) or max (+). Driven by step(metric); step() is an error.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace {

using axon::OptionType;

std::string one_of(const axon::Options& o, const char* name, const char* a, const char* b) {
  auto value = o.get<std::string>(name);
  AXON_CHECK(value == a || value == b,
             "reduce_on_plateau: {} '{}' is unknown, expected '{}' or '{}'", name, value, a, b);
  return value;
}

double factor_below_one(const axon::Options& o) {
  auto factor = o.get<double>("factor");
  AXON_CHECK(factor < 1.0, "reduce_on_plateau: Factor should be < 1.0, got {}", factor);
  return factor;
}

class ReduceLROnPlateau : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"mode", OptionType::string, std::string("min"),
         "min: the metric should decrease; max: increase"},
        {"factor", OptionType::number, 0.1, "factor by which the lr is reduced"},
        {"patience", OptionType::integer, int64_t{10}, "epochs without improvement to tolerate"},
        {"threshold", OptionType::number, 1e-4, "threshold for measuring the new optimum"},
        {"threshold_mode", OptionType::string, std::string("rel"),
         "rel: relative threshold; abs: absolute"},
        {"cooldown", OptionType::integer, int64_t{0}, "epochs to wait after a reduction"},
        {"min_lr", OptionType::number, 0.0, "lower bound on the lr"},
        {"eps", OptionType::number, 1e-8, "smaller lr changes than this are ignored"},
    };
  }

  ReduceLROnPlateau(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        maximize_(one_of(o, "mode", "min", "max") == "max"),
        relative_(one_of(o, "threshold_mode", "rel", "abs") == "rel"),
        factor_(factor_below_one(o)),
        patience_(o.get<int64_t>("patience")),
        threshold_(o.get<double>("threshold")),
        cooldown_(o.get<int64_t>("cooldown")),
        min_lr_(o.get<double>("min_lr")),
        eps_(o.get<double>("eps")),
        best_(maximize_ ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity()) {}

  void step() override {
    AXON_CHECK(false, "reduce_on_plateau: step() needs the metric to follow; call step(metric)");
  }

  void step(double metric) override {
    if (is_better(metric)) {
      best_ = metric;
      num_bad_epochs_ = 0;
    } else {
      ++num_bad_epochs_;
    }
    if (cooldown_counter_ > 0) {
      --cooldown_counter_;
      num_bad_epochs_ = 0;  // bad epochs in cooldown do not count
    }
    std::vector<double> lrs = current_lrs();
    if (num_bad_epochs_ > patience_) {
      for (double& lr : lrs) {
        double reduced = std::max(lr * factor_, min_lr_);
        if (lr - reduced > eps_) lr = reduced;
      }
      cooldown_counter_ = cooldown_;
      num_bad_epochs_ = 0;
    }
    apply_lrs(lrs);
  }

  std::string describe() const override {
    return fmt::format(
        "ReduceLROnPlateau(mode={}, factor={}, patience={}, threshold={}, threshold_mode={}, "
        "cooldown={}, min_lr={}, eps={})",
        maximize_ ? "max" : "min", factor_, patience_, threshold_, relative_ ? "rel" : "abs",
        cooldown_, min_lr_, eps_);
  }

 protected:
  // The lrs at construction stay as they are.
  std::vector<double> compute_lrs() override { return current_lrs(); }

 private:
  bool is_better(double metric) const {
    if (maximize_) return metric > (relative_ ? best_ * (threshold_ + 1.0) : best_ + threshold_);
    return metric < (relative_ ? best_ * (1.0 - threshold_) : best_ - threshold_);
  }

  bool maximize_, relative_;
  double factor_;
  int64_t patience_;
  double threshold_;
  int64_t cooldown_;
  double min_lr_, eps_;
  double best_;
  int64_t num_bad_epochs_ = 0, cooldown_counter_ = 0;
};

}  // namespace

AXON_REGISTER_SCHEDULER("reduce_on_plateau", ReduceLROnPlateau,
                        "lr *= factor when a metric stops improving");
