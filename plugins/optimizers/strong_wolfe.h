// The line search of torch.optim.LBFGS(line_search_fn="strong_wolfe")
// (PyTorch 1.13, after minFunc / torch7's lswolfe.lua): from the point x, along
// the direction d, find a step length t whose loss f(x + t d) satisfies the
// strong Wolfe conditions
//   f(x + t d) <= f(x) + c1 t g.d        (sufficient decrease)
//   |g(x + t d).d| <= c2 |g.d|           (curvature)
// by first bracketing such a t (extrapolating with cubic interpolation), then
// zooming into the bracket.
#pragma once

#include <axon/tensor.h>

#include <cstdint>
#include <functional>

namespace axon::optimizers {

// The loss and the flattened gradient (n) at one trial point.
struct LinePoint {
  double loss;
  Tensor grad;
};

// Evaluates the objective at x + t d and leaves the parameters at x.
using LineFunction = std::function<LinePoint(double t)>;

struct StrongWolfeOptions {
  double c1 = 1e-4;                // sufficient decrease
  double c2 = 0.9;                 // curvature
  double tolerance_change = 1e-9;  // smallest bracket width, in units of max |d|
  int64_t max_ls = 25;             // most trial points after the first one
};

struct LineSearchResult {
  double loss;    // at the accepted step
  Tensor grad;    // (n), at the accepted step
  double t;       // the accepted step length
  int64_t evals;  // calls of the LineFunction
};

// d, grad: (n); loss, grad and gtd = grad.d are those at x; t is the first
// trial step length.
LineSearchResult strong_wolfe(const LineFunction& evaluate, const Tensor& d, double t, double loss,
                              const Tensor& grad, double gtd,
                              const StrongWolfeOptions& options = {});

}  // namespace axon::optimizers
