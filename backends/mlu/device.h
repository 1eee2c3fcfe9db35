// The "mlu" device: a simulated discrete accelerator. Its memory is its own
// (DeviceMemory: host dereferences fault), its kernels run asynchronously on
// its queue (WorkQueue), copies go through the functions below only, and the
// core's statistics count what it launches and moves.
#pragma once

#include "memory.h"
#include "queue.h"

#include <axon/device.h>
#include <axon/kernels.h>

#include <string>

namespace axon::mlu {

class MluDevice : public Device {
 public:
  MluDevice(int index, uint64_t capacity, std::string details);

  std::string type() const override { return "mlu"; }
  int index() const override { return index_; }
  DeviceInfo info() const override;

  void* allocate(size_t bytes) override;
  void deallocate(void* ptr, size_t bytes) override;
  void copy_from_host(void* dst, const void* src, size_t bytes) override;
  void copy_to_host(void* dst, const void* src, size_t bytes) override;
  void copy_within(void* dst, const void* src, size_t bytes) override;
  void synchronize() override;

  // Queues `kernel` (a cpu kernel) on `args` rewritten to the shadow memory.
  void launch(std::string_view op, const Kernel& kernel, const KernelArgs& args);

 private:
  int index_;
  std::string details_;
  DeviceMemory memory_;
  WorkQueue queue_;
};

}  // namespace axon::mlu
