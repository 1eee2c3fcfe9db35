// ConstantLR: scales each group's lr by factor for the first total_iters
// epochs, then restores it, as torch.optim.lr_scheduler.ConstantLR (1.13).
// With lr 0.1, factor 0.5 and total_iters 4 the epochs 0..4 run at 0.05,
// 0.05, 0.05, 0.05, 0.1.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

double factor_in_unit_range(const axon::Options& o) {
  auto factor = o.get<double>("factor");
  AXON_CHECK(factor >= 0.0 && factor <= 1.0,
             "constant: Constant multiplicative factor expected to be between 0 and 1, got {}",
             factor);
  return factor;
}

class ConstantLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"factor", OptionType::number, 1.0 / 3.0, "factor of the lr until total_iters"},
        {"total_iters", OptionType::integer, int64_t{5}, "epochs that run at the scaled lr"},
    };
  }

  ConstantLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        factor_(factor_in_unit_range(o)),
        total_iters_(o.get<int64_t>("total_iters")) {}

  std::string describe() const override {
    return fmt::format("ConstantLR(factor={}, total_iters={})", factor_, total_iters_);
  }

 protected:
  // PyTorch's recursive get_lr: times factor at epoch 0, times 1 / factor at
  // total_iters, unchanged otherwise.
  std::vector<double> compute_lrs() override {
    std::vector<double> lrs = current_lrs();
    int64_t epoch = last_epoch();
    if (epoch == 0) {
      for (double& lr : lrs) lr *= factor_;
      return lrs;
    }
    if (epoch != total_iters_) return lrs;
    // PyTorch raises ZeroDivisionError here.
    AXON_CHECK(factor_ != 0.0,
               "constant: factor 0 cannot be undone at epoch total_iters={} (the lr would be "
               "divided by 0)",
               total_iters_);
    for (double& lr : lrs) lr *= 1.0 / factor_;
    return lrs;
  }

 private:
  double factor_;
  int64_t total_iters_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("constant", ConstantLR, "lr *= factor until total_iters epochs");
