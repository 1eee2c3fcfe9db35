// The device's queue: one worker thread that runs submitted work in order, as
// a stream does on a real accelerator. The host returns from a launch at once.
//
// An exception raised by queued work is sticky, as CUDA's errors are: the
// queue records it with the name of what raised it, drops the work queued
// after it (its inputs are unreliable), and throws at the next synchronizing
// call (synchronize(), a copy to the host); after that the queue works again.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace axon::mlu {

class WorkQueue {
 public:
  explicit WorkQueue(std::string device_name);
  // Finishes the queued work, then stops the worker.
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // `what` names the work in an error ("kernel softmax", "copy to device").
  void submit(std::string what, std::function<void()> work);
  // Waits until everything submitted has run; throws the recorded error.
  void synchronize();

 private:
  struct Item {
    std::string what;
    std::function<void()> work;
  };
  void run();
  void finish(Item& item);

  std::string device_name_;
  std::mutex mutex_;
  std::condition_variable has_work_, idle_;
  std::deque<Item> items_;
  bool running_item_ = false;
  bool stopping_ = false;
  std::string error_;  // the first failure since the last synchronize, or ""
  std::thread worker_;
};

}  // namespace axon::mlu
