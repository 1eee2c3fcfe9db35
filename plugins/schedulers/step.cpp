// StepLR: multiplies each group's lr by gamma every step_size epochs, as
// torch.optim.lr_scheduler.StepLR. With lr 0.1, step_size 2, gamma 0.1 the
// epochs 0, 1, 2, 3, 4 run at 0.1, 0.1, 0.01, 0.01, 0.001.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

int64_t positive_step_size(const axon::Options& o) {
  AXON_CHECK(o.is_set("step_size"), "step: missing required option 'step_size'");
  auto step_size = o.get<int64_t>("step_size");
  AXON_CHECK(step_size > 0, "step: step_size must be a positive number of epochs, got {}",
             step_size);
  return step_size;
}

class StepLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"step_size", OptionType::integer, std::monostate{}, "period of lr decay, in epochs"},
        {"gamma", OptionType::number, 0.1, "multiplicative factor of lr decay"},
    };
  }

  StepLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        step_size_(positive_step_size(o)),
        gamma_(o.get<double>("gamma")) {}

  std::string describe() const override {
    return fmt::format("StepLR(step_size={}, gamma={})", step_size_, gamma_);
  }

 protected:
  // PyTorch's recursive get_lr: keep the current lrs except at a multiple of
  // step_size (epoch 0 excluded), where they are multiplied by gamma.
  std::vector<double> compute_lrs() override {
    std::vector<double> lrs = current_lrs();
    if (last_epoch() == 0 || last_epoch() % step_size_ != 0) return lrs;
    for (double& lr : lrs) lr *= gamma_;
    return lrs;
  }

 private:
  int64_t step_size_;
  double gamma_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("step", StepLR, "lr *= gamma every step_size epochs");
