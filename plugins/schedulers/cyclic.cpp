// CyclicLR: the cyclical learning rate policy (CLR), stepped once per batch,
// as torch.optim.lr_scheduler.CyclicLR (1.13). Each cycle climbs from base_lr
// to max_lr in step_size_up steps and back in step_size_down; the height of
// the cycle is scaled by 1 (triangular), 1 / 2^(cycle - 1) (triangular2) or
// gamma^step (exp_range). The momentum moves the other way, from max_momentum
// down to base_momentum at the peak. With base_lr 0.01, max_lr 0.1 and
// step_size_up 3 the steps 0..6 run at 0.01, 0.04, 0.07, 0.1, 0.07, 0.04, 0.01.
// PyTorch's scale_fn and scale_mode (a Python callable) have no counterpart.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "cycled_momentum.h"

namespace {

using axon::OptionType;
using axon::schedulers::CycledMomentum;
using axon::schedulers::per_group;
using axon::schedulers::per_group_str;

enum class Mode { triangular, triangular2, exp_range };

Mode mode_of(const axon::Options& o) {
  auto mode = o.get<std::string>("mode");
  if (mode == "triangular") return Mode::triangular;
  if (mode == "triangular2") return Mode::triangular2;
  AXON_CHECK(mode == "exp_range",
             "cyclic: mode '{}' is invalid, expected triangular, triangular2 or exp_range", mode);
  return Mode::exp_range;
}

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::triangular:
      return "triangular";
    case Mode::triangular2:
      return "triangular2";
    case Mode::exp_range:
      return "exp_range";
  }
  return "";
}

int64_t step_size_up_of(const axon::Options& o) {
  auto up = o.get<int64_t>("step_size_up");
  AXON_CHECK(up > 0, "cyclic: step_size_up must be a positive number of iterations, got {}", up);
  return up;
}

int64_t step_size_down_of(const axon::Options& o) {
  auto down = o.get<std::optional<int64_t>>("step_size_down").value_or(step_size_up_of(o));
  AXON_CHECK(down >= 0, "cyclic: step_size_down must be a number of iterations >= 0, got {}", down);
  return down;
}

class CyclicLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"base_lr", OptionType::number_list, std::monostate{},
         "lower lr of the cycle: one value, or one per parameter group"},
        {"max_lr", OptionType::number_list, std::monostate{},
         "upper lr of the cycle: one value, or one per parameter group"},
        {"step_size_up", OptionType::integer, int64_t{2000}, "steps in the rising half of a cycle"},
        {"step_size_down", OptionType::integer, std::monostate{},
         "steps in the falling half of a cycle (None: step_size_up)"},
        {"mode", OptionType::string, std::string("triangular"),
         "triangular, triangular2 (height halves every cycle) or exp_range (gamma^step)"},
        {"gamma", OptionType::number, 1.0, "base of exp_range's scaling"},
        {"cycle_momentum", OptionType::boolean, true,
         "cycle the momentum inversely to the lr (needs an optimizer with momentum)"},
        {"base_momentum", OptionType::number_list, std::vector<double>{0.8},
         "lower momentum of the cycle (at max_lr), one value or one per group"},
        {"max_momentum", OptionType::number_list, std::vector<double>{0.9},
         "upper momentum of the cycle (at base_lr), one value or one per group"},
    };
  }

  CyclicLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        step_size_up_(step_size_up_of(o)),
        step_size_down_(step_size_down_of(o)),
        mode_(mode_of(o)),
        gamma_(o.get<double>("gamma")) {
    AXON_CHECK(o.is_set("base_lr"), "cyclic: missing required option 'base_lr'");
    AXON_CHECK(o.is_set("max_lr"), "cyclic: missing required option 'max_lr'");
    size_t groups = base_lrs().size();
    cycle_base_lrs_ = per_group(o, "base_lr", groups, "cyclic");
    max_lrs_ = per_group(o, "max_lr", groups, "cyclic");
    if (o.get<bool>("cycle_momentum")) {
      momentum_.emplace(this->optimizer(), "cyclic", false);
      base_momentums_ = per_group(o, "base_momentum", groups, "cyclic");
      max_momentums_ = per_group(o, "max_momentum", groups, "cyclic");
    } else {
      base_momentums_ = o.get<std::vector<double>>("base_momentum");
      max_momentums_ = o.get<std::vector<double>>("max_momentum");
    }
  }

  std::string describe() const override {
    return fmt::format(
        "CyclicLR(base_lr={}, max_lr={}, step_size_up={}, step_size_down={}, mode={}, gamma={}, "
        "cycle_momentum={}, base_momentum={}, max_momentum={})",
        per_group_str(cycle_base_lrs_), per_group_str(max_lrs_), step_size_up_, step_size_down_,
        mode_name(mode_), gamma_, momentum_.has_value(), per_group_str(base_momentums_),
        per_group_str(max_momentums_));
  }

 protected:
  // PyTorch's get_lr (a closed form), in its order of operations. Sets the
  // momentums as a side effect, as PyTorch does.
  std::vector<double> compute_lrs() override {
    auto step = static_cast<double>(last_epoch());
    double total_size = static_cast<double>(step_size_up_ + step_size_down_);
    double step_ratio = static_cast<double>(step_size_up_) / total_size;
    double cycle = std::floor(1.0 + step / total_size);
    double x = 1.0 + step / total_size - cycle;  // position in the cycle, [0, 1)
    double scale_factor = x <= step_ratio ? x / step_ratio : (x - 1.0) / (step_ratio - 1.0);
    double scale = height_scale(cycle, step);
    std::vector<double> lrs, momentums;
    for (size_t i = 0; i < max_lrs_.size(); ++i) {
      lrs.push_back(cycle_base_lrs_[i] + (max_lrs_[i] - cycle_base_lrs_[i]) * scale_factor * scale);
      if (momentum_) {
        double height = (max_momentums_[i] - base_momentums_[i]) * scale_factor;
        momentums.push_back(max_momentums_[i] - height * scale);
      }
    }
    if (momentum_) momentum_->apply(optimizer(), momentums);
    return lrs;
  }

 private:
  // PyTorch's scale_fn: of the cycle number (triangular modes) or of the step.
  double height_scale(double cycle, double step) const {
    switch (mode_) {
      case Mode::triangular:
        return 1.0;
      case Mode::triangular2:
        return 1.0 / std::pow(2.0, cycle - 1.0);
      case Mode::exp_range:
        return std::pow(gamma_, step);
    }
    return 1.0;
  }

  int64_t step_size_up_, step_size_down_;
  Mode mode_;
  double gamma_;
  std::vector<double> cycle_base_lrs_, max_lrs_, base_momentums_, max_momentums_;
  std::optional<CycledMomentum> momentum_;
};

}  // namespace

AXON_REGISTER_SCHEDULER(
    "cyclic", CyclicLR,
    "lr cycles between base_lr and max_lr (triangular, triangular2, exp_range)");
