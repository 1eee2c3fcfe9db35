// L-BFGS as torch.optim.LBFGS (PyTorch 1.13). step(closure) runs up to
// max_iter iterations on the parameters flattened into one vector x (n = total
// numel):
//   d = -H g, with H the two-loop product of the last history_size pairs
//       (s = t d, y = g - g_prev, kept when y.s > 1e-10), scaled by y.s / y.y
//   t = min(1, 1 / |g|_1) lr on the very first iteration, lr afterwards
//   line_search_fn None: x += t d, then the closure re-evaluates loss and g
//       (not on the last iteration)
//   line_search_fn "strong_wolfe": t is the start of the line search of
//       strong_wolfe.h, which evaluates the closure at trial points x + t d;
//       x moves to the point it accepts, whose loss and g it already has
// and stops early on PyTorch's tolerances. The history lives across steps.
// Like PyTorch, one parameter group only; step() without a closure is an error.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <string>

#include "describe_groups.h"
#include "strong_wolfe.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::optimizers::LinePoint;

// line_search_fn: "strong_wolfe" (true) or None (false); PyTorch rejects any
// other name.
bool uses_strong_wolfe(const axon::Options& o) {
  if (!o.is_set("line_search_fn")) return false;
  std::string name = o.get<std::string>("line_search_fn");
  AXON_CHECK(name == "strong_wolfe",
             "lbfgs: only 'strong_wolfe' is supported as line_search_fn (or None for a fixed "
             "step), got '{}'",
             name);
  return true;
}

struct Hyper {
  double lr;
  int64_t max_iter, max_eval;
  double tolerance_grad, tolerance_change;
  size_t history_size;
  bool strong_wolfe;  // line_search_fn: "strong_wolfe" or None (a fixed step)

  explicit Hyper(const axon::Options& o)
      : lr(o.get<double>("lr")),
        max_iter(o.get<int64_t>("max_iter")),
        max_eval(o.get<std::optional<int64_t>>("max_eval").value_or(max_iter * 5 / 4)),
        tolerance_grad(o.get<double>("tolerance_grad")),
        tolerance_change(o.get<double>("tolerance_change")),
        history_size(static_cast<size_t>(o.get<int64_t>("history_size"))),
        strong_wolfe(uses_strong_wolfe(o)) {}
};

// a, b, v: (n), the flattened parameters' shape.
double dot(const Tensor& a, const Tensor& b) { return axon::sum(axon::mul(a, b)).item(); }
double max_abs(const Tensor& v) { return axon::max(axon::abs(v)).item(); }

