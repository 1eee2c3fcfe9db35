// What the host machine is: CPU model and memory, read from /proc.
#pragma once

#include <cstdint>
#include <string>

namespace axon::cpu {

// "AMD EPYC" (the "model name" of /proc/cpuinfo), or "unknown CPU".
std::string cpu_model_name();

struct HostMemory {
  uint64_t total = 0;      // bytes
  uint64_t available = 0;  // bytes (MemAvailable)
};
// Zeros when /proc/meminfo cannot be read.
HostMemory host_memory();

}  // namespace axon::cpu
