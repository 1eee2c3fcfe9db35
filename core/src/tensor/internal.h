// Internal helpers shared by the tensor and ops implementations.
#pragma once

#include <axon/autograd.h>
#include <axon/dispatcher.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/tensor.h>

#include <initializer_list>

// The dispatcher id of a primitive, interned once per call site.
#define AXON_OP(name)                                                       \
  ([]() -> ::axon::dispatch::OpId {                                         \
    static const ::axon::dispatch::OpId id = ::axon::dispatch::op_id(name); \
    return id;                                                              \
  }())

namespace axon::detail {

// A new contiguous tensor (uninitialized).
Tensor make_empty(const Shape& shape, DType dtype, Device& device);
// A view of `base`'s storage with other geometry (no autograd).
Tensor make_view(const Tensor& base, Shape shape, Shape strides, int64_t offset);
// The device shared by all tensors; an error naming `op` and both devices otherwise.
Device& common_device(const char* op, std::initializer_list<const Tensor*> tensors);
// Runs a kernel: args.in / args.out filled from the tensors.
void launch(dispatch::OpId op, Device& device, KernelArgs& args, std::initializer_list<Tensor> in,
            std::initializer_list<Tensor> out);
// Copies src (broadcast to dst's shape, cast to its dtype) into dst on dst's device.
void copy_into(const Tensor& dst, const Tensor& src);
// Errors for in-place ops that autograd cannot follow.
void check_inplace(const Tensor& t, const char* op);
// The tensor as dtype (itself when it already is).
Tensor cast(const Tensor& t, DType dtype);

}  // namespace axon::detail
