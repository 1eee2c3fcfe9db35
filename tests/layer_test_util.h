// Helpers for the layer tests: gradcheck of a layer's inputs and parameters
// together, in f64.
#pragma once

#include <axon/axon.h>
#include <gtest/gtest.h>

#include <functional>

namespace axon::testing_util {

// Checks the gradients of `run(inputs)` (one tensor, computed through
// `layer`) with respect to the inputs and to every parameter of the layer,
// by central finite differences in f64. The layer's parameters become f64.
inline ::testing::AssertionResult layer_gradcheck(
    Layer& layer, const TensorList& inputs, const std::function<Tensor(const TensorList&)>& run) {
  TensorList params = layer.parameters();
  TensorList all = inputs;
  for (const auto& p : params) all.push_back(p.detach().to(DType::f64));
  size_t n = inputs.size();
  auto f = [&](const TensorList& xs) {
    TensorList in(xs.begin(), xs.begin() + n);
    for (size_t i = 0; i < params.size(); ++i) params[i].set_data(xs[n + i].detach());
    Tensor out = run(in);
    // gradcheck differentiates xs, the layer its own parameter leaves: a node
    // from xs to a copy of the output hands xs the parameters' gradients.
    TensorList sources;
    for (size_t i = 0; i < xs.size(); ++i)
      if (xs[i].requires_grad()) sources.push_back(i < n ? xs[i] : params[i - n]);
    Tensor bridged = out.detach();
    autograd::record("layer_gradcheck", xs, bridged, [out, sources, xs](const TensorList& g) {
      TensorList grads = autograd::grad({out}, sources, g), result;
      size_t k = 0;
      for (const auto& x : xs) result.push_back(x.requires_grad() ? grads[k++] : Tensor());
      return result;
    });
    return bridged;
  };
  autograd::GradCheckResult r = autograd::gradcheck(f, all);
  if (r.ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "gradcheck failed (max abs error " << r.max_abs_error << "): " << r.report;
}

// Standard normal f64 values that require grad.
inline Tensor randn64(const Shape& shape) { return randn(shape, DType::f64).requires_grad_(); }

}  // namespace axon::testing_util
