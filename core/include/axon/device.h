// The Device interface: one instance per device index ("cpu:0", "mlu:1").
// A backend plugin implements it; the core owns the instances for the life of
// the process. Memory handed out by a device belongs to it: the core and the
// plugins never dereference it on the host unless is_host() is true, and move
// data only through the copy functions.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace axon {

struct DeviceInfo {
  std::string name;           // "AMD EPYC (2 threads)"
  uint64_t memory_total = 0;  // bytes, 0 when unknown
  uint64_t memory_free = 0;
  std::string details;  // backend-specific, one line ("OpenBLAS 0.3.21, core SkylakeX")
};

// Counters the core keeps for every device (allocations, kernels, transfers).
struct DeviceStats {
  uint64_t bytes_in_use = 0;
  uint64_t peak_bytes = 0;
  uint64_t allocations = 0;
  uint64_t kernels_launched = 0;
  uint64_t bytes_host_to_device = 0;
  uint64_t bytes_device_to_host = 0;
  uint64_t bytes_device_to_device = 0;
  // How many copies made those bytes (a host round trip is one of each way).
  uint64_t copies_host_to_device = 0;
  uint64_t copies_device_to_host = 0;
  uint64_t copies_device_to_device = 0;
  std::map<std::string, uint64_t> kernels_per_op;
  std::map<std::string, uint64_t> fallbacks_per_op;
};

// Philox 4x32-10 state: a key (the seed) and a counter offset. Each random
// kernel consumes ceil(n / 4) counters, so the same seed gives the same
// numbers on every device.
struct Generator {
  uint64_t seed = 0x2545F4914F6CDD1DULL;
  uint64_t offset = 0;
  // Reserves counters for n numbers and returns the first counter.
  uint64_t advance(int64_t n) {
    uint64_t first = offset;
    offset += static_cast<uint64_t>((n + 3) / 4);
    return first;
  }
};

class Device {
 public:
  Device() = default;
  virtual ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  // Type name ("cpu", "cuda", "mlu") and index.
  virtual std::string type() const = 0;
  virtual int index() const = 0;
  // "cpu:0"
  std::string name() const;
  virtual DeviceInfo info() const = 0;
  // True when the memory is plain host memory (the cpu backend).
  virtual bool is_host() const { return false; }

  // Raw memory; allocate throws OutOfMemoryError when it cannot.
  virtual void* allocate(size_t bytes) = 0;
  virtual void deallocate(void* ptr, size_t bytes) = 0;
  virtual void copy_from_host(void* dst, const void* src, size_t bytes) = 0;
  virtual void copy_to_host(void* dst, const void* src, size_t bytes) = 0;
  virtual void copy_within(void* dst, const void* src, size_t bytes) = 0;
  // Waits for all queued work (optional: synchronous devices need nothing).
  virtual void synchronize() {}
  // Returns memory a caching allocator keeps for reuse to the system (cuda).
  virtual void empty_cache() {}

  Generator& generator() { return generator_; }
  DeviceStats stats() const;
  void reset_stats();

  // Bookkeeping called by the core (storage, dispatcher, transfers).
  void note_allocation(uint64_t bytes);
  void note_deallocation(uint64_t bytes);
  void note_kernel(int op_id);
  void note_fallback(int op_id);
  void note_copy_to_device(uint64_t bytes);
  void note_copy_to_host(uint64_t bytes);
  void note_copy_within(uint64_t bytes);

  // Interned type id used by the dispatcher; set when the device is registered.
  int type_id() const { return type_id_; }
  void set_type_id(int id) { type_id_ = id; }

 private:
  Generator generator_;
  // Per-op counters indexed by the dispatcher's op id (lock-free on the hot path).
  static constexpr int kMaxOps = 2048;
  std::unique_ptr<std::atomic<uint64_t>[]> kernel_counts_ {
    new std::atomic<uint64_t>[ kMaxOps ]()
  };
  std::unique_ptr<std::atomic<uint64_t>[]> fallback_counts_ {
    new std::atomic<uint64_t>[ kMaxOps ]()
  };
  mutable std::mutex stats_mutex_;
  DeviceStats stats_;
  int type_id_ = -1;
};

// A device type as a backend registers it: its devices (possibly none) and,
// when none can be used, why ("cudaErrorInsufficientDriver").
struct DeviceTypeInfo {
  std::string type;
  std::string library;  // the plugin file that registered it
  int priority = 0;     // best_device() picks the available type with the highest
  std::string unavailable_reason;
  std::vector<Device*> devices;
};

// Looks up "cpu", "cpu:0", "mlu:1". Throws when the type is unknown (listing
// the known ones) or unavailable (with the reason), or the index is out of range.
// AXON_DEVICE_MAP=cuda:mlu makes a request for "cuda[:N]" resolve to "mlu[:N]".
Device& device(std::string_view spec);
// True when device(spec) would return a device ("cuda:0" where no CUDA backend
// or GPU is: false); throws only when the spec is malformed ("cuda:x").
bool is_available(std::string_view spec);
// The available device type with the highest priority, index 0.
Device& best_device();
std::vector<DeviceTypeInfo> device_types();
// Seeds the generator of every device.
void manual_seed(uint64_t seed);

}  // namespace axon
