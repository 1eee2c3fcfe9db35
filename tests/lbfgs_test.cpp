// torch.optim.LBFGS (PyTorch 1.13) through the registry, on the cpu: a few
// step(closure) calls with line_search_fn "strong_wolfe" and with the fixed
// step, in f64 and f32, compared with PyTorch's numbers: the loss each step
// returned, the parameters after it and how many times it called the closure
// (PyTorch's func_evals). The problems: least squares 0.5 |A p - b|^2 with A
// (6, 4); Rosenbrock from (-1.5, 2); and a linear loss, unbounded below, on
// which the line search runs out of its 25 extrapolations.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <cmath>
#include <string>
#include <vector>

namespace {

using axon::DType;
using axon::Tensor;
using axon::testing_util::error_of;

struct Trajectory {
  std::vector<double> losses;               // what step k returned (the loss at its start)
  std::vector<std::vector<double>> params;  // p after step k
  std::vector<int64_t> evals;               // closure calls of step k
};

// Produced by tests/tools/lbfgs_reference.py (Debian python3-torch 1.13.1,
// reporting 1.13.0a0), pasted as printed:
//   /usr/bin/python3 tests/tools/lbfgs_reference.py
// least_squares: lr=0.1 max_iter=4 line_search_fn=strong_wolfe
const Trajectory kLeastSquaresStrongWolfeF64{
    {14.96484375, 8.4451943068137, 7.108619384851302},
    {{0.674330788309711, -0.42501531777511203, 0.9921089429843503, 0.2565743388654591},
     {0.7092757171594793, -0.17680923160393727, 0.843902024960312, 0.20521007832839583},
     {0.7356609988278122, -0.012502432425477857, 0.7498542465774264, 0.1715582259915568}},
    {5, 5, 5}};
// least_squares: lr=0.1 max_iter=4 line_search_fn=strong_wolfe
const Trajectory kLeastSquaresStrongWolfeF32{
    {14.96484375, 8.445195198059082, 7.10861873626709},
    {{0.6743307709693909, -0.42501530051231384, 0.9921088814735413, 0.2565743327140808},
     {0.7092757225036621, -0.1768091768026352, 0.843902051448822, 0.20521000027656555},
     {0.7356610298156738, -0.01250236015766859, 0.749854326248169, 0.17155824601650238}},
    {5, 5, 5}};
// rosenbrock: lr=1 max_iter=5 history_size=3 line_search_fn=strong_wolfe
const Trajectory kRosenbrockStrongWolfeF64{
    {12.5, 5.851898414902332, 4.833424985249163, 2.4586824116143133},
    {{-1.4190151739012853, 2.015228881713949},
     {-1.1382996644053018, 1.2446282267668267},
     {-0.5680025987904874, 0.3233359078067535},
     {-0.09026694462499765, 0.03233111088726748}},
    {6, 6, 6, 6}};
// rosenbrock: lr=1 max_iter=5 history_size=3 line_search_fn=strong_wolfe
const Trajectory kRosenbrockStrongWolfeF32{
    {12.5, 5.851902008056641},
    {{-1.4190157651901245, 2.015231132507324}, {-1.1383297443389893, 1.2446937561035156}},
    {6, 6}};
// rosenbrock: lr=8 max_iter=5 history_size=3 line_search_fn=strong_wolfe
const Trajectory kRosenbrockStrongWolfeLr8F64{
    {12.5, 5.863203021405209, 4.893915922548752, 2.8893346065575107, 1.564988669965587},
    {{-1.4206712791911438, 2.0242680742589827},
     {-1.1387078108212147, 1.2401006534780226},
     {-0.6417712768391935, 0.367833832276966},
     {-0.20192540537648576, 0.006080355551291093},
     {0.18064058816047515, 0.006685221807648299}},
    {7, 8, 8, 8, 8}};
// rosenbrock: lr=8 max_iter=5 history_size=3 line_search_fn=strong_wolfe
const Trajectory kRosenbrockStrongWolfeLr8F32{
    {12.5}, {{-1.4206712245941162, 2.0242679119110107}}, {7}};
// rosenbrock: lr=500 max_iter=20 line_search_fn=strong_wolfe
const Trajectory kRosenbrockStrongWolfeLr500F64{{12.5, 0.28494107411823993, 0.001950135835627192},
                                                {{1.4760063708472095, 2.154437197414912},
                                                 {1.0175680055903935, 1.031393101832375},
                                                 {1.0017370226091151, 1.0035904255384474}},
                                                {26, 26, 26}};
// rosenbrock: lr=500 max_iter=20 line_search_fn=strong_wolfe
const Trajectory kRosenbrockStrongWolfeLr500F32{
    {12.5}, {{1.4759818315505981, 2.1543593406677246}}, {26}};
// linear: lr=1 max_iter=2 line_search_fn=strong_wolfe
const Trajectory kLinearStrongWolfeF64{
    {1.0}, {{-4.999999999999999e+24, 2.4999999999999997e+24}}, {27}};
// least_squares: lr=1 max_iter=4
const Trajectory kLeastSquaresFixedStepF64{
    {14.96484375, 6.104399398049873, 6.100532382241899},
    {{0.7580055741216246, 0.27680084671911603, 0.5366146140151968, 0.11608158025039197},
     {0.7871800155813167, 0.3015425887915076, 0.5714680109085857, 0.10725028884126009},
     {0.7871800155813167, 0.3015425887915076, 0.5714680109085857, 0.10725028884126009}},
    {4, 4, 1}};
// least_squares: lr=1 max_iter=4
const Trajectory kLeastSquaresFixedStepF32{
    {14.96484375, 6.10439920425415, 6.100532054901123},
    {{0.7580056190490723, 0.27680087089538574, 0.5366146564483643, 0.11608156561851501},
     {0.7871800661087036, 0.301542729139328, 0.5714679956436157, 0.10725027322769165},
     {0.7871800661087036, 0.301542729139328, 0.5714679956436157, 0.10725027322769165}},
    {4, 4, 1}};

// clang-format off
const std::vector<double> kA = {  // (6, 4)
     1.5,  -0.5,   0.25,  2.0,
     0.75,  1.25, -1.0,   0.5,
    -0.25,  0.5,   1.75, -1.5,
     2.0,   0.0,  -0.75,  1.0,
     0.5,  -1.75,  0.5,   0.25,
    -1.0,   0.25,  1.0,   0.75};
// clang-format on
const std::vector<double> kB = {1.0, -2.0, 0.5, 3.0, -1.5, 0.25};  // (6)
const std::vector<double> kC = {0.5, -0.25};                       // (2)

enum class Problem { least_squares, rosenbrock, linear };

std::vector<double> initial_params(Problem problem) {
  switch (problem) {
    case Problem::least_squares:
      return {0.5, -1.0, 1.5, 0.25};
    case Problem::rosenbrock:
      return {-1.5, 2.0};
    case Problem::linear:
      return {1.0, -2.0};
  }
  return {};
}

Tensor constant(const std::vector<double>& values, const axon::Shape& shape, DType dtype) {
  return axon::from_vector(values, shape).to(dtype);
}

// The loss at p, written as the script writes it.
Tensor objective(Problem problem, const Tensor& p) {
  switch (problem) {
    case Problem::least_squares: {
      Tensor residual =
          axon::matmul(constant(kA, {6, 4}, p.dtype()), p) - constant(kB, {6}, p.dtype());  // (6)
      return 0.5 * axon::sum(axon::square(residual));
    }
    case Problem::rosenbrock: {
      Tensor x = p.select(0, 0), y = p.select(0, 1);
      return axon::square(1.0 - x) + 100.0 * axon::square(y - axon::square(x));
    }
    case Problem::linear:
      return axon::sum(axon::mul(constant(kC, {2}, p.dtype()), p));
  }
  return {};
}

// |got - want| <= atol + rtol |want|. atol is for values near 0, such as the
// loss near Rosenbrock's minimum (0.002 after two steps with lr 500).
struct Tol {
  double rtol, atol;
  double at(double want) const { return atol + rtol * std::abs(want); }
};
constexpr Tol kF64{1e-9, 1e-11};
constexpr Tol kF32{1e-4, 1e-6};

// Runs want.losses.size() steps of lbfgs with `options` from the script's
// starting point and compares each with `want`.
void expect_trajectory(Problem problem, const axon::Options& options, DType dtype,
                       const Trajectory& want) {
  Tol tol = dtype == DType::f64 ? kF64 : kF32;
  std::vector<double> init = initial_params(problem);
  Tensor p = constant(init, {static_cast<int64_t>(init.size())}, dtype).requires_grad_();
  axon::OptimizerPtr opt = axon::make_optimizer("lbfgs", axon::TensorList{p}, options);
  int64_t calls = 0;
  axon::Closure closure = [&] {
    ++calls;
    opt->zero_grad();
    Tensor loss = objective(problem, p);
    loss.backward();
    return loss;
  };
  for (size_t k = 0; k < want.losses.size(); ++k) {
    calls = 0;
    double loss = opt->step(closure).item();
    EXPECT_NEAR(loss, want.losses[k], tol.at(want.losses[k])) << "loss returned by step " << k;
    EXPECT_EQ(calls, want.evals[k]) << "closure calls of step " << k;
    std::vector<double> got = p.detach().to(DType::f64).to_vector<double>();
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_NEAR(got[i], want.params[k][i], tol.at(want.params[k][i]))
          << "p[" << i << "] after step " << k;
  }
}

const std::string kStrongWolfe = "strong_wolfe";

const axon::Options kLeastSquaresStrongWolfe{
    {"lr", 0.1}, {"max_iter", int64_t{4}}, {"line_search_fn", kStrongWolfe}};
const axon::Options kRosenbrockStrongWolfe{{"lr", 1.0},
                                           {"max_iter", int64_t{5}},
                                           {"history_size", int64_t{3}},
                                           {"line_search_fn", kStrongWolfe}};
const axon::Options kRosenbrockStrongWolfeLr8{{"lr", 8.0},
                                              {"max_iter", int64_t{5}},
                                              {"history_size", int64_t{3}},
                                              {"line_search_fn", kStrongWolfe}};
const axon::Options kRosenbrockStrongWolfeLr500{
    {"lr", 500.0}, {"max_iter", int64_t{20}}, {"line_search_fn", kStrongWolfe}};
const axon::Options kLinearStrongWolfe{
    {"lr", 1.0}, {"max_iter", int64_t{2}}, {"line_search_fn", kStrongWolfe}};
const axon::Options kLeastSquaresFixedStep{{"lr", 1.0}, {"max_iter", int64_t{4}}};

// One bracketing extrapolation (lr 0.1 is too short a first step), then t = lr
// is accepted; max_eval (5) ends each step.
TEST(LBFGS, StrongWolfeLeastSquaresF64) {
  expect_trajectory(Problem::least_squares, kLeastSquaresStrongWolfe, DType::f64,
                    kLeastSquaresStrongWolfeF64);
}
TEST(LBFGS, StrongWolfeLeastSquaresF32) {
  expect_trajectory(Problem::least_squares, kLeastSquaresStrongWolfe, DType::f32,
                    kLeastSquaresStrongWolfeF32);
}

// Zooms after overshooting; history_size 3 drops old pairs.
TEST(LBFGS, StrongWolfeRosenbrockF64) {
  expect_trajectory(Problem::rosenbrock, kRosenbrockStrongWolfe, DType::f64,
                    kRosenbrockStrongWolfeF64);
}
TEST(LBFGS, StrongWolfeRosenbrockF32) {
  expect_trajectory(Problem::rosenbrock, kRosenbrockStrongWolfe, DType::f32,
                    kRosenbrockStrongWolfeF32);
}

// lr 8 overshoots far: zooms of several trials, a trial near the bracket's
// end, a cubic without a minimizer (the bracket's middle is tried).
TEST(LBFGS, StrongWolfeRosenbrockLr8F64) {
  expect_trajectory(Problem::rosenbrock, kRosenbrockStrongWolfeLr8, DType::f64,
                    kRosenbrockStrongWolfeLr8F64);
}
TEST(LBFGS, StrongWolfeRosenbrockLr8F32) {
  expect_trajectory(Problem::rosenbrock, kRosenbrockStrongWolfeLr8, DType::f32,
                    kRosenbrockStrongWolfeLr8F32);
}

// lr 500: zooms of up to 10 trials; a trial moved a tenth of the bracket
// inside after two near its end; the old low end becoming the high end.
TEST(LBFGS, StrongWolfeRosenbrockLr500F64) {
  expect_trajectory(Problem::rosenbrock, kRosenbrockStrongWolfeLr500, DType::f64,
                    kRosenbrockStrongWolfeLr500F64);
}
TEST(LBFGS, StrongWolfeRosenbrockLr500F32) {
  expect_trajectory(Problem::rosenbrock, kRosenbrockStrongWolfeLr500, DType::f32,
                    kRosenbrockStrongWolfeLr500F32);
}

// The loss falls without end: 1 + 25 trials, t grown 10-fold each time, and
// the last one accepted; 27 closure calls in a step whose max_eval is 2.
// f64 only: in f32 PyTorch computes the cubic interpolation in float32, which
// here decides between branches on a rounding error (see the script).
TEST(LBFGS, StrongWolfeLinearRunsOutOfTrialsF64) {
  expect_trajectory(Problem::linear, kLinearStrongWolfe, DType::f64, kLinearStrongWolfeF64);
}

TEST(LBFGS, FixedStepLeastSquaresF64) {
  expect_trajectory(Problem::least_squares, kLeastSquaresFixedStep, DType::f64,
                    kLeastSquaresFixedStepF64);
}
TEST(LBFGS, FixedStepLeastSquaresF32) {
  expect_trajectory(Problem::least_squares, kLeastSquaresFixedStep, DType::f32,
                    kLeastSquaresFixedStepF32);
}

// The parameters are flattened into one vector: least squares with p split
// into two parameters of 2 takes PyTorch's steps for the single p.
TEST(LBFGS, StrongWolfeSplitParametersF64) {
  Tensor p1 = constant({0.5, -1.0}, {2}, DType::f64).requires_grad_();
  Tensor p2 = constant({1.5, 0.25}, {2}, DType::f64).requires_grad_();
  Tensor a = constant(kA, {6, 4}, DType::f64);
  Tensor b = constant(kB, {6}, DType::f64);
  axon::OptimizerPtr opt =
      axon::make_optimizer("lbfgs", axon::TensorList{p1, p2}, kLeastSquaresStrongWolfe);
  axon::Closure closure = [&] {
    opt->zero_grad();
    Tensor residual = axon::matmul(a, axon::cat({p1, p2})) - b;  // (6)
    Tensor loss = 0.5 * axon::sum(axon::square(residual));
    loss.backward();
    return loss;
  };
  const Trajectory& want = kLeastSquaresStrongWolfeF64;
  for (size_t k = 0; k < want.losses.size(); ++k) {
    opt->step(closure);
    std::vector<double> got = axon::cat({p1, p2}).detach().to_vector<double>();
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_NEAR(got[i], want.params[k][i], kF64.at(want.params[k][i]))
          << "p[" << i << "] after step " << k;
  }
}

TEST(LBFGS, RejectsAnUnknownLineSearch) {
  Tensor p = axon::zeros({2}).requires_grad_();
  std::string message = error_of([&] {
    axon::make_optimizer("lbfgs", axon::TensorList{p},
                         {{"line_search_fn", std::string("backtracking")}});
  });
  EXPECT_NE(message.find("only 'strong_wolfe' is supported"), std::string::npos) << message;
  EXPECT_NE(message.find("'backtracking'"), std::string::npos) << message;
}

TEST(LBFGS, StrongWolfeNeedsAClosure) {
  Tensor p = axon::zeros({2}).requires_grad_();
  auto opt = axon::make_optimizer("lbfgs", axon::TensorList{p}, kLinearStrongWolfe);
  EXPECT_NE(error_of([&] { opt->step(); }).find("needs a closure"), std::string::npos);
}

}  // namespace
