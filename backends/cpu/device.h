// The "cpu" device: plain host memory, 64-byte aligned (a cache line, and
// what AVX-512 loads like), synchronous copies. One instance, index 0.
#pragma once

#include <axon/device.h>

#include <cstddef>
#include <string>

namespace axon::cpu {

class CpuDevice : public Device {
 public:
  static constexpr size_t kAlignment = 64;

  std::string type() const override { return "cpu"; }
  int index() const override { return 0; }
  DeviceInfo info() const override;
  bool is_host() const override { return true; }

  void* allocate(size_t bytes) override;
  void deallocate(void* ptr, size_t bytes) override;
  void copy_from_host(void* dst, const void* src, size_t bytes) override;
  void copy_to_host(void* dst, const void* src, size_t bytes) override;
  void copy_within(void* dst, const void* src, size_t bytes) override;
};

}  // namespace axon::cpu
