// The constant and orthogonal initializers: exact fill, orthonormal rows or
// columns (W W^T = I for a wide matrix, W^T W = I for a tall one), the gain,
// and the errors.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <cmath>
#include <vector>

namespace {

using axon::Tensor;
using axon::testing_util::error_of;

Tensor initialized(const std::string& name, const axon::Options& o, const axon::Shape& shape) {
  Tensor t = axon::empty(shape).requires_grad_();  // as a parameter: apply needs no guard
  axon::make_initializer(name, o)->apply(t);
  return t.detach();
}

// Expects a (k, k) matrix to be scale^2 times the identity within 1e-4.
void expect_scaled_identity(const Tensor& gram, double scale) {
  auto k = gram.size(0);
  auto v = gram.to_vector<float>();
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j)
      EXPECT_NEAR(v[i * k + j], i == j ? scale * scale : 0.0, 1e-4)
          << "at (" << i << ", " << j << ")";
}

TEST(MoreInitializers, ConstantFillsExactly) {
  Tensor t = initialized("constant", {{"val", 0.25}}, {3, 4});
  for (float x : t.to_vector<float>()) EXPECT_EQ(x, 0.25f);
  EXPECT_EQ(axon::make_initializer("constant", {{"val", 2.0}})->describe(), "constant(val=2)");
  EXPECT_NE(error_of([] { axon::make_initializer("constant"); }).find("'val'"), std::string::npos);
}

TEST(MoreInitializers, OrthogonalWideHasOrthonormalRows) {
  Tensor w = initialized("orthogonal", {}, {4, 6});
  expect_scaled_identity(axon::matmul(w, w.t()), 1.0);
}

TEST(MoreInitializers, OrthogonalTallHasOrthonormalColumns) {
  Tensor w = initialized("orthogonal", {}, {6, 4});
  expect_scaled_identity(axon::matmul(w.t(), w), 1.0);
  Tensor square = initialized("orthogonal", {}, {5, 5});
  expect_scaled_identity(axon::matmul(square, square.t()), 1.0);
}

TEST(MoreInitializers, OrthogonalGainScales) {
  Tensor w = initialized("orthogonal", {{"gain", 2.0}}, {4, 6});
  expect_scaled_identity(axon::matmul(w, w.t()), 2.0);
  // A conv weight is flattened to (out, in * kh * kw) = (4, 18).
  Tensor conv = initialized("orthogonal", {{"gain", 0.5}}, {4, 2, 3, 3}).reshape({4, 18});
  expect_scaled_identity(axon::matmul(conv, conv.t()), 0.5);
}

TEST(MoreInitializers, OrthogonalNeedsTwoDims) {
  Tensor t = axon::zeros({5});
  EXPECT_NE(error_of([&] {
              axon::make_initializer("orthogonal")->apply(t);
            }).find("orthogonal: only tensors with 2 or more dimensions are supported"),
            std::string::npos);
  Tensor empty = axon::zeros({0, 3});
  axon::make_initializer("orthogonal")->apply(empty);  // a no-op, as in PyTorch
}

}  // namespace
