// The Scheduler interface: changes the lr of an optimizer's groups per step
// (or epoch). Subclasses compute the lrs of the current epoch; the base keeps
// last_epoch and the groups' initial lrs (PyTorch's base_lrs).
#pragma once

#include <axon/optimizer.h>

#include <memory>
#include <vector>

namespace axon {

class Scheduler {
 public:
  explicit Scheduler(OptimizerPtr optimizer);
  virtual ~Scheduler();

  // Called once by the factory after construction: PyTorch's initial step
  // (last_epoch becomes 0 and the epoch-0 lrs are applied).
  void initialize();
  virtual void step();
  // For schedulers that follow a metric (reduce_on_plateau); others throw.
  virtual void step(double metric);
  std::vector<double> get_last_lr() const { return last_lr_; }
  int64_t last_epoch() const { return last_epoch_; }
  virtual std::string describe() const = 0;

 protected:
  // The lr of each group at last_epoch(), from the current lrs (recursive
  // forms, as PyTorch's get_lr) or from base_lrs() (closed forms).
  virtual std::vector<double> compute_lrs() = 0;
  const std::vector<double>& base_lrs() const { return base_lrs_; }
  std::vector<double> current_lrs() const;
  void apply_lrs(const std::vector<double>& lrs);
  Optimizer& optimizer() { return *optimizer_; }

 private:
  OptimizerPtr optimizer_;
  std::vector<double> base_lrs_;
  std::vector<double> last_lr_;
  int64_t last_epoch_ = -1;
};

using SchedulerPtr = std::shared_ptr<Scheduler>;

}  // namespace axon
