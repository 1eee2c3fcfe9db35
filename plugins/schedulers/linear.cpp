// LinearLR: scales each group's initial lr by a factor that moves linearly
// from start_factor to end_factor over total_iters epochs, then stays, as
// torch.optim.lr_scheduler.LinearLR. With lr 0.1, start_factor 0.25 and
// total_iters 4 the epochs 0..4 run at 0.025, 0.04375, 0.0625, 0.08125, 0.1.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

double factor_in_unit_range(const axon::Options& o, const char* name, const char* what) {
  auto factor = o.get<double>(name);
  AXON_CHECK(factor >= 0.0 && factor <= 1.0,
             "linear: {} multiplicative factor expected to be between 0 and 1, got {}", what,
             factor);
  return factor;
}

class LinearLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"start_factor", OptionType::number, 1.0 / 3.0, "factor of the lr at epoch 0"},
        {"end_factor", OptionType::number, 1.0, "factor of the lr from epoch total_iters on"},
        {"total_iters", OptionType::integer, int64_t{5}, "epochs over which the factor moves"},
    };
  }

  LinearLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        start_factor_(factor_in_unit_range(o, "start_factor", "Starting")),
        end_factor_(factor_in_unit_range(o, "end_factor", "Ending")),
        total_iters_(o.get<int64_t>("total_iters")) {}

  std::string describe() const override {
    return fmt::format("LinearLR(start_factor={}, end_factor={}, total_iters={})", start_factor_,
                       end_factor_, total_iters_);
  }

 protected:
  // PyTorch's recursive get_lr: start_factor at epoch 0, then the ratio of
  // consecutive factors until total_iters, then the lrs stay.
  std::vector<double> compute_lrs() override {
    std::vector<double> lrs = current_lrs();
    int64_t epoch = last_epoch();
    if (epoch == 0) {
      for (double& lr : lrs) lr *= start_factor_;
      return lrs;
    }
    if (epoch > total_iters_) return lrs;
    double span = end_factor_ - start_factor_;
    double ratio = 1.0 + span / (static_cast<double>(total_iters_) * start_factor_ +
                                 static_cast<double>(epoch - 1) * span);
    for (double& lr : lrs) lr *= ratio;
    return lrs;
  }

 private:
  double start_factor_, end_factor_;
  int64_t total_iters_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("linear", LinearLR, "lr factor moves linearly over total_iters epochs");
