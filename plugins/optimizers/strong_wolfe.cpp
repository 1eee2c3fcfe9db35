// PyTorch 1.13's _strong_wolfe and _cubic_interpolate (torch/optim/lbfgs.py),
// decision for decision, so that L-BFGS takes the same steps. Scalars are
// doubles; a trial point's gradient is a flat (n) tensor. (For f32 parameters
// PyTorch computes part of this arithmetic in float32, as its slopes g.d are
// float32 tensors; decisions that hinge on the last bits can then differ.)
#include "strong_wolfe.h"

#include <axon/ops.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace axon::optimizers {
namespace {

// A trial step length t with the loss f, the gradient g (n) and the slope
// gtd = g.d there.
struct Trial {
  double t = 0.0, f = 0.0;
  Tensor g;
  double gtd = 0.0;
};

double dot(const Tensor& a, const Tensor& b) { return sum(mul(a, b)).item(); }

// The minimizer of the cubic through a and b (values and slopes), clamped to
// [lo, hi]; the middle of [lo, hi] when the cubic has none. PyTorch writes the
// formula from the point with the larger t, so the same is done here.
double cubic_interpolate(const Trial& a, const Trial& b, double lo, double hi) {
  double d1 = a.gtd + b.gtd - 3 * (a.f - b.f) / (a.t - b.t);
  double d2_square = d1 * d1 - a.gtd * b.gtd;
  if (!(d2_square >= 0)) return (lo + hi) / 2.0;  // NaN included, as in PyTorch
  double d2 = std::sqrt(d2_square);
  const Trial& near = a.t <= b.t ? a : b;
  const Trial& far = a.t <= b.t ? b : a;
  double min_pos = far.t - (far.t - near.t) * ((far.gtd + d2 - d1) / (far.gtd - near.gtd + 2 * d2));
  return std::min(std::max(min_pos, lo), hi);
}

class StrongWolfe {
 public:
  StrongWolfe(const LineFunction& evaluate, const Tensor& d, Trial start,
              const StrongWolfeOptions& options)
      : evaluate_(evaluate),
        d_(d),
        d_norm_(max(abs(d)).item()),
        start_(std::move(start)),
        o_(options) {}

  LineSearchResult run(double t) {
    if (!find_bracket(t)) zoom();
    const Trial& best = bracket_[low_];
    return {best.f, best.g, best.t, evals_};
  }

 private:
  Trial trial(double t) {
    LinePoint point = evaluate_(t);
    ++evals_;
    return {t, point.loss, point.grad, dot(point.grad, d_)};
  }

  // Written as PyTorch's comparisons, which differ from their negations for NaN.
  bool not_sufficient_decrease(const Trial& p) const {
    return p.f > start_.f + o_.c1 * p.t * start_.gtd;
  }
  bool curvature_holds(const Trial& p) const { return std::abs(p.gtd) <= -o_.c2 * start_.gtd; }

  void set_bracket(Trial a, Trial b) {
    bracket_ = {std::move(a), std::move(b)};
    order_bracket();
  }
  void order_bracket() {
    low_ = bracket_[0].f <= bracket_[1].f ? 0 : 1;
    high_ = 1 - low_;
  }

  // Grows t (to at most 10 times, by cubic extrapolation) until a trial point
  // meets both conditions (returns true; the bracket is that point twice) or
  // the last two trials bracket one. After max_ls trials without either, the
  // bracket is [start, last trial] and zoom() does nothing.
  bool find_bracket(double t) {
    Trial prev = start_;
    Trial cur = trial(t);
    for (; ls_iter_ < o_.max_ls; ++ls_iter_) {
      // PyTorch (after lswolfe.lua) compares with the previous loss only from
      // the third trial point on.
      if (not_sufficient_decrease(cur) || (ls_iter_ > 1 && cur.f >= prev.f)) {
        set_bracket(std::move(prev), std::move(cur));
        return false;
      }
      if (curvature_holds(cur)) {
        set_bracket(cur, cur);
        return true;
      }
      if (cur.gtd >= 0) {
        set_bracket(std::move(prev), std::move(cur));
        return false;
      }
      double min_step = cur.t + 0.01 * (cur.t - prev.t);
      double max_step = cur.t * 10;
      double next = cubic_interpolate(prev, cur, min_step, max_step);
      prev = std::move(cur);
      cur = trial(next);
    }
    set_bracket(start_, std::move(cur));
    return false;
  }

  // Shrinks the bracket around a point that meets both conditions, keeping
  // bracket_[low_] the lowest loss seen that decreases enough.
  void zoom() {
    bool done = false;
    while (!done && ls_iter_ < o_.max_ls) {
      if (std::abs(bracket_[1].t - bracket_[0].t) * d_norm_ < o_.tolerance_change) break;
      Trial cur = trial(next_in_bracket());
      ++ls_iter_;
      if (not_sufficient_decrease(cur) || cur.f >= bracket_[low_].f) {
        bracket_[high_] = std::move(cur);
        order_bracket();
        continue;
      }
      if (curvature_holds(cur)) {
        done = true;
      } else if (cur.gtd * (bracket_[high_].t - bracket_[low_].t) >= 0) {
        bracket_[high_] = bracket_[low_];  // the slope says the minimum lies on the low side
      }
      bracket_[low_] = std::move(cur);
    }
  }

  // The cubic's minimizer in the bracket, kept a tenth of the bracket's width
  // inside when it falls at or beyond an end, or near an end twice in a row.
  double next_in_bracket() {
    const Trial& a = bracket_[0];
    const Trial& b = bracket_[1];
    double lo = std::min(a.t, b.t), hi = std::max(a.t, b.t);
    double t = cubic_interpolate(a, b, lo, hi);
    double eps = 0.1 * (hi - lo);
    if (std::min(hi - t, t - lo) < eps) {
      if (insufficient_progress_ || t >= hi || t <= lo) {
        t = std::abs(t - hi) < std::abs(t - lo) ? hi - eps : lo + eps;
        insufficient_progress_ = false;
      } else {
        insufficient_progress_ = true;
      }
    } else {
      insufficient_progress_ = false;
    }
    return t;
  }

  const LineFunction& evaluate_;
  const Tensor& d_;  // (n)
  double d_norm_;    // max |d|
  Trial start_;      // t = 0
  StrongWolfeOptions o_;
  std::array<Trial, 2> bracket_;
  int low_ = 0, high_ = 1;
  int64_t ls_iter_ = 0, evals_ = 0;
  bool insufficient_progress_ = false;
};

}  // namespace

LineSearchResult strong_wolfe(const LineFunction& evaluate, const Tensor& d, double t, double loss,
                              const Tensor& grad, double gtd, const StrongWolfeOptions& options) {
  return StrongWolfe(evaluate, d, {0.0, loss, grad, gtd}, options).run(t);
}

}  // namespace axon::optimizers
