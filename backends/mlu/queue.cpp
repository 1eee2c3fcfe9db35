#include "queue.h"

#include <axon/error.h>

#include <fmt/format.h>

namespace axon::mlu {

WorkQueue::WorkQueue(std::string device_name)
    : device_name_(std::move(device_name)), worker_([this] { run(); }) {}

WorkQueue::~WorkQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_one();
  worker_.join();
}

void WorkQueue::submit(std::string what, std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    items_.push_back({std::move(what), std::move(work)});
  }
  has_work_.notify_one();
}

void WorkQueue::synchronize() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return items_.empty() && !running_item_; });
  if (error_.empty()) return;
  std::string message = std::move(error_);
  error_.clear();
  throw Error(message);
}

void WorkQueue::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    has_work_.wait(lock, [this] { return stopping_ || !items_.empty(); });
    if (items_.empty()) return;  // stopping, and everything has run
    Item item = std::move(items_.front());
    items_.pop_front();
    running_item_ = true;
    const bool skip = !error_.empty();
    lock.unlock();
    if (!skip) finish(item);
    lock.lock();
    running_item_ = false;
    if (items_.empty()) idle_.notify_all();
  }
}

void WorkQueue::finish(Item& item) {
  std::string failure;
  try {
    item.work();
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  if (failure.empty()) return;
  std::lock_guard lock(mutex_);
  error_ = fmt::format(
      "{}: {} failed on the device's queue (reported at the next synchronizing call): {}",
      device_name_, item.what, failure);
}

}  // namespace axon::mlu
