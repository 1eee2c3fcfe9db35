// The cpu backend against hand-computed values (PyTorch's where noted): the
// device, OpenBLAS loading, and every kernel family, called through the ops
// API or directly through the dispatcher with strided, broadcast and aliased
// operands, in f32, f64 and i64 where the contract allows them.
#include <axon/axon.h>
#include <axon/philox.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

using axon::DType;
using axon::KernelArgs;
using axon::Shape;
using axon::Tensor;
using axon::TensorList;

axon::Device& cpu() { return axon::device("cpu"); }

std::vector<double> values(const Tensor& t) { return t.to(DType::f64).to_vector<double>(); }

Tensor tensor(const std::vector<double>& v, const Shape& shape, DType dtype = DType::f32) {
  return axon::from_vector(v, shape).to(dtype);
}

// Runs kernel `op` on cpu with `in` and `out` (any views) and returns out.
Tensor run(const std::string& op, const TensorList& in, const Tensor& out, KernelArgs args = {}) {
  for (const Tensor& t : in) args.in.push_back(t.arg());
  args.out = {out.arg()};
  axon::dispatch::call(op, cpu(), args);
  return out;
}

using axon::testing_util::error_of;

void expect_values(const Tensor& t, const std::vector<double>& want, double tol = 1e-6) {
  std::vector<double> got = values(t);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "at " << i;
    } else if (std::isinf(want[i])) {
      EXPECT_EQ(got[i], want[i]) << "at " << i;
    } else {
      EXPECT_NEAR(got[i], want[i], tol * (1 + std::abs(want[i]))) << "at " << i;
    }
  }
}

const std::vector<double> kX = {-2, -0.5, 0, 1.5};
const DType kFloatTypes[] = {DType::f32, DType::f64};

// ---- device and OpenBLAS -------------------------------------------------

