// Cases of the conv family: conv2d through the ops API (with grad, its
// gradients run the two backward kernels), and conv2d_backward_input and
// conv2d_backward_weight called alone.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

struct ConvSpec {
  const char* name;
  Shape x, w;  // (N, C, H, W) or (C, H, W); (O, C / groups, kh, kw)
  Conv2dParams params{};
};

const ConvSpec kSpecs[] = {
    {"1x3x7x9 by 4x3x3x3", {1, 3, 7, 9}, {4, 3, 3, 3}},
    {"2x3x5x13 by 2x3x2x4, stride (1, 2), padding (0, 1)",
     {2, 3, 5, 13},
     {2, 3, 2, 4},
     {.stride = {1, 2}, .padding = {0, 1}}},
    {"1x2x9x9 by 3x2x3x3, stride 2, padding 1",
     {1, 2, 9, 9},
     {3, 2, 3, 3},
     {.stride = {2, 2}, .padding = {1, 1}}},
    {"1x2x9x8 by 2x2x3x3, dilation 2", {1, 2, 9, 8}, {2, 2, 3, 3}, {.dilation = {2, 2}}},
    {"2x4x7x7 by 6x2x3x3, groups 2", {2, 4, 7, 7}, {6, 2, 3, 3}, {.groups = 2}},
    {"1x5x7x13 by 3x5x1x1", {1, 5, 7, 13}, {3, 5, 1, 1}},
    {"unbatched 3x7x9 by 4x3x3x3", {3, 7, 9}, {4, 3, 3, 3}},
};

// The 4-D input shape and conv2d's output shape, from the cpu (the ops API's rule).
std::pair<Shape, Shape> shapes(const ConvSpec& spec) {
  const Tensor x = zeros(spec.x.size() == 4 ? spec.x : Shape{1, spec.x[0], spec.x[1], spec.x[2]});
  return {x.shape(), conv2d(x, zeros(spec.w), {}, spec.params).shape()};
}

KernelArgs conv_args(const Conv2dParams& p) {
  KernelArgs args;
  args.dims = {p.stride[0],   p.stride[1],   p.padding[0], p.padding[1],
               p.dilation[0], p.dilation[1], p.groups};
  return args;
}

// grad_x = conv2d_backward_input(grad_out, w).
TensorList backward_input(CaseInputs& in, const ConvSpec& spec) {
  const auto [x_shape, y_shape] = shapes(spec);
  const Tensor grad = in.input(y_shape), w = in.input(spec.w);
  const Tensor out = empty(x_shape, TensorOptions().device(in.device()));
  return {call_primitive("conv2d_backward_input", conv_args(spec.params), {grad, w}, out)};
}

// grad_w = conv2d_backward_weight(grad_out, x).
TensorList backward_weight(CaseInputs& in, const ConvSpec& spec) {
  const auto [x_shape, y_shape] = shapes(spec);
  const Tensor grad = in.input(y_shape), x = in.input(x_shape);
  const Tensor out = empty(spec.w, TensorOptions().device(in.device()));
  return {call_primitive("conv2d_backward_weight", conv_args(spec.params), {grad, x}, out)};
}

void add_conv_cases(CaseList& cases) {
  for (const ConvSpec& spec : kSpecs) {
    cases.push_back({"conv2d", spec.name, kNmseGemm, [spec](CaseInputs& in) {
                       return TensorList{
                           conv2d(in.input(spec.x), in.input(spec.w), {}, spec.params)};
                     }});
    cases.push_back({"conv2d_backward_input", spec.name, kNmseGemm,
                     [spec](CaseInputs& in) { return backward_input(in, spec); }});
    cases.push_back({"conv2d_backward_weight", spec.name, kNmseGemm,
                     [spec](CaseInputs& in) { return backward_weight(in, spec); }});
  }
}

const CaseFamily kFamily(add_conv_cases);

}  // namespace
}  // namespace axon::conformance
