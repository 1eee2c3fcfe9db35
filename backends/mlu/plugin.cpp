// Registers device type "mlu" and its kernels.
//
// The simulated accelerator has no arithmetic of its own: each of its kernels
// queues the cpu backend's kernel for the op, run on the device's shadow
// memory. What it simulates is everything around the arithmetic (separate
// memory, asynchrony, capacity, transfers, missing ops), which is what
// porting and the device-separation rules need; the conformance tool still
// checks every op end to end through its memory and queue.
#include "device.h"
#include "settings.h"

#include <axon/dispatcher.h>
#include <axon/error.h>
#include <axon/plugin.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <atomic>
#include <memory>

namespace axon::mlu {
namespace {

// The cpu kernel is looked up at the first launch, not while registering:
// plugins load in no particular order.
Kernel queued_kernel(std::string_view op) {
  const dispatch::OpId id = dispatch::op_id(op);
  auto resolved = std::make_shared<std::atomic<const Kernel*>>(nullptr);
  return [op, id, resolved](const KernelArgs& args) {
    const Kernel* kernel = resolved->load(std::memory_order_acquire);
    if (kernel == nullptr) {
      kernel = dispatch::find_kernel(id, "cpu");
      resolved->store(kernel, std::memory_order_release);
    }
    AXON_CHECK(kernel != nullptr, "{}: the mlu runs the cpu backend's kernel, and there is none",
               op);
    auto* device = static_cast<MluDevice*>(args.out.at(0).device);
    device->launch(op, *kernel, args);
  };
}

std::string describe(const Settings& settings) {
  std::string details =
      fmt::format("simulated accelerator: {} device(s), async queue, capacity {} MiB",
                  settings.devices, settings.capacity >> 20);
  if (!settings.disabled.empty())
    details += fmt::format("; disabled ops: {}", fmt::join(settings.disabled, ","));
  return details;
}

void register_mlu(Registrar& registrar) {
  Settings settings;
  std::string problem;
  try {
    settings = settings_from_env();
  } catch (const Error& e) {
    problem = e.what();
  }
  // Below cpu: a simulation is never the best device to train on.
  registrar.add_device_type("mlu", 5, [settings, problem](std::string& unavailable_reason) {
    std::vector<std::unique_ptr<Device>> devices;
    if (!problem.empty()) {
      unavailable_reason = problem;
      return devices;
    }
    if (settings.devices == 0) unavailable_reason = "AXON_MLU_DEVICES=0";
    for (int i = 0; i < settings.devices; ++i)
      devices.push_back(std::make_unique<MluDevice>(i, settings.capacity, describe(settings)));
    return devices;
  });
  if (!problem.empty()) return;
  for (std::string_view op : primitive_names())
    if (!settings.disabled.count(std::string(op)))
      registrar.add_kernel(std::string(op), "mlu", queued_kernel(op));
}

}  // namespace

AXON_REGISTER(register_mlu);

}  // namespace axon::mlu