TEST(CpuBackend, DeviceAllocatesAlignedHostMemory) {
  axon::Device& device = cpu();
  EXPECT_EQ(device.type(), "cpu");
  EXPECT_EQ(device.index(), 0);
  EXPECT_TRUE(device.is_host());
  for (size_t bytes : {size_t{0}, size_t{1}, size_t{100}, size_t{1} << 20}) {
    void* ptr = device.allocate(bytes);
    ASSERT_NE(ptr, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(ptr) % 64, 0u) << bytes << " bytes";
    device.deallocate(ptr, bytes);
  }
  EXPECT_THROW(device.allocate(size_t{1} << 60), axon::OutOfMemoryError);
  char src[4] = {1, 2, 3, 4}, dst[4] = {};
  device.copy_from_host(dst, src, 4);
  EXPECT_EQ(dst[3], 4);
  axon::DeviceInfo info = device.info();
  EXPECT_NE(info.name.find("threads"), std::string::npos) << info.name;
  EXPECT_NE(info.details.find("OpenBLAS"), std::string::npos) << info.details;
  EXPECT_GT(info.memory_total, 0u);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(CpuBackend, OpenBlasRunsTheCoreTypeChosenBeforeLoading) {
  const std::string details = cpu().info().details;
  const char* env = std::getenv("OPENBLAS_CORETYPE");
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "no AVX2: OpenBLAS's own choice stands";
  // Set by the backend (or by the user before it loaded), and honoured by OpenBLAS.
  ASSERT_NE(env, nullptr);
  const size_t at = details.find("; core ");
  ASSERT_NE(at, std::string::npos) << details;
  const std::string core = details.substr(at + 7, details.find(';', at + 7) - at - 7);
  EXPECT_EQ(lower(core), lower(env)) << details;
  for (const char* generic : {"prescott", "core2", "nehalem", "atom", "generic"}) {
    EXPECT_NE(lower(core), generic) << details;
  }
}

TEST(CpuBackend, EveryPrimitiveHasACpuKernel) {
  for (std::string_view op : axon::primitive_names()) {
    EXPECT_TRUE(axon::dispatch::has_kernel(op, "cpu")) << op;
    EXPECT_NE(axon::dispatch::kernel_owner(op, "cpu").find("axon_cpu"), std::string::npos) << op;
  }
}

// ---- unary ---------------------------------------------------------------

TEST(CpuBackend, ActivationsMatchPyTorch) {
  for (DType dtype : kFloatTypes) {
    Tensor x = tensor(kX, {4}, dtype);
    expect_values(axon::gelu(x), {-0.045500264, -0.154268769, 0.0, 1.399789198});
    expect_values(axon::gelu(x, true), {-0.045402306, -0.15428599, 0.0, 1.399571577});
    expect_values(axon::softplus(x, 2, 1), {0.009074964, 0.156630844, 0.34657359, 1.5});
    expect_values(axon::elu(x, 0.5), {-0.432332358, -0.19673467, 0.0, 1.5});
    expect_values(axon::leaky_relu(x, 0.1), {-0.2, -0.05, 0.0, 1.5});
    expect_values(axon::silu(x), {-0.238405844, -0.188770334, 0.0, 1.226361714});
    expect_values(axon::sigmoid(x), {0.119202922, 0.377540669, 0.5, 0.817574476});
    expect_values(axon::tanh(x), {-0.96402758, -0.462117157, 0.0, 0.905148254});
    expect_values(axon::relu(x), {0, 0, 0, 1.5});
  }
}

TEST(CpuBackend, UnaryMathIsStableAtTheExtremes) {
  Tensor x = tensor({-1000, -100, 0, 100, 1000}, {5});
  expect_values(axon::sigmoid(x), {0, 0, 0.5, 1, 1});
  expect_values(axon::softplus(x), {0, 0, std::log(2.0), 100, 1000});
  expect_values(axon::sign(tensor({-3, -0.0, 0, 2}, {4})), {-1, 0, 0, 1});
  expect_values(axon::rsqrt(tensor({4, 0.25}, {2})), {0.5, 2});
  expect_values(axon::log1p(tensor({1e-10}, {1}, DType::f64)), {1e-10}, 1e-12);
  expect_values(axon::relu(tensor({std::nan("")}, {1})), {std::nan("")});
}

TEST(CpuBackend, IntegerUnaryOps) {
  Tensor x = tensor({-3, 0, 5}, {3}, DType::i64);
  Tensor out = axon::empty({3}, DType::i64);
  EXPECT_EQ(run("neg", {x}, out).to_vector<int64_t>(), (std::vector<int64_t>{3, 0, -5}));
  EXPECT_EQ(run("abs", {x}, out).to_vector<int64_t>(), (std::vector<int64_t>{3, 0, 5}));
  EXPECT_EQ(run("sign", {x}, out).to_vector<int64_t>(), (std::vector<int64_t>{-1, 0, 1}));
}

TEST(CpuBackend, UnsupportedDtypeNamesOpAndDtype) {
  Tensor x = tensor({1, 2}, {2}, DType::i64);
  const std::string message = error_of([&] { run("exp", {x}, axon::empty({2}, DType::i64)); });
  EXPECT_NE(message.find("exp"), std::string::npos) << message;
  EXPECT_NE(message.find("i64"), std::string::npos) << message;
  EXPECT_NE(error_of([&] {
              run("div", {x, x}, axon::empty({2}, DType::i64));
            }).find("div"),
            std::string::npos);
}

TEST(CpuBackend, UnaryOnTransposedInputAndStridedOutput) {
  // x: (3, 2) view of a row-major (2, 3); out: every other column of a (3, 4)
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3}, DType::f64).t();
  Tensor big = axon::full({3, 4}, -1, DType::f64);
  run("square", {x}, big.narrow(1, 1, 2));
  expect_values(big, {-1, 1, 16, -1, -1, 4, 25, -1, -1, 9, 36, -1});
}

// ---- unary backward ------------------------------------------------------

