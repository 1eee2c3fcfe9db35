// Tensor: a shared handle to storage + shape + strides + offset + dtype +
// device + autograd metadata. Copies of a Tensor share everything (like
// PyTorch's Python tensors); views share the storage. Host access to the
// values goes through to_vector<T>(), item<T>() and from_vector(), which copy
// through the device's copy functions: the core never dereferences device memory.
#pragma once

#include <axon/device.h>
#include <axon/dtype.h>
#include <axon/kernels.h>
#include <axon/shape.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace axon {

class Node;

// Device memory with its owner; frees itself through the device.
class Storage {
 public:
  Storage(Device& device, size_t bytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  Device& device() const { return *device_; }

 private:
  Device* device_;
  void* data_;
  size_t bytes_;
};

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  Shape shape;
  Shape strides;
  int64_t offset = 0;
  DType dtype = DType::f32;
  // autograd
  bool requires_grad = false;
  bool retains_grad = false;
  std::shared_ptr<TensorImpl> grad;
  std::shared_ptr<Node> grad_fn;
  int output_nr = 0;
};

struct TensorOptions {
  DType dtype_ = DType::f32;
  Device* device_ = nullptr;  // nullptr: cpu
  bool requires_grad_ = false;

  TensorOptions() = default;
  TensorOptions(DType t) : dtype_(t) {}  // NOLINT: implicit on purpose, zeros(s, DType::i64)
  TensorOptions& dtype(DType t) { return dtype_ = t, *this; }
  TensorOptions& device(Device& d) { return device_ = &d, *this; }
  TensorOptions& device(std::string_view spec);
  TensorOptions& requires_grad(bool r = true) { return requires_grad_ = r, *this; }
  Device& resolved_device() const;
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const;
  const Shape& strides() const;
  int64_t offset() const;
  int64_t dim() const;
  int64_t size(int64_t d) const;  // negative d counts from the end
  int64_t numel() const;
  DType dtype() const;
  Device& device() const;
  bool is_contiguous() const;
  // "Tensor(shape=[2, 3], dtype=f32, device=cpu:0)" plus values when small.
  std::string str() const;

  // Host access (copies; synchronizes the device).
  template <class T>
  std::vector<T> to_vector() const;
  template <class T>
  T item() const;
  double item() const;  // any dtype, as double

  // Moves and casts (return *this when nothing changes).
  Tensor to(Device& device) const;
  Tensor to(std::string_view device) const;
  Tensor to(DType dtype) const;
  Tensor contiguous() const;
  Tensor clone() const;

  // Views (share storage) and reshapes (view when possible, else copy).
  Tensor view(const Shape& shape) const;
  Tensor reshape(const Shape& shape) const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor t() const;  // 2-D transpose
  Tensor permute(const std::vector<int64_t>& dims) const;
  Tensor expand(const Shape& shape) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor squeeze(int64_t dim) const;
  Tensor unsqueeze(int64_t dim) const;

  // Autograd.
  bool requires_grad() const;
  // Marks a leaf as a parameter to differentiate (or freezes it with false).
  Tensor& requires_grad_(bool on = true);
  bool is_leaf() const;
  Tensor grad() const;
  void set_grad(const Tensor& grad) const;
  // Keeps the gradient of a non-leaf after backward().
  void retain_grad() const;
  std::shared_ptr<Node> grad_fn() const;
  Tensor detach() const;
  // Backpropagates from this tensor; `grad` defaults to 1 for a one-element tensor.
  void backward(const Tensor& grad = Tensor()) const;

  // In-place updates (the optimizer's tools). On a leaf that requires grad they
  // are allowed only under NoGradGuard, as in PyTorch.
  Tensor& fill_(double value);
  Tensor& zero_();
  Tensor& copy_(const Tensor& src);  // src is broadcast, cast and moved as needed
  Tensor& add_(const Tensor& other, double alpha = 1.0);
  Tensor& add_(double value);
  Tensor& sub_(const Tensor& other, double alpha = 1.0);
  Tensor& mul_(const Tensor& other);
  Tensor& mul_(double value);
  Tensor& div_(const Tensor& other);
  Tensor& div_(double value);
  Tensor& addcmul_(const Tensor& a, const Tensor& b, double value = 1.0);
  Tensor& addcdiv_(const Tensor& a, const Tensor& b, double value = 1.0);
  Tensor& clamp_(double min, double max);
  Tensor& uniform_(double low = 0.0, double high = 1.0);
  Tensor& normal_(double mean = 0.0, double std = 1.0);
  // Replaces what this tensor holds (storage, shape, dtype, device) with
  // other's, keeping its identity: every handle, the optimizer's state keys
  // and the autograd flags stay valid. Used by Layer::to(device).
  void set_data(const Tensor& other) const;

  // The kernel's view of this tensor.
  TensorArg arg() const;
  TensorImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }

 private:
  const TensorImpl& checked() const;
  std::shared_ptr<TensorImpl> impl_;
};

using TensorList = std::vector<Tensor>;

// Factories. Without options: f32 on cpu.
Tensor empty(const Shape& shape, const TensorOptions& options = {});
Tensor zeros(const Shape& shape, const TensorOptions& options = {});
Tensor ones(const Shape& shape, const TensorOptions& options = {});
Tensor full(const Shape& shape, double value, const TensorOptions& options = {});
Tensor scalar_tensor(double value, const TensorOptions& options = {});
Tensor zeros_like(const Tensor& t);
Tensor ones_like(const Tensor& t);
Tensor empty_like(const Tensor& t);
Tensor full_like(const Tensor& t, double value);
// [start, end) with step; i64 unless options say otherwise.
Tensor arange(int64_t start, int64_t end, int64_t step = 1,
              const TensorOptions& options = TensorOptions(DType::i64));
template <class T>
Tensor from_vector(const std::vector<T>& values, const Shape& shape,
                   const TensorOptions& options = TensorOptions(dtype_of<T>()));
// Random, from the device's Philox generator.
Tensor rand(const Shape& shape, const TensorOptions& options = {});
Tensor randn(const Shape& shape, const TensorOptions& options = {});
Tensor bernoulli(const Shape& shape, double p, const TensorOptions& options = {});
// A permutation of 0..n-1 drawn on the host from a seed (reproducible everywhere).
std::vector<int64_t> randperm(int64_t n, uint64_t seed);

}  // namespace axon
