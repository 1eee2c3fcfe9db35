#include <axon/error.h>
#include <axon/scheduler.h>

namespace axon {

Scheduler::Scheduler(OptimizerPtr optimizer) : optimizer_(std::move(optimizer)) {
  AXON_CHECK(optimizer_ != nullptr, "scheduler: optimizer is null");
  base_lrs_ = current_lrs();
}

Scheduler::~Scheduler() = default;

void Scheduler::initialize() {
  last_epoch_ = 0;
  apply_lrs(compute_lrs());
}

void Scheduler::step() {
  ++last_epoch_;
  apply_lrs(compute_lrs());
}

void Scheduler::step(double) {
  AXON_CHECK(false,
             "{}: step(metric) is for schedulers that follow a metric (reduce_on_plateau); "
             "call step()",
             describe());
}

std::vector<double> Scheduler::current_lrs() const {
  std::vector<double> lrs;
  for (const auto& group : optimizer_->param_groups()) {
    AXON_CHECK(group.options.is_set("lr"), "scheduler: parameter group has no 'lr' option");
    lrs.push_back(group.options.get<double>("lr"));
  }
  return lrs;
}

void Scheduler::apply_lrs(const std::vector<double>& lrs) {
  auto& groups = optimizer_->param_groups();
  AXON_ASSERT(lrs.size() == groups.size(), "scheduler computed {} lrs for {} groups", lrs.size(),
              groups.size());
  for (size_t i = 0; i < groups.size(); ++i) groups[i].options.set("lr", lrs[i]);
  last_lr_ = lrs;
}

}  // namespace axon