TEST(CpuBackend, ActivationDerivativesMatchPyTorch) {
  struct Case {
    const char* op;
    KernelArgs args;
    std::vector<double> grad;  // d/dx at kX, from PyTorch's autograd
  };
  auto with = [](double alpha, double beta, bool flag) {
    KernelArgs a;
    a.alpha = alpha, a.beta = beta, a.flag = flag;
    return a;
  };
  const std::vector<Case> cases = {
      {"relu_backward", {}, {0, 0, 0, 1}},
      {"leaky_relu_backward", with(0.1, 0, false), {0.1, 0.1, 0.1, 1}},
      {"elu_backward", with(0.5, 0, false), {0.067667642, 0.30326533, 0.5, 1.0}},
      {"gelu_backward", {}, {-0.085231801, 0.132504875, 0.5, 1.127469192}},
      {"gelu_backward", with(0, 0, true), {-0.086099257, 0.132630096, 0.5, 1.127710793}},
      {"softplus_backward", with(2, 1, false), {0.01798621, 0.268941421, 0.5, 1.0}},
      {"silu_backward", {}, {-0.090784249, 0.260038813, 0.5, 1.041294154}},
  };
  for (DType dtype : kFloatTypes) {
    Tensor x = tensor(kX, {4}, dtype);
    Tensor g = axon::full({4}, 2.0, dtype);
    for (const Case& c : cases) {
      SCOPED_TRACE(c.op);
      std::vector<double> twice;
      for (double d : c.grad) twice.push_back(2 * d);
      expect_values(run(c.op, {g, x}, axon::empty({4}, dtype), c.args), twice);
    }
    // From the output y: sigmoid' = y (1 - y), tanh' = 1 - y^2.
    Tensor y = tensor({0.5, 0.25}, {2}, dtype);
    Tensor ones = axon::ones({2}, dtype);
    expect_values(run("sigmoid_backward", {ones, y}, axon::empty({2}, dtype)), {0.25, 0.1875});
    expect_values(run("tanh_backward", {ones, y}, axon::empty({2}, dtype)), {0.75, 0.9375});
  }
}

// ---- binary, scalar, comparisons, where, clamp ---------------------------

TEST(CpuBackend, BinaryBroadcastsStridedInputs) {
  for (DType dtype : {DType::f32, DType::f64, DType::i64}) {
    // a: (3, 2) transposed view; b: a row broadcast with stride 0
    Tensor a = tensor({1, 2, 3, 4, 5, 6}, {2, 3}, dtype).t();
    Tensor b = tensor({10, 20}, {2}, dtype);
    expect_values(axon::add(a, b), {11, 24, 12, 25, 13, 26});
    expect_values(axon::mul(a, b), {10, 80, 20, 100, 30, 120});
    expect_values(axon::maximum(a, tensor({2, 5}, {2}, dtype)), {2, 5, 2, 5, 3, 6});
    expect_values(axon::sub(b, a), {9, 16, 8, 15, 7, 14});
  }
  expect_values(axon::pow(tensor({4, 9, 2}, {3}), tensor({0.5, 0.5, -1}, {3})), {2, 3, 0.5});
  expect_values(axon::div(tensor({1, 1}, {2}, DType::f64), tensor({4, 0}, {2}, DType::f64)),
                {0.25, std::numeric_limits<double>::infinity()});
  const double nan = std::nan("");
  expect_values(axon::maximum(tensor({1, nan}, {2}), tensor({nan, 1}, {2})), {nan, nan});
}

TEST(CpuBackend, LargeBroadcastRunsInParallelChunks) {
  // 300 x 400 = 120000 elements: above the threading threshold, bias-add layout
  Tensor x = axon::arange(0, 120000, 1, DType::f32).reshape({300, 400});
  Tensor bias = axon::arange(0, 400, 1, DType::f32);
  std::vector<double> got = values(axon::add(x, bias));
  for (int64_t i : {0, 399, 400, 77777, 119999}) EXPECT_EQ(got[i], i + i % 400) << i;
  // x^T (400, 300) is strided; times a (1, 300) row: out[r][c] = (400 c + r) c
  Tensor row = axon::arange(0, 300, 1, DType::f64).reshape({1, 300});
  std::vector<double> scaled = values(axon::mul(x.to(DType::f64).t(), row));
  for (int64_t r : {0, 5, 399}) {
    for (int64_t c : {0, 7, 299}) EXPECT_EQ(scaled[r * 300 + c], (400.0 * c + r) * c);
  }
}

