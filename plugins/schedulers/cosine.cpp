// CosineAnnealingLR: anneals each group's lr from its initial value
// (eta_max) to eta_min along half a cosine over T_max epochs, then back up,
// as torch.optim.lr_scheduler.CosineAnnealingLR (1.13):
//   eta_t = eta_min + (eta_max - eta_min) (1 + cos(pi t / T_max)) / 2
// computed with PyTorch's recursive get_lr so that the lrs match its own.
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <cmath>
#include <numbers>

namespace {

using axon::OptionType;

int64_t positive_t_max(const axon::Options& o) {
  AXON_CHECK(o.is_set("T_max"), "cosine: missing required option 'T_max'");
  auto t_max = o.get<int64_t>("T_max");
  AXON_CHECK(t_max > 0, "cosine: T_max must be a positive number of epochs, got {}", t_max);
  return t_max;
}

class CosineAnnealingLR : public axon::Scheduler {
 public:
  static axon::OptionSchema options() {
    return {
        {"T_max", OptionType::integer, std::monostate{}, "maximum number of iterations"},
        {"eta_min", OptionType::number, 0.0, "minimum learning rate"},
    };
  }

  CosineAnnealingLR(axon::OptimizerPtr optimizer, const axon::Options& o)
      : Scheduler(std::move(optimizer)),
        t_max_(positive_t_max(o)),
        eta_min_(o.get<double>("eta_min")) {}

  std::string describe() const override {
    return fmt::format("CosineAnnealingLR(T_max={}, eta_min={})", t_max_, eta_min_);
  }

 protected:
  // PyTorch's recursive get_lr: at epoch 0 the lrs stay; just past each
  // minimum (epoch - 1 - T_max a multiple of 2 T_max) the lr climbs by the
  // first cosine step; elsewhere it moves by the ratio of consecutive cosines.
  std::vector<double> compute_lrs() override {
    std::vector<double> lrs = current_lrs();
    int64_t epoch = last_epoch();
    if (epoch == 0) return lrs;
    const double pi = std::numbers::pi;
    auto t_max = static_cast<double>(t_max_);
    if ((epoch - 1 - t_max_) % (2 * t_max_) == 0) {
      for (size_t i = 0; i < lrs.size(); ++i)
        lrs[i] += (base_lrs()[i] - eta_min_) * (1.0 - std::cos(pi / t_max)) / 2.0;
      return lrs;
    }
    auto e = static_cast<double>(epoch);
    double ratio = (1.0 + std::cos(pi * e / t_max)) / (1.0 + std::cos(pi * (e - 1.0) / t_max));
    for (double& lr : lrs) lr = ratio * (lr - eta_min_) + eta_min_;
    return lrs;
  }

 private:
  int64_t t_max_;
  double eta_min_;
};

}  // namespace

AXON_REGISTER_SCHEDULER("cosine", CosineAnnealingLR, "cosine annealing from lr to eta_min");
