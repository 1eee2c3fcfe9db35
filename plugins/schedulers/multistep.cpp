// MultiStepLR: multiplies each group's lr by gamma at every milestone epoch,
// as torch.optim.lr_scheduler.MultiStepLR (a milestone listed k times applies
// gamma^k). With lr 0.1, milestones [2, 5], gamma 0.1 the epochs 0..5 run at
// 0.1, 0.1, 0.01, 0.01, 0.01, 0.001.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace {

using axon::OptionType;

std::vector<int64_t> milestones_of(const axon::Options& o) {
  AXON_CHECK(o.is_set("milestones"), "multistep: missing required option 'milestones'");
  return o.get<std::vector<int64_t>>("milestones");
}

class MultiStepLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"milestones", OptionType::integer_list, std::monostate{}, "epochs at which lr decays"},
        {"gamma", OptionType::number, 0.1, "multiplicative factor of lr decay"},
    };
  }

  MultiStepLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        milestones_(milestones_of(o)),
        gamma_(o.get<double>("gamma")) {}

  std::string describe() const override {
    return fmt::format("MultiStepLR(milestones={}, gamma={})", milestones_, gamma_);
  }

 protected:
  // PyTorch's recursive get_lr: keep the current lrs except at a milestone,
  // where they are multiplied by gamma once per occurrence of it.
  std::vector<double> compute_lrs() override {
    std::vector<double> lrs = current_lrs();
    auto count = std::count(milestones_.begin(), milestones_.end(), last_epoch());
    if (count == 0) return lrs;
    for (double& lr : lrs) lr *= std::pow(gamma_, static_cast<double>(count));
    return lrs;
  }

 private:
  std::vector<int64_t> milestones_;
  double gamma_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("multistep", MultiStepLR, "lr *= gamma at each milestone epoch");
