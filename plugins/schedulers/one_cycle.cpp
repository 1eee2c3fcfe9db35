// OneCycleLR: the 1cycle policy, as torch.optim.lr_scheduler.OneCycleLR
// (1.13), stepped once per batch. The lr climbs from initial_lr = max_lr /
// div_factor to max_lr over the first pct_start of total_steps, then anneals
// down to min_lr = initial_lr / final_div_factor. With three_phase it first
// comes back down to initial_lr (symmetrically) and reaches min_lr in a third
// phase. Each phase anneals along half a cosine or a straight line. The
// momentum (or beta1) moves the other way, between max_momentum and
// base_momentum. With max_lr 0.1 and total_steps 15 the steps 0..3 run at
// 0.004, 0.0221, 0.0627, 0.0952; stepping past total_steps is an error.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <optional>

#include "cycled_momentum.h"

namespace {

using axon::OptionType;
using axon::schedulers::CycledMomentum;
using axon::schedulers::per_group;
using axon::schedulers::per_group_str;

int64_t total_steps_of(const axon::Options& o) {
  auto total = o.get<std::optional<int64_t>>("total_steps");
  if (total) {
    AXON_CHECK(*total > 0, "one_cycle: Expected positive integer total_steps, but got {}", *total);
    return *total;
  }
  auto epochs = o.get<std::optional<int64_t>>("epochs");
  auto per_epoch = o.get<std::optional<int64_t>>("steps_per_epoch");
  AXON_CHECK(epochs && per_epoch,
             "one_cycle: You must define either total_steps OR (epochs AND steps_per_epoch)");
  AXON_CHECK(*epochs > 0, "one_cycle: Expected positive integer epochs, but got {}", *epochs);
  AXON_CHECK(*per_epoch > 0, "one_cycle: Expected positive integer steps_per_epoch, but got {}",
             *per_epoch);
  return *epochs * *per_epoch;
}

double pct_start_of(const axon::Options& o) {
  auto pct = o.get<double>("pct_start");
  AXON_CHECK(pct >= 0.0 && pct <= 1.0,
             "one_cycle: Expected float between 0 and 1 pct_start, but got {}", pct);
  return pct;
}

bool cosine_of(const axon::Options& o) {
  auto strategy = o.get<std::string>("anneal_strategy");
  AXON_CHECK(strategy == "cos" || strategy == "linear",
             "one_cycle: anneal_strategy must be one of 'cos' or 'linear', instead got '{}'",
             strategy);
  return strategy == "cos";
}

// One group's ends of the cycle.
struct Bounds {
  double initial_lr, max_lr, min_lr, max_momentum, base_momentum;
};
using Field = double Bounds::*;

// A phase runs from the previous phase's end_step (0 for the first) to its
// own, annealing from the start fields to the end fields.
struct Phase {
  double end_step;
  Field start_lr, end_lr, start_momentum, end_momentum;
};

class OneCycleLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"max_lr", OptionType::number_list, std::monostate{},
         "upper lr of the cycle: one value, or one per parameter group"},
        {"total_steps", OptionType::integer, std::monostate{},
         "steps in the cycle (else epochs * steps_per_epoch)"},
        {"epochs", OptionType::integer, std::monostate{}, "epochs to train for"},
        {"steps_per_epoch", OptionType::integer, std::monostate{}, "steps per epoch"},
        {"pct_start", OptionType::number, 0.3, "fraction of the cycle spent raising the lr"},
        {"anneal_strategy", OptionType::string, std::string("cos"),
         "cos: cosine annealing; linear: linear annealing"},
        {"cycle_momentum", OptionType::boolean, true,
         "cycle the momentum (or beta1) inversely to the lr"},
        {"base_momentum", OptionType::number_list, std::vector<double>{0.85},
         "lower momentum of the cycle (at max_lr), one value or one per group"},
        {"max_momentum", OptionType::number_list, std::vector<double>{0.95},
         "upper momentum of the cycle (at the start), one value or one per group"},
        {"div_factor", OptionType::number, 25.0, "initial_lr = max_lr / div_factor"},
        {"final_div_factor", OptionType::number, 1e4, "min_lr = initial_lr / final_div_factor"},
        {"three_phase", OptionType::boolean, false,
         "come back to initial_lr before annealing to min_lr (the paper's schedule)"},
    };
  }

  OneCycleLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        total_steps_(total_steps_of(o)),
        pct_start_(pct_start_of(o)),
        cosine_(cosine_of(o)),
        div_factor_(o.get<double>("div_factor")),
        final_div_factor_(o.get<double>("final_div_factor")),
        three_phase_(o.get<bool>("three_phase")) {
    AXON_CHECK(o.is_set("max_lr"), "one_cycle: missing required option 'max_lr'");
    size_t groups = base_lrs().size();
    max_lrs_ = per_group(o, "max_lr", groups, "one_cycle");
    if (o.get<bool>("cycle_momentum")) {
      momentum_.emplace(this->optimizer(), "one_cycle", true);
      base_momentums_ = per_group(o, "base_momentum", groups, "one_cycle");
      max_momentums_ = per_group(o, "max_momentum", groups, "one_cycle");
    } else {
      base_momentums_ = o.get<std::vector<double>>("base_momentum");
      max_momentums_ = o.get<std::vector<double>>("max_momentum");
    }
    for (size_t i = 0; i < groups; ++i) {
      double initial_lr = max_lrs_[i] / div_factor_;
      bounds_.push_back({initial_lr, max_lrs_[i], initial_lr / final_div_factor_,
                         momentum_ ? max_momentums_[i] : 0.0,
                         momentum_ ? base_momentums_[i] : 0.0});
    }
    phases_ = make_phases();
  }

  std::string describe() const override {
    return fmt::format(
        "OneCycleLR(max_lr={}, total_steps={}, pct_start={}, anneal_strategy={}, "
        "cycle_momentum={}, base_momentum={}, max_momentum={}, div_factor={}, "
        "final_div_factor={}, three_phase={})",
        per_group_str(max_lrs_), total_steps_, pct_start_, cosine_ ? "cos" : "linear",
        momentum_.has_value(), per_group_str(base_momentums_), per_group_str(max_momentums_),
        div_factor_, final_div_factor_, three_phase_);
  }

 protected:
  // PyTorch's get_lr (a closed form): find the phase of this step and anneal
  // across it. Sets the momentums as a side effect, as PyTorch does.
  std::vector<double> compute_lrs() override {
    int64_t step = last_epoch();
    AXON_CHECK(step <= total_steps_,
               "one_cycle: Tried to step {} times. The specified number of total steps is {}",
               step + 1, total_steps_);
    auto t = static_cast<double>(step);
    // This step's phase: the first that ends at or after it, else the last.
    double start_step = 0.0;
    size_t p = 0;
    for (; p + 1 < phases_.size() && t > phases_[p].end_step; ++p) start_step = phases_[p].end_step;
    const Phase& phase = phases_[p];
    // PyTorch divides by the phase's length and raises ZeroDivisionError on an empty one.
    AXON_CHECK(phase.end_step != start_step,
               "one_cycle: phase {} of the schedule is empty (it ends at step {}) with "
               "total_steps={} and pct_start={}; choose a pct_start that gives every phase a step",
               p + 1, phase.end_step, total_steps_, pct_start_);
    double pct = (t - start_step) / (phase.end_step - start_step);
    std::vector<double> lrs, momentums;
    for (const Bounds& b : bounds_) {
      lrs.push_back(anneal(b.*phase.start_lr, b.*phase.end_lr, pct));
      momentums.push_back(anneal(b.*phase.start_momentum, b.*phase.end_momentum, pct));
    }
    if (momentum_) momentum_->apply(optimizer(), momentums);
    return lrs;
  }

 private:
  std::vector<Phase> make_phases() const {
    auto total = static_cast<double>(total_steps_);
    double up_end = pct_start_ * total - 1.0;
    if (!three_phase_) {
      return {
          {up_end, &Bounds::initial_lr, &Bounds::max_lr, &Bounds::max_momentum,
           &Bounds::base_momentum},
          {total - 1.0, &Bounds::max_lr, &Bounds::min_lr, &Bounds::base_momentum,
           &Bounds::max_momentum},
      };
    }
    return {
        {up_end, &Bounds::initial_lr, &Bounds::max_lr, &Bounds::max_momentum,
         &Bounds::base_momentum},
        {2.0 * pct_start_ * total - 2.0, &Bounds::max_lr, &Bounds::initial_lr,
         &Bounds::base_momentum, &Bounds::max_momentum},
        {total - 1.0, &Bounds::initial_lr, &Bounds::min_lr, &Bounds::max_momentum,
         &Bounds::max_momentum},
    };
  }

  // From start (pct 0) to end (pct 1), in PyTorch's order of operations.
  double anneal(double start, double end, double pct) const {
    if (cosine_) return end + (start - end) / 2.0 * (std::cos(std::numbers::pi * pct) + 1.0);
    return (end - start) * pct + start;
  }

  int64_t total_steps_;
  double pct_start_;
  bool cosine_;
  double div_factor_, final_div_factor_;
  bool three_phase_;
  std::vector<double> max_lrs_, base_momentums_, max_momentums_;
  std::optional<CycledMomentum> momentum_;
  std::vector<Bounds> bounds_;
  std::vector<Phase> phases_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("one_cycle", OneCycleLR,
                        "1cycle policy: lr up to max_lr and down to a minimum, per batch");
