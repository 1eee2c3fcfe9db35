// Internal: how the plugin machinery fills the dispatcher's table.
#pragma once

#include <axon/kernels.h>

#include <string>
#include <string_view>

namespace axon::dispatch {

// Fills the slot; the caller (Registrar::commit) checked with kernel_owner()
// (dispatcher.h) that it is free.
void add_kernel(std::string_view op, std::string_view device_type, Kernel kernel,
                std::string library);

}  // namespace axon::dispatch
