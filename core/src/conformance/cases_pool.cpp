// Cases of the pool family: max_pool2d (values and argmax indices) and
// avg_pool2d through the ops API (with grad, their gradients run the
// backward kernels), and the backward kernels called alone.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

struct PoolSpec {
  const char* name;
  Shape x;  // (N, C, H, W) or (C, H, W)
  Pool2dParams params;
  Values values{};
};

const PoolSpec kMaxSpecs[] = {
    {"2x2 on 1x3x7x9", {1, 3, 7, 9}, {.kernel = {2, 2}}},
    {"3x3, stride 2, padding 1 on 2x2x9x8",
     {2, 2, 9, 8},
     {.kernel = {3, 3}, .stride = {2, 2}, .padding = {1, 1}}},
    {"2x3, stride (1, 2), ceil mode on 1x2x7x9",
     {1, 2, 7, 9},
     {.kernel = {2, 3}, .stride = {1, 2}, .ceil_mode = true}},
    {"2x2, dilation 2 on 1x2x9x9",
     {1, 2, 9, 9},
     {.kernel = {2, 2}, .stride = {1, 1}, .dilation = {2, 2}}},
    {"3x3, ties on 1x2x7x9", {1, 2, 7, 9}, {.kernel = {3, 3}}, kTies},
    {"2x2 on unbatched 3x7x9", {3, 7, 9}, {.kernel = {2, 2}}},
};

const PoolSpec kAvgSpecs[] = {
    {"2x2 on 1x3x7x9", {1, 3, 7, 9}, {.kernel = {2, 2}}},
    {"3x3, stride 2, padding 1 on 2x2x9x8",
     {2, 2, 9, 8},
     {.kernel = {3, 3}, .stride = {2, 2}, .padding = {1, 1}}},
    {"3x3, stride 2, padding 1, padding not counted on 2x2x9x8",
     {2, 2, 9, 8},
     {.kernel = {3, 3}, .stride = {2, 2}, .padding = {1, 1}, .count_include_pad = false}},
    {"2x3, stride (1, 2), ceil mode on 1x2x7x9",
     {1, 2, 7, 9},
     {.kernel = {2, 3}, .stride = {1, 2}, .ceil_mode = true}},
    {"2x2 on unbatched 3x7x9", {3, 7, 9}, {.kernel = {2, 2}}},
};

// The backward kernels take 4-D tensors and strides resolved (0: the kernel's).
Shape batched(const Shape& x) { return x.size() == 4 ? x : Shape{1, x[0], x[1], x[2]}; }

KernelArgs pool_args(Pool2dParams p) {
  for (int i = 0; i < 2; ++i)
    if (p.stride[i] == 0) p.stride[i] = p.kernel[i];
  KernelArgs args;
  args.dims = {p.kernel[0],  p.kernel[1],  p.stride[0],   p.stride[1],
               p.padding[0], p.padding[1], p.dilation[0], p.dilation[1]};
  args.flag = p.count_include_pad;
  return args;
}

// grad_x = max_pool2d_backward(grad_out, indices), with the indices of the
// cpu's forward pass over the same input (the argmax of each window).
TensorList max_backward(CaseInputs& in, const PoolSpec& spec) {
  const Tensor x = in.constant(batched(spec.x), spec.values);
  const Tensor indices = max_pool2d_with_indices(x.to(device("cpu")), spec.params).second;
  const Tensor grad = in.input(indices.shape());
  const Tensor out = empty(x.shape(), TensorOptions().device(in.device()));
  return {call_primitive("max_pool2d_backward", pool_args(spec.params),
                         {grad, indices.to(in.device())}, out)};
}

// grad_x = avg_pool2d_backward(grad_out).
TensorList avg_backward(CaseInputs& in, const PoolSpec& spec) {
  const Shape x_shape = batched(spec.x);
  const Tensor grad = in.input(avg_pool2d(zeros(x_shape), spec.params).shape());
  const Tensor out = empty(x_shape, TensorOptions().device(in.device()));
  return {call_primitive("avg_pool2d_backward", pool_args(spec.params), {grad}, out)};
}

void add_pool_cases(CaseList& cases) {
  for (const PoolSpec& spec : kMaxSpecs) {
    cases.push_back({"max_pool2d", spec.name, kNmseExact, [spec](CaseInputs& in) {
                       const auto [y, indices] =
                           max_pool2d_with_indices(in.input(spec.x, spec.values), spec.params);
                       return TensorList{y, indices};
                     }});
    cases.push_back({"max_pool2d_backward", spec.name, kNmseExact,
                     [spec](CaseInputs& in) { return max_backward(in, spec); }});
  }
  for (const PoolSpec& spec : kAvgSpecs) {
    cases.push_back({"avg_pool2d", spec.name, kNmseMath, [spec](CaseInputs& in) {
                       return TensorList{avg_pool2d(in.input(spec.x, spec.values), spec.params)};
                     }});
    cases.push_back({"avg_pool2d_backward", spec.name, kNmseMath,
                     [spec](CaseInputs& in) { return avg_backward(in, spec); }});
  }
}

const CaseFamily kFamily(add_pool_cases);

}  // namespace
}  // namespace axon::conformance
