// CosineAnnealingWarmRestarts (SGDR): cosine annealing from each group's
// initial lr to eta_min over T_i epochs, then a restart at the initial lr,
// with T_0 for the first period and T_i = T_0 T_mult^i after the i-th
// restart, as torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (1.13):
//   eta_t = eta_min + (eta_max - eta_min) (1 + cos(pi T_cur / T_i)) / 2
// With lr 0.1 and T_0 2, T_mult 2 the epochs 0..6 run at 0.1, 0.05, 0.1,
// 0.0854, 0.05, 0.0146, 0.1.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <cmath>
#include <numbers>

namespace {

using axon::OptionType;

int64_t positive_t_0(const axon::Options& o) {
  AXON_CHECK(o.is_set("T_0"), "cosine_warm_restarts: missing required option 'T_0'");
  auto t_0 = o.get<int64_t>("T_0");
  AXON_CHECK(t_0 > 0, "cosine_warm_restarts: Expected positive integer T_0, but got {}", t_0);
  return t_0;
}

int64_t t_mult_of(const axon::Options& o) {
  auto t_mult = o.get<int64_t>("T_mult");
  AXON_CHECK(t_mult >= 1, "cosine_warm_restarts: Expected integer T_mult >= 1, but got {}", t_mult);
  return t_mult;
}

class CosineAnnealingWarmRestarts : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"T_0", OptionType::integer, std::monostate{}, "epochs until the first restart"},
        {"T_mult", OptionType::integer, int64_t{1}, "factor of the period after each restart"},
        {"eta_min", OptionType::number, 0.0, "minimum learning rate"},
    };
  }

  CosineAnnealingWarmRestarts(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        t_0_(positive_t_0(o)),
        t_mult_(t_mult_of(o)),
        eta_min_(o.get<double>("eta_min")) {}

  std::string describe() const override {
    return fmt::format("CosineAnnealingWarmRestarts(T_0={}, T_mult={}, eta_min={})", t_0_, t_mult_,
                       eta_min_);
  }

 protected:
  // PyTorch's step() without an epoch moves T_cur by one and restarts when it
  // reaches T_i; this finds the same (T_cur, T_i) from the epoch directly.
  std::vector<double> compute_lrs() override {
    int64_t t_cur = last_epoch(), t_i = t_0_;
    if (t_mult_ == 1) {
      t_cur %= t_0_;
    } else {
      while (t_cur >= t_i) {
        t_cur -= t_i;
        t_i *= t_mult_;
      }
    }
    double cosine =
        std::cos(std::numbers::pi * static_cast<double>(t_cur) / static_cast<double>(t_i));
    std::vector<double> lrs;
    for (double base_lr : base_lrs())
      lrs.push_back(eta_min_ + (base_lr - eta_min_) * (1.0 + cosine) / 2.0);
    return lrs;
  }

 private:
  int64_t t_0_, t_mult_;
  double eta_min_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("cosine_warm_restarts", CosineAnnealingWarmRestarts,
                        "cosine annealing with warm restarts every T_0 * T_mult^i epochs (SGDR)");