TEST(CpuBackend, ScalarOpsAndReversedOperands) {
  Tensor x = tensor({1, 2, 4}, {3});
  expect_values(axon::sub(10.0, x), {9, 8, 6});
  expect_values(axon::div(8.0, x), {8, 4, 2});
  expect_values(axon::pow(x, 2.5), {1, std::pow(2, 2.5), 32});
  expect_values(axon::pow(2.0, x), {2, 4, 16});
  expect_values(axon::maximum(x, 2.0), {2, 2, 4});
  Tensor i = tensor({1, -2, 3}, {3}, DType::i64);
  expect_values(axon::add(i, 2.0), {3, 0, 5});
  KernelArgs reversed;
  reversed.alpha = 1.0, reversed.flag = true;
  expect_values(run("sub_scalar", {i}, axon::empty({3}, DType::i64), reversed), {0, 3, -2});
}

TEST(CpuBackend, ComparisonsGiveBool) {
  Tensor a = tensor({1, 2, 3}, {3}, DType::i64);
  Tensor out = axon::empty({3}, DType::boolean);
  EXPECT_EQ(values(run("lt", {a, tensor({2, 2, 2}, {3}, DType::i64)}, out)),
            (std::vector<double>{1, 0, 0}));
  KernelArgs s;
  s.alpha = 1.5;  // an integer tensor against 1.5 compares as PyTorch's promotion does
  EXPECT_EQ(values(run("gt_scalar", {a}, out, s)), (std::vector<double>{0, 1, 1}));
  EXPECT_EQ(values(run("eq_scalar", {a}, out, s)), (std::vector<double>{0, 0, 0}));
  s.alpha = 2, s.flag = true;  // 2 >= a
  EXPECT_EQ(values(run("ge_scalar", {a}, out, s)), (std::vector<double>{1, 1, 0}));
  Tensor mask = tensor({1, 0, 1}, {3}, DType::boolean);
  EXPECT_EQ(values(axon::eq(mask, tensor({1, 1, 1}, {3}, DType::boolean))),
            (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(values(axon::ne(tensor({0.5, 1}, {2}), 0.5)), (std::vector<double>{0, 1}));
}

TEST(CpuBackend, WhereAndClamp) {
  Tensor c = tensor({1, 0, 1, 0}, {2, 2}, DType::boolean);
  Tensor a = tensor({1, 2}, {2}, DType::f64).expand({2, 2});
  Tensor b = tensor({-1, -2, -3, -4}, {2, 2}, DType::f64);
  expect_values(axon::where(c, a, b), {1, -2, 1, -4});
  const double nan = std::nan("");
  Tensor x = tensor({-5, 0.5, 5, nan}, {4});
  expect_values(axon::clamp(x, 0.0, 1.0), {0, 0.5, 1, nan});
  expect_values(axon::clamp(x, 0.0, std::nullopt), {0, 0.5, 5, nan});
  expect_values(axon::clamp(x, std::nullopt, 1.0), {-5, 0.5, 1, nan});
  expect_values(axon::clamp(tensor({-5, 7}, {2}, DType::i64), -1.0, 3.0), {-1, 3});
}

TEST(CpuBackend, CopyCastsBetweenAllDtypes) {
  Tensor x = tensor({-1.5, 300.7, 0, 2}, {4});
  EXPECT_EQ(values(x.to(DType::u8)), (std::vector<double>{255, 44, 0, 2}));  // as PyTorch on x86
  EXPECT_EQ(values(x.to(DType::boolean)), (std::vector<double>{1, 1, 0, 1}));
  EXPECT_EQ(values(x.to(DType::i64)), (std::vector<double>{-1, 300, 0, 2}));
  Tensor mask = tensor({1, 0}, {2}, DType::boolean);
  for (DType to : {DType::f32, DType::f64, DType::i64, DType::u8}) {
    EXPECT_EQ(values(mask.to(to)), (std::vector<double>{1, 0}));
  }
  // Strided to strided: a transposed f64 into every other column of an i64.
  Tensor big = axon::zeros({2, 4}, DType::i64);
  run("copy", {tensor({1, 2, 3, 4}, {2, 2}, DType::f64).t()}, big.view({2, 2, 2}).select(2, 0));
  EXPECT_EQ(values(big), (std::vector<double>{1, 0, 3, 0, 2, 0, 4, 0}));
  big.fill_(9);
  EXPECT_EQ(values(big), std::vector<double>(8, 9));
}

// ---- reductions ------------------------------------------------------------

TEST(CpuBackend, ReductionsOverAnyDims) {
  for (DType dtype : kFloatTypes) {
    Tensor x = axon::arange(0, 24, 1, dtype).reshape({2, 3, 4});
    expect_values(axon::sum(x, {1}), {12, 15, 18, 21, 48, 51, 54, 57});
    expect_values(axon::sum(x, {0, 2}), {60, 92, 124});
    expect_values(axon::mean(x, {0, 2}), {7.5, 11.5, 15.5});
    expect_values(axon::amax(x, {0, 1}), {20, 21, 22, 23});
    expect_values(axon::amin(x.transpose(0, 2), {1, 2}), {0, 1, 2, 3});
    expect_values(axon::sum(x), {276});
  }
  Tensor i = tensor({3, -7, 5, 2}, {2, 2}, DType::i64);
  EXPECT_EQ(axon::sum(i, {0}).to_vector<int64_t>(), (std::vector<int64_t>{8, -5}));
  EXPECT_EQ(axon::amax(i, {1}).to_vector<int64_t>(), (std::vector<int64_t>{3, 5}));
  expect_values(axon::amax(tensor({1, std::nan(""), 3}, {3})), {std::nan("")});
}

TEST(CpuBackend, SumsAccumulateInDouble) {
  // In f32 arithmetic 1e8 + 1 - 1e8 is 0.
  expect_values(axon::sum(tensor({1e8, 1, -1e8}, {3})), {1});
  // Large reductions: a whole tensor (chunks in parallel) and over the batch dim.
  EXPECT_EQ(axon::sum(axon::ones({1 << 20})).item(), double(1 << 20));
  std::vector<double> columns = values(axon::sum(axon::full({4096, 300}, 0.5), {0}));
  EXPECT_EQ(columns, std::vector<double>(300, 2048));
}

TEST(CpuBackend, ArgReductionsTakeTheFirstTie) {
  Tensor x = tensor({1, 3, 3, 0, 0, 2}, {2, 3});
  EXPECT_EQ(axon::argmax(x, 1).to_vector<int64_t>(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(axon::argmin(x, 1).to_vector<int64_t>(), (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(axon::argmax(x, 0).to_vector<int64_t>(), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(axon::argmax(tensor({1, std::nan(""), 5}, {3}), 0).item<int64_t>(), 1);
  EXPECT_EQ(axon::argmin(tensor({4, -2, -2}, {3}, DType::i64), 0).item<int64_t>(), 1);
}

// ---- softmax -------------------------------------------------------------

TEST(CpuBackend, SoftmaxIsStableAlongAnyDim) {
  const double third = std::log(1.0 / 3);
  for (DType dtype : kFloatTypes) {
    Tensor x = tensor({1, 2, 3, 1000, 1000, 1000}, {2, 3}, dtype);
    expect_values(axon::softmax(x, 1),
                  {0.090030573, 0.244728471, 0.665240956, 1 / 3.0, 1 / 3.0, 1 / 3.0});
    expect_values(axon::log_softmax(x, 1),
                  {-2.407605964, -1.407605964, -0.407605964, third, third, third});
    // Along dim 0 the lines are strided.
    expect_values(axon::softmax(x.t(), 0),
                  {0.090030573, 1 / 3.0, 0.244728471, 1 / 3.0, 0.665240956, 1 / 3.0});
  }
}

TEST(CpuBackend, SoftmaxBackward) {
  // y = softmax([1, 2, 3]), g = [1, 0, 0]: grad = y (g - y0); for log_softmax
  // with y = log p: grad = g - p sum(g).
  const std::vector<double> p = {0.090030573, 0.244728471, 0.665240956};
  Tensor g = tensor({1, 0, 0}, {1, 3}, DType::f64);
  KernelArgs args;
  args.dim = 1;
  Tensor y = tensor(p, {1, 3}, DType::f64);
  expect_values(run("softmax_backward", {g, y}, axon::empty({1, 3}, DType::f64), args),
                {p[0] * (1 - p[0]), -p[1] * p[0], -p[2] * p[0]});
  Tensor log_y = axon::log(y);
  expect_values(run("log_softmax_backward", {g, log_y}, axon::empty({1, 3}, DType::f64), args),
                {1 - p[0], -p[1], -p[2]});
}

// ---- matmul --------------------------------------------------------------

TEST(CpuBackend, MatmulWithTransposesAlphaBeta) {
  for (DType dtype : kFloatTypes) {
    Tensor a = tensor({1, 2, 3, 4, 5, 6}, {2, 3}, dtype);
    Tensor b = tensor({1, 0, 0, 1, 1, 1}, {3, 2}, dtype);
    expect_values(axon::matmul(a, b), {4, 5, 10, 11});
    // out = 2 a a^T + 0.5 out, a^T given as trans_b of the stored a
    KernelArgs args;
    args.alpha = 2, args.beta = 0.5, args.trans_b = true;
    Tensor out = tensor({2, 2, 2, 2}, {1, 2, 2}, dtype);
    expect_values(run("matmul", {a.unsqueeze(0), a.unsqueeze(0)}, out, args), {29, 65, 65, 155});
    // a^T b^T = (b a)^T via trans_a, trans_b; batch of 2 with b broadcast (batch stride 0)
    args = KernelArgs();
    args.alpha = 1, args.trans_a = true, args.trans_b = true;
    Tensor a2 = tensor({1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 1}, {2, 3, 2}, dtype);  // (B, K, M)
    Tensor b2 = tensor({1, 0, 1, 0, 1, 1}, {1, 2, 3}, dtype).expand({2, 2, 3});  // (B, N, K)
    expect_values(run("matmul", {a2, b2}, axon::empty({2, 2, 2}, dtype), args),
                  {6, 8, 8, 10, 0, 0, 1, 1});
  }
}

TEST(CpuBackend, MatmulWithEmptyInnerDimScalesByBeta) {
  KernelArgs args;
  args.alpha = 1, args.beta = 0;
  Tensor a = axon::empty({1, 2, 0}), b = axon::empty({1, 0, 2});
  Tensor out = tensor({std::nan(""), 1, 2, 3}, {1, 2, 2});
  expect_values(run("matmul", {a, b}, out, args), {0, 0, 0, 0});
  args.beta = 2;
  out = tensor({1, 2, 3, 4}, {1, 2, 2});
  expect_values(run("matmul", {a, b}, out, args), {2, 4, 6, 8});
  expect_values(axon::matmul(axon::empty({0, 3}), axon::empty({3, 2})), {});
}

TEST(CpuBackend, LargeSgemmMatchesNaiveProduct) {
  Tensor a = axon::rand({130, 70}), b = axon::rand({70, 90});
  std::vector<float> av = a.to_vector<float>(), bv = b.to_vector<float>();
  std::vector<float> got = axon::matmul(a, b).to_vector<float>();
  for (int i : {0, 64, 129}) {
    for (int j : {0, 45, 89}) {
      double want = 0;
      for (int k = 0; k < 70; ++k) want += double(av[i * 70 + k]) * bv[k * 90 + j];
      EXPECT_NEAR(got[i * 90 + j], want, 1e-4) << i << ", " << j;
    }
  }
}

// ---- index ops -------------------------------------------------------------

// A window of -inf only: its first tap inside the input, stepping out of the
// padding by the dilation (torch.nn.functional.max_pool2d(torch.full((1, 1, 4,
// 4), -inf), 2, stride=1, padding=1, dilation=3, return_indices=True)).
TEST(CpuBackend, MaxPoolOfOnlyMinusInfinityPointsInsideTheInput) {
  Tensor x = axon::full({1, 1, 4, 4}, -std::numeric_limits<double>::infinity());
  auto [y, indices] = axon::max_pool2d_with_indices(
      x, {.kernel = {2, 2}, .stride = {1, 1}, .padding = {1, 1}, .dilation = {3, 3}});
  EXPECT_EQ(indices.to_vector<int64_t>(), (std::vector<int64_t>{10, 8, 9, 2, 0, 1, 6, 4, 5}));
}

TEST(CpuBackend, GatherAndScatterAddAlongADim) {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor index = tensor({2, 0, 1, 1}, {2, 2}, DType::i64);
  expect_values(axon::gather(x, 1, index), {3, 1, 5, 5});
  // Repeated indices accumulate.
  Tensor src = tensor({1, 2, 3, 4}, {2, 2});
  expect_values(
      axon::scatter_add(axon::zeros({2, 3}), 1, tensor({0, 0, 2, 2}, {2, 2}, DType::i64), src),
      {3, 0, 0, 0, 0, 7});
  expect_values(
      axon::scatter_add(axon::zeros({3}, DType::i64), 0, axon::zeros({100000}, DType::i64),
                        axon::ones({100000}, DType::i64)),
      {100000, 0, 0});
}

TEST(CpuBackend, IndexSelectAndIndexAdd) {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3}, DType::f64);
  Tensor rows = tensor({1, 1, 0}, {3}, DType::i64);
  expect_values(axon::index_select(x, 0, rows), {4, 5, 6, 4, 5, 6, 1, 2, 3});
  expect_values(axon::index_select(x, 1, tensor({2, 0}, {2}, DType::i64)), {3, 1, 6, 4});
  Tensor src = axon::ones({3, 3}, DType::f64);
  expect_values(axon::index_add(axon::zeros({2, 3}, DType::f64), 0, rows, src, 2.0),
                {2, 2, 2, 4, 4, 4});
}

TEST(CpuBackend, IndexOutOfRangeIsAnError) {
  Tensor x = axon::zeros({2, 3});
  EXPECT_NE(error_of([&] {
              axon::gather(x, 1, tensor({7, 0}, {2, 1}, DType::i64));
            })
                .find("gather: index 7 is out of range for dimension 1 with size 3 (expected 0 <= "
                      "index < 3)"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              axon::index_select(x, 0, tensor({-1}, {1}, DType::i64));
            }).find("index_select: index -1 is out of range for dimension 0 with size 2"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              axon::scatter_add(x, 0, tensor({2}, {1, 1}, DType::i64), axon::ones({1, 1}));
            }).find("scatter_add: index 2 is out of range"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              axon::index_add(x, 1, tensor({3}, {1}, DType::i64), axon::ones({2, 1}));
            }).find("index_add: index 3 is out of range"),
            std::string::npos);
}

// ---- random --------------------------------------------------------------

TEST(CpuBackend, RandomFollowsThePhiloxStream) {
  KernelArgs args;
  args.seed = 1234, args.counter = 7;
  for (const char* op : {"uniform", "normal", "bernoulli"}) {
    args.alpha = std::string(op) == "bernoulli" ? 0.3 : -1.0;
    args.beta = 2.0;
    std::vector<double> got = values(run(op, {}, axon::empty({11}, DType::f64), args));
    for (int64_t i = 0; i < 11; ++i) {
      double want = std::string(op) == "uniform"  ? axon::philox::uniform_at(1234, 7, i, -1, 2)
                    : std::string(op) == "normal" ? axon::philox::normal_at(1234, 7, i, -1, 2)
                                                  : axon::philox::bernoulli_at(1234, 7, i, 0.3);
      EXPECT_EQ(got[i], want) << op << " " << i;
    }
  }
  // f32 and a large (parallel) draw give the same stream.
  std::vector<double> big = values(run("uniform", {}, axon::empty({100000}), args));
  EXPECT_FLOAT_EQ(big[99999], axon::philox::uniform_at(1234, 7, 99999, 0.3, 2));
}

}  // namespace
