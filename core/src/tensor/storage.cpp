#include <axon/tensor.h>

namespace axon {

Storage::Storage(Device& device, size_t bytes)
    : device_(&device), data_(device.allocate(bytes)), bytes_(bytes) {
  device.note_allocation(bytes);
}

Storage::~Storage() {
  device_->deallocate(data_, bytes_);
  device_->note_deallocation(bytes_);
}

TensorOptions& TensorOptions::device(std::string_view spec) {
  device_ = &axon::device(spec);
  return *this;
}

Device& TensorOptions::resolved_device() const { return device_ ? *device_ : axon::device("cpu"); }

}  // namespace axon
