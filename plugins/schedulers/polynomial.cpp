// PolynomialLR: decays each group's initial lr to 0 over total_iters epochs
// along (1 - t / total_iters)^power, then keeps it there, as
// torch.optim.lr_scheduler.PolynomialLR (1.13). With lr 0.1 and the defaults
// (total_iters 5, power 1) the epochs 0..5 run at 0.1, 0.08, 0.06, 0.04, 0.02, 0.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <cmath>

namespace {

using axon::OptionType;

class PolynomialLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"total_iters", OptionType::integer, int64_t{5}, "epochs over which the lr decays"},
        {"power", OptionType::number, 1.0, "power of the polynomial"},
    };
  }

  PolynomialLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        total_iters_(o.get<int64_t>("total_iters")),
        power_(o.get<double>("power")) {}

  std::string describe() const override {
    return fmt::format("PolynomialLR(total_iters={}, power={})", total_iters_, power_);
  }

 protected:
  // PyTorch's recursive get_lr: the ratio of consecutive decay factors until
  // total_iters; the lrs stay at epoch 0 and after total_iters.
  std::vector<double> compute_lrs() override {
    std::vector<double> lrs = current_lrs();
    int64_t epoch = last_epoch();
    if (epoch == 0 || epoch > total_iters_) return lrs;
    auto t = static_cast<double>(epoch), total = static_cast<double>(total_iters_);
    double ratio = std::pow((1.0 - t / total) / (1.0 - (t - 1.0) / total), power_);
    for (double& lr : lrs) lr *= ratio;
    return lrs;
  }

 private:
  int64_t total_iters_;
  double power_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("polynomial", PolynomialLR,
                        "lr decays to 0 along (1 - t / total_iters)^power");
