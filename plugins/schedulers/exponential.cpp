// ExponentialLR: multiplies each group's lr by gamma every epoch, as
// torch.optim.lr_scheduler.ExponentialLR. With lr 0.1 and gamma 0.9 the
// epochs 0, 1, 2 run at 0.1, 0.09, 0.081.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

double required_gamma(const axon::Options& o) {
  AXON_CHECK(o.is_set("gamma"), "exponential: missing required option 'gamma'");
  return o.get<double>("gamma");
}

class ExponentialLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"gamma", OptionType::number, std::monostate{}, "multiplicative factor of lr decay"},
    };
  }

  ExponentialLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)), gamma_(required_gamma(o)) {}

  std::string describe() const override { return fmt::format("ExponentialLR(gamma={})", gamma_); }

 protected:
  // PyTorch's recursive get_lr: the current lrs times gamma, except at epoch 0.
  std::vector<double> compute_lrs() override {
    std::vector<double> lrs = current_lrs();
    if (last_epoch() == 0) return lrs;
    for (double& lr : lrs) lr *= gamma_;
    return lrs;
  }

 private:
  double gamma_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("exponential", ExponentialLR, "lr *= gamma every epoch");
