// Finite-difference gradient checker (f64 on the cpu).
#include "tensor/internal.h"

#include <axon/philox.h>

#include <cmath>

namespace axon::autograd {
namespace {

Tensor cpu_f64(const Tensor& t) { return t.detach().to("cpu").to(DType::f64).contiguous(); }

// Fixed pseudo-random weights, so that every output element matters.
Tensor weights_like(const Tensor& out) {
  std::vector<double> w(out.numel());
  for (size_t i = 0; i < w.size(); ++i) w[i] = philox::uniform_at(12345, 0, i, 0.5, 1.5);
  return from_vector(w, out.shape());
}

double weighted_sum(const std::function<Tensor(const TensorList&)>& f, const TensorList& xs,
                    const Tensor& weights) {
  NoGradGuard no_grad;
  return sum(mul(cpu_f64(f(xs)), weights)).item<double>();
}

}  // namespace

GradCheckResult gradcheck(const std::function<Tensor(const TensorList&)>& f,
                          const TensorList& inputs, double eps, double atol, double rtol) {
  TensorList xs, differentiable;
  for (const auto& in : inputs) {
    Tensor x = is_floating(in.dtype()) ? cpu_f64(in).clone().detach() : in.detach().to("cpu");
    if (is_floating(in.dtype())) {
      x.requires_grad_(true);
      differentiable.push_back(x);
    }
    xs.push_back(x);
  }
  Tensor out = f(xs);
  Tensor weights = weights_like(out);
  Tensor loss = sum(mul(out.to(DType::f64), weights));
  TensorList analytic = grad({loss}, differentiable);

  GradCheckResult result;
  size_t k = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!is_floating(xs[i].dtype())) continue;
    std::vector<double> values = xs[i].to_vector<double>();
    std::vector<double> got = analytic[k].defined() ? analytic[k].to_vector<double>()
                                                    : std::vector<double>(values.size(), 0.0);
    for (size_t j = 0; j < values.size(); ++j) {
      auto evaluate = [&](double delta) {
        std::vector<double> moved = values;
        moved[j] += delta;
        TensorList probe = xs;
        probe[i] = from_vector(moved, xs[i].shape());
        return weighted_sum(f, probe, weights);
      };
      double numeric = (evaluate(eps) - evaluate(-eps)) / (2 * eps);
      double err = std::abs(got[j] - numeric);
      result.max_abs_error = std::max(result.max_abs_error, err);
      if (numeric != 0)
        result.max_rel_error = std::max(result.max_rel_error, err / std::abs(numeric));
      if (err > atol + rtol * std::abs(numeric)) {
        result.ok = false;
        if (result.report.size() < 2000)
          result.report += fmt::format("input {} element {}: autograd {} vs numeric {}\n", i, j,
                                       got[j], numeric);
      }
    }
    ++k;
  }
  return result;
}

}  // namespace axon::autograd
