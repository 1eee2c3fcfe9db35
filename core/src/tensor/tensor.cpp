// Tensor accessors, host access, moves and casts.
#include "tensor/internal.h"

#include <cstring>

namespace axon {

const TensorImpl& Tensor::checked() const {
  AXON_CHECK(impl_, "tensor is undefined (default-constructed)");
  return *impl_;
}

const Shape& Tensor::shape() const { return checked().shape; }
const Shape& Tensor::strides() const { return checked().strides; }
int64_t Tensor::offset() const { return checked().offset; }
int64_t Tensor::dim() const { return static_cast<int64_t>(checked().shape.size()); }
int64_t Tensor::size(int64_t d) const { return shape()[wrap_dim(d, dim(), "size")]; }
int64_t Tensor::numel() const { return axon::numel(checked().shape); }
DType Tensor::dtype() const { return checked().dtype; }
Device& Tensor::device() const { return checked().storage->device(); }
bool Tensor::is_contiguous() const { return arg().is_contiguous(); }

TensorArg Tensor::arg() const {
  const TensorImpl& t = checked();
  return TensorArg{t.storage->data(), t.storage->bytes(),  t.offset, t.dtype, t.shape,
                   t.strides,         &t.storage->device()};
}

std::string Tensor::str() const {
  if (!impl_) return "Tensor(undefined)";
  std::string values;
  if (numel() <= 16) {
    if (is_floating(dtype()))
      values = fmt::format(", values=[{}]", fmt::join(to_vector<double>(), ", "));
    else
      values = fmt::format(", values=[{}]", fmt::join(to_vector<int64_t>(), ", "));
  }
  return fmt::format("Tensor(shape={}, dtype={}, device={}{}{})", shape_str(shape()),
                     dtype_name(dtype()), device().name(), values,
                     requires_grad() ? ", requires_grad=true" : "");
}

namespace {

// Copies a contiguous tensor's bytes to the host.
std::vector<uint8_t> host_bytes(const Tensor& contiguous) {
  std::vector<uint8_t> bytes(contiguous.numel() * dtype_size(contiguous.dtype()));
  if (bytes.empty()) return bytes;
  TensorArg a = contiguous.arg();
  const auto* src = static_cast<const uint8_t*>(a.base) + a.offset * dtype_size(a.dtype);
  a.device->copy_to_host(bytes.data(), src, bytes.size());
  a.device->note_copy_to_host(bytes.size());
  return bytes;
}

}  // namespace

template <class T>
std::vector<T> Tensor::to_vector() const {
  Tensor c = detail::cast(*this, dtype_of<T>()).contiguous();
  std::vector<uint8_t> bytes = host_bytes(c);
  std::vector<T> out(c.numel());
  if constexpr (std::is_same_v<T, bool>) {
    for (size_t i = 0; i < out.size(); ++i) out[i] = bytes[i] != 0;
  } else if (!bytes.empty()) {
    std::memcpy(out.data(), bytes.data(), bytes.size());
  }
  return out;
}

template <class T>
T Tensor::item() const {
  AXON_CHECK(numel() == 1, "item: a Tensor with {} elements cannot be converted to a scalar",
             numel());
  return to_vector<T>()[0];
}

double Tensor::item() const { return item<double>(); }

template std::vector<float> Tensor::to_vector<float>() const;
template std::vector<double> Tensor::to_vector<double>() const;
template std::vector<int64_t> Tensor::to_vector<int64_t>() const;
template std::vector<uint8_t> Tensor::to_vector<uint8_t>() const;
template std::vector<bool> Tensor::to_vector<bool>() const;
template float Tensor::item<float>() const;
template double Tensor::item<double>() const;
template int64_t Tensor::item<int64_t>() const;
template uint8_t Tensor::item<uint8_t>() const;
template bool Tensor::item<bool>() const;

template <class T>
Tensor from_vector(const std::vector<T>& values, const Shape& shape, const TensorOptions& options) {
  AXON_CHECK(static_cast<int64_t>(values.size()) == axon::numel(shape),
             "from_vector: {} values cannot fill shape {} ({} elements)", values.size(),
             shape_str(shape), axon::numel(shape));
  Device& device = options.resolved_device();
  Tensor t = detail::make_empty(shape, dtype_of<T>(), device);
  size_t bytes = values.size() * sizeof(T);
  if (bytes) {
    if constexpr (std::is_same_v<T, bool>) {
      std::vector<uint8_t> raw(values.begin(), values.end());
      device.copy_from_host(t.arg().base, raw.data(), bytes);
    } else {
      device.copy_from_host(t.arg().base, values.data(), bytes);
    }
    device.note_copy_to_device(bytes);
  }
  t = detail::cast(t, options.dtype_);
  if (options.requires_grad_) t.requires_grad_(true);
  return t;
}

template Tensor from_vector(const std::vector<float>&, const Shape&, const TensorOptions&);
template Tensor from_vector(const std::vector<double>&, const Shape&, const TensorOptions&);
template Tensor from_vector(const std::vector<int64_t>&, const Shape&, const TensorOptions&);
template Tensor from_vector(const std::vector<uint8_t>&, const Shape&, const TensorOptions&);
template Tensor from_vector(const std::vector<bool>&, const Shape&, const TensorOptions&);

Tensor Tensor::to(Device& target) const {
  Device& source = device();
  if (&source == &target) return *this;
  Tensor src = contiguous();
  Tensor out = detail::make_empty(shape(), dtype(), target);
  size_t bytes = numel() * dtype_size(dtype());
  if (bytes) {
    TensorArg s = src.arg();
    const auto* from = static_cast<const uint8_t*>(s.base) + s.offset * dtype_size(s.dtype);
    if (source.is_host()) {
      target.copy_from_host(out.arg().base, from, bytes);
      target.note_copy_to_device(bytes);
    } else {
      // Through the host: devices of different types share no copy function.
      std::vector<uint8_t> staging(bytes);
      source.copy_to_host(staging.data(), from, bytes);
      source.note_copy_to_host(bytes);
      target.copy_from_host(out.arg().base, staging.data(), bytes);
      target.note_copy_to_device(bytes);
    }
  }
  autograd::record("to", {*this}, out,
                   [back = &source](const TensorList& g) { return TensorList{g[0].to(*back)}; });
  return out;
}

Tensor Tensor::to(std::string_view spec) const { return to(axon::device(spec)); }

Tensor Tensor::to(DType target) const {
  if (dtype() == target) return *this;
  Tensor out = detail::make_empty(shape(), target, device());
  detail::copy_into(out, *this);
  if (is_floating(target) && is_floating(dtype())) {
    DType source = dtype();
    autograd::record("to", {*this}, out,
                     [source](const TensorList& g) { return TensorList{g[0].to(source)}; });
  }
  return out;
}

Tensor Tensor::contiguous() const {
  if (is_contiguous()) return *this;
  return clone();
}

Tensor Tensor::clone() const {
  Tensor out = detail::make_empty(shape(), dtype(), device());
  detail::copy_into(out, *this);
  autograd::record("clone", {*this}, out, [](const TensorList& g) { return TensorList{g[0]}; });
  return out;
}

void Tensor::set_data(const Tensor& other) const {
  const TensorImpl& o = other.checked();
  TensorImpl& self = const_cast<TensorImpl&>(checked());
  self.storage = o.storage;
  self.shape = o.shape;
  self.strides = o.strides;
  self.offset = o.offset;
  self.dtype = o.dtype;
}

}  // namespace axon