class LBFGS : public axon::Optimizer {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 1.0,
         "learning rate (the fixed step, or the line search's first trial step)"},
        {"max_iter", OptionType::integer, int64_t{20}, "maximal number of iterations per step"},
        {"max_eval", OptionType::integer, std::monostate{},
         "maximal number of function evaluations per step (None: max_iter * 5 / 4)"},
        {"tolerance_grad", OptionType::number, 1e-7,
         "termination tolerance on first order optimality"},
        {"tolerance_change", OptionType::number, 1e-9,
         "termination tolerance on function value/parameter changes"},
        {"history_size", OptionType::integer, int64_t{100}, "update history size"},
        {"line_search_fn", OptionType::string, std::monostate{},
         "line search: 'strong_wolfe', or None for a fixed step of lr"},
    };
  }

  explicit LBFGS(std::vector<axon::ParamGroup> groups) : Optimizer(std::move(groups)) {
    AXON_CHECK(param_groups().size() == 1,
               "lbfgs: LBFGS doesn't support per-parameter options (parameter groups), got {} "
               "groups",
               param_groups().size());
    const axon::Options& o = param_groups()[0].options;
    uses_strong_wolfe(o);  // an unknown line search fails here, not at the first step
    // The registry gives every optimizer the l1 option; L-BFGS minimizes the
    // closure's loss as it is, so a penalty belongs in the closure.
    AXON_CHECK(o.get<double>("l1") == 0.0,
               "lbfgs: the l1 option is not supported (add the penalty to the closure's loss)");
  }

  void step() override {
    AXON_CHECK(false,
               "lbfgs: step() needs a closure that re-evaluates the loss (zero_grad, forward, "
               "backward); call step(closure)");
  }

  // The closure re-evaluates the loss with gradients even when step() is
  // called under NoGradGuard (PyTorch's torch.enable_grad() around it).
  static Tensor evaluate(const axon::Closure& closure) {
    axon::EnableGradGuard enable_grad;
    return closure();
  }

  Tensor step(const axon::Closure& closure) override {
    Hyper h(param_groups()[0].options);
    Tensor orig_loss = evaluate(closure);
    LinePoint at{orig_loss.item(), gather_flat_grad()};  // loss and flat gradient (n) at x
    int64_t current_evals = 1;
    if (max_abs(at.grad) <= h.tolerance_grad) return orig_loss;

    for (int64_t n_iter = 1; n_iter <= h.max_iter; ++n_iter) {
      ++total_iter_;
      d_ = direction(at.grad, h.history_size);
      prev_flat_grad_ = at.grad;
      double prev_loss = at.loss;
      t_ = total_iter_ == 1 ? std::min(1.0, 1.0 / axon::sum(axon::abs(at.grad)).item()) * h.lr
                            : h.lr;
      double gtd = dot(at.grad, d_);
      if (gtd > -h.tolerance_change) break;  // not a descent direction

      bool last = n_iter == h.max_iter;
      current_evals +=
          h.strong_wolfe ? line_search_step(closure, gtd, at) : fixed_step(closure, last, at);
      // As in PyTorch, max_eval does not bound the line search, which may make
      // 1 + max_ls = 26 evaluations before the check below.
      if (last || current_evals >= h.max_eval) break;
      if (max_abs(at.grad) <= h.tolerance_grad) break;
      if (max_abs(axon::mul(d_, t_)) <= h.tolerance_change) break;
      if (std::abs(at.loss - prev_loss) < h.tolerance_change) break;
    }
    return orig_loss;
  }

  std::string describe() const override {
    return axon::optimizers::describe_groups("LBFGS", param_groups());
  }

 private:
  // The gradients of all parameters, flattened and concatenated: (n); zeros
  // for a parameter without one.
  Tensor gather_flat_grad() const {
    axon::TensorList views;
    for (const Tensor& p : param_groups()[0].params) {
      Tensor grad = p.grad();
      views.push_back(grad.defined()
                          ? grad.flatten()
                          : axon::zeros({p.numel()},
                                        axon::TensorOptions().dtype(p.dtype()).device(p.device())));
    }
    return axon::cat(views, 0);
  }

  // x += t d; the closure then re-evaluates `at`, except on the last
  // iteration, whose evaluation would go unused. Returns the closure calls.
  int64_t fixed_step(const axon::Closure& closure, bool last, LinePoint& at) {
    add_to_params(t_, d_);
    if (last) return 0;
    at = {evaluate(closure).item(), gather_flat_grad()};
    return 1;
  }

  // x += t d with t_ refined by the strong Wolfe line search; `at` becomes
  // the point it accepted. Returns the closure calls.
  int64_t line_search_step(const axon::Closure& closure, double gtd, LinePoint& at) {
    axon::TensorList x = clone_params();
    auto along_d = [&](double t) {
      add_to_params(t, d_);
      LinePoint trial{evaluate(closure).item(), gather_flat_grad()};
      set_params(x);
      return trial;
    };
    // PyTorch passes none of the group's options to the line search: its
    // tolerance_change stays at 1e-9 whatever the group's is.
    axon::optimizers::LineSearchResult found =
        axon::optimizers::strong_wolfe(along_d, d_, t_, at.loss, at.grad, gtd);
    t_ = found.t;
    at = {found.loss, found.grad};
    add_to_params(t_, d_);
    return found.evals;
  }

  // Copies of the parameters, to return to after each trial point.
  axon::TensorList clone_params() const {
    axon::NoGradGuard no_grad;
    axon::TensorList x;
    for (const Tensor& p : param_groups()[0].params) x.push_back(p.detach().clone());
    return x;
  }

  void set_params(const axon::TensorList& x) {
    axon::NoGradGuard no_grad;
    for (size_t i = 0; i < x.size(); ++i) param_groups()[0].params[i].copy_(x[i]);
  }

  // params += step * update, with update (n) split back into the parameters.
  void add_to_params(double step, const Tensor& update) {
    axon::NoGradGuard no_grad;
    int64_t offset = 0;
    for (Tensor& p : param_groups()[0].params) {
      p.add_(update.narrow(0, offset, p.numel()).view(p.shape()), step);
      offset += p.numel();
    }
  }

  // The search direction -H g: steepest descent on the very first iteration,
  // else the L-BFGS two-loop recursion after updating the history with the
  // last step.
  Tensor direction(const Tensor& flat_grad, size_t history_size) {
    if (total_iter_ == 1) {
      old_dirs_.clear();
      old_stps_.clear();
      ro_.clear();
      h_diag_ = 1.0;
      return axon::neg(flat_grad);
    }
    Tensor y = axon::sub(flat_grad, prev_flat_grad_);
    Tensor s = axon::mul(d_, t_);
    double ys = dot(y, s);
    if (ys > 1e-10) {
      if (old_dirs_.size() == history_size) {
        old_dirs_.pop_front();
        old_stps_.pop_front();
        ro_.pop_front();
      }
      old_dirs_.push_back(y);
      old_stps_.push_back(s);
      ro_.push_back(1.0 / ys);
      h_diag_ = ys / dot(y, y);
    }
    size_t num_old = old_dirs_.size();
    std::vector<double> al(num_old);
    Tensor q = axon::neg(flat_grad);
    for (size_t i = num_old; i-- > 0;) {
      al[i] = dot(old_stps_[i], q) * ro_[i];
      q.add_(old_dirs_[i], -al[i]);
    }
    Tensor r = axon::mul(q, h_diag_);
    for (size_t i = 0; i < num_old; ++i) {
      double be_i = dot(old_dirs_[i], r) * ro_[i];
      r.add_(old_stps_[i], al[i] - be_i);
    }
    return r;
  }

  // PyTorch's state: direction (n), step length, history of (y, s) pairs.
  Tensor d_, prev_flat_grad_;
  double t_ = 0.0, h_diag_ = 1.0;
  std::deque<Tensor> old_dirs_, old_stps_;
  std::deque<double> ro_;
  int64_t total_iter_ = 0;  // iterations over all steps
};

}  // namespace

AXON_REGISTER_OPTIMIZER("lbfgs", LBFGS,
                        "L-BFGS with a fixed step or a strong Wolfe line search (PyTorch 1.13), "
                        "needs a closure");
