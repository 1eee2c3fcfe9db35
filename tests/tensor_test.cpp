// Tensor basics with PyTorch's semantics: factories and dtypes, host access,
// views that share storage, broadcasting and type promotion, in-place updates,
// error messages that name the shapes, reductions, cat/stack, random numbers.
#include <axon/axon.h>
#include <axon/philox.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

namespace {

using axon::DType;
using axon::Shape;
using axon::Tensor;

std::vector<float> floats(const Tensor& t) { return t.to(DType::f32).to_vector<float>(); }
std::vector<int64_t> ints(const Tensor& t) { return t.to(DType::i64).to_vector<int64_t>(); }
Tensor vec(std::vector<float> v, Shape shape) { return axon::from_vector(v, shape); }
// 0, 1, ..., numel - 1 as f32 in `shape`.
Tensor iota(const Shape& shape) {
  return axon::arange(0, axon::numel(shape), 1, DType::f32).reshape(shape);
}

using axon::testing_util::error_of;

// A shape written as PyTorch does in either form: "[2, 3]" or "2x3".
bool mentions(const std::string& message, const Shape& shape) {
  std::string times;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) times += 'x';
    times += std::to_string(shape[i]);
  }
  return message.find(axon::shape_str(shape)) != std::string::npos ||
         message.find(times) != std::string::npos;
}

const void* storage_of(const Tensor& t) { return t.impl()->storage.get(); }

TEST(Tensor, FactoriesAndDtypes) {
  Tensor z = axon::zeros({2, 3});
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(z.strides(), (Shape{3, 1}));
  EXPECT_EQ(z.dtype(), DType::f32);
  EXPECT_EQ(z.device().type(), "cpu");
  EXPECT_EQ(floats(z), std::vector<float>(6, 0));
  EXPECT_EQ(axon::ones({2}, DType::f64).to_vector<double>(), (std::vector<double>{1, 1}));
  EXPECT_EQ(floats(axon::full({2, 2}, 7.5)), std::vector<float>(4, 7.5));
  EXPECT_EQ(axon::zeros({3}, DType::i64).to_vector<int64_t>(), std::vector<int64_t>(3, 0));
  EXPECT_EQ(axon::zeros({2}, DType::u8).dtype(), DType::u8);
  EXPECT_EQ(axon::zeros({2}, DType::boolean).dtype(), DType::boolean);
  Tensor s = axon::scalar_tensor(3.5);
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.numel(), 1);
  EXPECT_EQ(axon::arange(0, 5).dtype(), DType::i64);
  EXPECT_EQ(axon::arange(1, 10, 3).to_vector<int64_t>(), (std::vector<int64_t>{1, 4, 7}));
  EXPECT_EQ(floats(axon::arange(0, 3, 1, DType::f32)), (std::vector<float>{0, 1, 2}));
  EXPECT_EQ(axon::from_vector<uint8_t>({0, 7, 255}, {3}).to_vector<uint8_t>(),
            (std::vector<uint8_t>{0, 7, 255}));
  EXPECT_EQ(axon::from_vector<bool>({true, false}, {2}).to_vector<bool>(),
            (std::vector<bool>{true, false}));
  Tensor i = axon::from_vector<int64_t>({1, 2}, {2});
  EXPECT_EQ(axon::zeros_like(i).dtype(), DType::i64);
  EXPECT_EQ(floats(axon::full_like(z, 2)), std::vector<float>(6, 2));
  EXPECT_EQ(axon::ones_like(z).shape(), z.shape());
  EXPECT_EQ(axon::empty({0, 3}).numel(), 0);
  EXPECT_NE(error_of([] { axon::from_vector<float>({1, 2, 3}, {2, 2}); }), "");
}

TEST(Tensor, ItemAndCasts) {
  EXPECT_FLOAT_EQ(vec({2.5f}, {1}).item<float>(), 2.5f);
  EXPECT_DOUBLE_EQ(axon::scalar_tensor(-4).item(), -4.0);
  EXPECT_EQ(axon::from_vector<int64_t>({9}, {}).item<int64_t>(), 9);
  EXPECT_NE(error_of([] { axon::zeros({2, 3}).item(); }), "") << "item() of 6 elements";
  // Casts truncate toward zero and map nonzero to true, as PyTorch does.
  Tensor x = vec({2.7f, -2.7f, 0.f, 255.f}, {4});
  EXPECT_EQ(x.to(DType::i64).to_vector<int64_t>(), (std::vector<int64_t>{2, -2, 0, 255}));
  EXPECT_EQ(ints(x.to(DType::boolean)), (std::vector<int64_t>{1, 1, 0, 1}));
  EXPECT_EQ(floats(axon::from_vector<uint8_t>({200}, {1})), (std::vector<float>{200}));
  EXPECT_TRUE(x.to(DType::f32).is_same(x)) << "a cast to the same dtype returns the tensor";
}

TEST(Tensor, ShapeHelpers) {
  EXPECT_EQ(axon::numel({2, 3, 4}), 24);
  EXPECT_EQ(axon::numel({}), 1);
  EXPECT_EQ(axon::contiguous_strides({2, 3, 4}), (Shape{12, 4, 1}));
  EXPECT_EQ(axon::shape_str({2, 3}), "[2, 3]");
  EXPECT_EQ(axon::wrap_dim(-1, 3, "sum"), 2);
  std::string message = error_of([] { axon::wrap_dim(3, 3, "sum"); });
  EXPECT_NE(message.find("sum"), std::string::npos) << message;
}

TEST(Tensor, ViewsShareStorage) {
  Tensor base = iota({2, 3});
  base.select(0, 1).fill_(7);
  EXPECT_EQ(floats(base), (std::vector<float>{0, 1, 2, 7, 7, 7}));
  base.transpose(0, 1).narrow(0, 0, 1).mul_(10.0);  // column 0
  EXPECT_EQ(floats(base), (std::vector<float>{0, 1, 2, 70, 7, 7}));
  base.view({6}).add_(1.0);
  EXPECT_EQ(floats(base), (std::vector<float>{1, 2, 3, 71, 8, 8}));
  base.detach().zero_();
  EXPECT_EQ(floats(base), std::vector<float>(6, 0)) << "detach() shares storage";
  Tensor t = base.transpose(0, 1);
  EXPECT_EQ(t.strides(), (Shape{1, 3}));
  EXPECT_EQ(storage_of(t), storage_of(base));
  EXPECT_EQ(base.select(1, 2).offset(), 2);
  EXPECT_EQ(base.unsqueeze(0).shape(), (Shape{1, 2, 3}));
  EXPECT_EQ(base.unsqueeze(-1).shape(), (Shape{2, 3, 1}));
  EXPECT_EQ(base.unsqueeze(1).squeeze(1).shape(), (Shape{2, 3}));
  EXPECT_EQ(base.squeeze(0).shape(), (Shape{2, 3})) << "squeezing a dim of size 2 changes nothing";
  EXPECT_EQ(iota({2, 3, 4}).permute({2, 0, 1}).shape(), (Shape{4, 2, 3}));
  EXPECT_EQ(iota({2, 3, 4}).flatten(1).shape(), (Shape{2, 12}));
}

TEST(Tensor, Contiguous) {
  Tensor x = iota({2, 3});
  Tensor t = x.t();
  EXPECT_TRUE(x.is_contiguous());
  EXPECT_FALSE(t.is_contiguous());
  Tensor c = t.contiguous();
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_EQ(floats(c), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  EXPECT_NE(storage_of(c), storage_of(x));
  EXPECT_EQ(storage_of(x.contiguous()), storage_of(x)) << "contiguous() of a contiguous tensor";
}

TEST(Tensor, ReshapeOfNonContiguousCopies) {
  Tensor x = iota({2, 3});
  Tensor r = x.t().reshape({6});
  EXPECT_EQ(floats(r), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  r.fill_(-1);
  EXPECT_EQ(floats(x), (std::vector<float>{0, 1, 2, 3, 4, 5})) << "the copy is not a view";
  EXPECT_EQ(storage_of(x.reshape({3, -1})), storage_of(x)) << "reshape of contiguous is a view";
  EXPECT_EQ(x.reshape({3, -1}).shape(), (Shape{3, 2}));
  EXPECT_NE(error_of([&] { x.t().view({6}); }), "") << "view of an incompatible layout";
  std::string message = error_of([&] { x.reshape({4}); });
  EXPECT_TRUE(mentions(message, {4})) << message;
}

TEST(Broadcasting, ExpandAndRules) {
  Tensor a = vec({1, 2, 3}, {3, 1});
  Tensor e = a.expand({3, 4});
  EXPECT_EQ(e.strides()[1], 0);
  EXPECT_EQ(storage_of(e), storage_of(a));
  EXPECT_EQ(floats(e), (std::vector<float>{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}));
  EXPECT_EQ(a.expand({2, -1, 4}).shape(), (Shape{2, 3, 4}));
  EXPECT_NE(error_of([&] { a.expand({2, 4}); }), "");
  EXPECT_EQ(axon::broadcast_shapes({3, 1, 5}, {4, 5}, "add"), (Shape{3, 4, 5}));
  EXPECT_EQ(axon::broadcast_shapes({}, {2}, "add"), (Shape{2}));
  EXPECT_EQ(floats(vec({1, 2, 3}, {3}) + vec({10, 20}, {2, 1})),
            (std::vector<float>{11, 12, 13, 21, 22, 23}));
  std::string message = error_of([] { axon::add(axon::zeros({2, 3}), axon::zeros({4})); });
  EXPECT_TRUE(mentions(message, {2, 3}) && mentions(message, {4})) << message;
  message = error_of([] { axon::broadcast_shapes({2, 3}, {4}, "mul"); });
  EXPECT_NE(message.find("mul"), std::string::npos) << message;
}

TEST(Broadcasting, TypePromotion) {
  Tensor i = axon::from_vector<int64_t>({1, 2, 3}, {3});
  Tensor f = vec({0.5f, 0.5f, 0.5f}, {3});
  Tensor sum = i + f;
  EXPECT_EQ(sum.dtype(), DType::f32);
  EXPECT_EQ(floats(sum), (std::vector<float>{1.5, 2.5, 3.5}));
  EXPECT_EQ((i + i).dtype(), DType::i64);
  EXPECT_EQ((f + axon::ones({3}, DType::f64)).dtype(), DType::f64);
  Tensor equal = axon::eq(i, vec({1, 2.5, 3}, {3}));
  EXPECT_EQ(equal.dtype(), DType::boolean);
  EXPECT_EQ(ints(equal), (std::vector<int64_t>{1, 0, 1}));
  EXPECT_EQ(axon::lt(f, f).dtype(), DType::boolean);
  EXPECT_EQ(ints(axon::gt(i, 1.5)), (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(floats(axon::where(axon::gt(i, 1.5), f, vec({-1, -1, -1}, {3}))),
            (std::vector<float>{-1, 0.5, 0.5}));
  static_assert(axon::promote(DType::boolean, DType::u8) == DType::u8);
  static_assert(axon::promote(DType::u8, DType::i64) == DType::i64);
  static_assert(axon::promote(DType::f64, DType::f32) == DType::f64);
}

TEST(InPlace, BroadcastAndCast) {
  Tensor a = axon::zeros({2, 3});
  EXPECT_EQ(&a.add_(vec({1, 2, 3}, {3})), &a) << "in-place ops return *this";
  a.add_(vec({1, 1, 1}, {3}), 2.0);
  EXPECT_EQ(floats(a), (std::vector<float>{3, 4, 5, 3, 4, 5}));
  a.mul_(vec({1, -1}, {2, 1}));
  EXPECT_EQ(floats(a), (std::vector<float>{3, 4, 5, -3, -4, -5}));
  a.sub_(vec({1, 1, 1}, {3}), 3.0).div_(2.0);
  EXPECT_EQ(floats(a), (std::vector<float>{0, 0.5, 1, -3, -3.5, -4}));
  a.copy_(axon::from_vector<int64_t>({7, 8, 9}, {3}));
  EXPECT_EQ(a.dtype(), DType::f32);
  EXPECT_EQ(floats(a), (std::vector<float>{7, 8, 9, 7, 8, 9}));
  a.clamp_(7.5, 8.5);
  EXPECT_EQ(floats(a), (std::vector<float>{7.5, 8, 8.5, 7.5, 8, 8.5}));
  Tensor b = vec({1, 2}, {2});
  b.addcmul_(vec({2, 3}, {2}), vec({4, 5}, {2}), 0.5).addcdiv_(vec({6, 6}, {2}), vec({2, 3}, {2}));
  EXPECT_EQ(floats(b), (std::vector<float>{8, 11.5}));
  Tensor n = axon::from_vector<int64_t>({1, 2}, {2});
  n.add_(axon::from_vector<int64_t>({10, 20}, {2}));
  EXPECT_EQ(n.to_vector<int64_t>(), (std::vector<int64_t>{11, 22}));
  std::string message = error_of([] { axon::zeros({3}).add_(axon::zeros({2, 3})); });
  EXPECT_TRUE(mentions(message, {3}) && mentions(message, {2, 3})) << message;
}

TEST(InPlace, LeafThatRequiresGradOnlyUnderNoGrad) {
  Tensor w = axon::ones({3}).requires_grad_();
  EXPECT_NE(error_of([&] { w.add_(1.0); }), "");
  EXPECT_NE(error_of([&] { w.mul_(vec({2, 2, 2}, {3})); }), "");
  EXPECT_NE(error_of([&] { w.copy_(axon::zeros({3})); }), "");
  {
    axon::NoGradGuard no_grad;
    w.add_(1.0);
  }
  EXPECT_EQ(floats(w), std::vector<float>(3, 2));
  EXPECT_TRUE(w.requires_grad());
}

TEST(Matmul, ValuesAndShapes) {
  Tensor a = vec({1, 2, 3, 4}, {2, 2}), b = vec({5, 6, 7, 8}, {2, 2});
  EXPECT_EQ(floats(axon::matmul(a, b)), (std::vector<float>{19, 22, 43, 50}));
  EXPECT_EQ(floats(axon::matmul(vec({1, 2}, {2}), vec({3, 4}, {2}))), (std::vector<float>{11}));
  EXPECT_EQ(axon::matmul(vec({1, 2}, {2}), vec({3, 4}, {2})).dim(), 0);
  EXPECT_EQ(floats(axon::matmul(a, vec({1, 1}, {2}))), (std::vector<float>{3, 7}));
  EXPECT_EQ(floats(axon::matmul(a.t(), b)), (std::vector<float>{26, 30, 38, 44}));
  EXPECT_EQ(axon::matmul(axon::ones({2, 1, 3, 4}), axon::ones({3, 4, 5})).shape(),
            (Shape{2, 3, 3, 5}));
  EXPECT_EQ(axon::matmul(axon::ones({4}), axon::ones({2, 4, 5})).shape(), (Shape{2, 5}));
  EXPECT_EQ(axon::matmul(axon::ones({2, 3}, DType::f64), axon::ones({3, 2}, DType::f64)).dtype(),
            DType::f64);
}

TEST(Matmul, MismatchNamesBothShapes) {
  std::string message = error_of([] { axon::matmul(axon::zeros({2, 3}), axon::zeros({4, 5})); });
  EXPECT_TRUE(mentions(message, {2, 3}) && mentions(message, {4, 5})) << message;
  message = error_of([] { axon::matmul(axon::zeros({2, 2, 3}), axon::zeros({2, 4, 5})); });
  EXPECT_TRUE(mentions(message, {3}) || mentions(message, {2, 2, 3})) << message;
  EXPECT_NE(error_of([] { axon::matmul(axon::zeros({3}), axon::zeros({4})); }), "");
}

TEST(Reductions, KeepdimAndValues) {
  Tensor x = iota({2, 3, 4});
  EXPECT_FLOAT_EQ(axon::sum(x).item<float>(), 276);
  EXPECT_EQ(axon::sum(x).dim(), 0);
  EXPECT_FLOAT_EQ(axon::mean(x).item<float>(), 11.5);
  EXPECT_EQ(axon::sum(x, {1}).shape(), (Shape{2, 4}));
  EXPECT_EQ(floats(axon::sum(x, {1})), (std::vector<float>{12, 15, 18, 21, 48, 51, 54, 57}));
  EXPECT_EQ(axon::sum(x, {1}, true).shape(), (Shape{2, 1, 4}));
  EXPECT_EQ(axon::mean(x, {0, 2}, true).shape(), (Shape{1, 3, 1}));
  EXPECT_EQ(floats(axon::mean(x, {0, 2})), (std::vector<float>{7.5, 11.5, 15.5}));
  EXPECT_EQ(floats(axon::amax(x, {-1})), (std::vector<float>{3, 7, 11, 15, 19, 23}));
  EXPECT_EQ(floats(axon::amin(x, {0, 1})), (std::vector<float>{0, 1, 2, 3}));
  auto [values, indices] = axon::max(x, 1, true);
  EXPECT_EQ(values.shape(), (Shape{2, 1, 4}));
  EXPECT_EQ(indices.dtype(), DType::i64);
  EXPECT_EQ(indices.to_vector<int64_t>(), std::vector<int64_t>(8, 2));
  EXPECT_EQ(ints(axon::min(x, 2).second), std::vector<int64_t>(6, 0));
  EXPECT_EQ(axon::sum(axon::from_vector<int64_t>({1, 2, 3}, {3})).dtype(), DType::i64);
  EXPECT_NE(error_of([&] { axon::sum(x, {3}); }), "") << "dim 3 of a 3-D tensor";
}

TEST(Reductions, ArgmaxTiesGiveTheFirstIndex) {
  EXPECT_EQ(axon::argmax(vec({1, 3, 3, 2}, {4}), 0).item<int64_t>(), 1);
  EXPECT_EQ(axon::argmin(vec({2, 1, 1, 3}, {4}), 0).item<int64_t>(), 1);
  Tensor m = vec({5, 5, 1, 0, 4, 4}, {2, 3});
  EXPECT_EQ(axon::argmax(m, 1).to_vector<int64_t>(), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(axon::argmax(m, 1, true).shape(), (Shape{2, 1}));
  EXPECT_EQ(axon::argmin(m, 0).to_vector<int64_t>(), (std::vector<int64_t>{1, 1, 0}));
}

TEST(Tensor, CatAndStack) {
  Tensor a = iota({2, 3}), b = vec({9, 9, 9}, {1, 3});
  EXPECT_EQ(floats(axon::cat({a, b}, 0)), (std::vector<float>{0, 1, 2, 3, 4, 5, 9, 9, 9}));
  EXPECT_EQ(floats(axon::cat({a, a}, -1)),
            (std::vector<float>{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}));
  EXPECT_EQ(axon::stack({a, a}, 0).shape(), (Shape{2, 2, 3}));
  Tensor s = axon::stack({a, a * 10.0}, -1);
  EXPECT_EQ(s.shape(), (Shape{2, 3, 2}));
  EXPECT_EQ(floats(s), (std::vector<float>{0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50}));
  EXPECT_NE(error_of([&] { axon::cat({a, b}, 1); }), "") << "sizes differ outside the cat dim";
  EXPECT_NE(error_of([&] { axon::stack({a, b}); }), "");
  EXPECT_NE(error_of([] { axon::cat({}); }), "");
}

TEST(Random, RandpermIsAReproduciblePermutation) {
  std::vector<int64_t> p = axon::randperm(100, 7);
  EXPECT_EQ(p, axon::randperm(100, 7));
  EXPECT_NE(p, axon::randperm(100, 8));
  std::vector<int64_t> sorted = p, expected(100);
  std::sort(sorted.begin(), sorted.end());
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(sorted, expected);
}

TEST(Random, ManualSeedRepeatsTheNumbers) {
  axon::manual_seed(123);
  std::vector<float> u = floats(axon::rand({1000})), n = floats(axon::randn({1000}));
  std::vector<float> bits = floats(axon::bernoulli({1000}, 0.5));
  axon::manual_seed(123);
  EXPECT_EQ(floats(axon::rand({1000})), u);
  EXPECT_EQ(floats(axon::randn({1000})), n);
  EXPECT_EQ(floats(axon::bernoulli({1000}, 0.5)), bits);
  EXPECT_NE(floats(axon::rand({1000})), u) << "the generator moves on";
  // The first numbers after a seed are Philox's counters 0, 1, ... (kernels.h).
  axon::manual_seed(42);
  std::vector<float> first = floats(axon::rand({10}));
  for (int64_t i = 0; i < 10; ++i)
    EXPECT_FLOAT_EQ(first[i], static_cast<float>(axon::philox::uniform_at(42, 0, i, 0, 1))) << i;
}

double mean_of(const std::vector<float>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}
double std_of(const std::vector<float>& v) {
  double m = mean_of(v), s = 0;
  for (float x : v) s += (x - m) * (x - m);
  return std::sqrt(s / v.size());
}

TEST(Random, Statistics) {
  axon::manual_seed(1);
  std::vector<float> u = floats(axon::rand({100000}));
  EXPECT_GE(*std::min_element(u.begin(), u.end()), 0.f);
  EXPECT_LT(*std::max_element(u.begin(), u.end()), 1.f);
  EXPECT_NEAR(mean_of(u), 0.5, 0.01);
  EXPECT_NEAR(std_of(u), std::sqrt(1.0 / 12), 0.01);
  std::vector<float> n = floats(axon::randn({100000}));
  EXPECT_NEAR(mean_of(n), 0, 0.02);
  EXPECT_NEAR(std_of(n), 1, 0.02);
  std::vector<float> b = floats(axon::bernoulli({100000}, 0.3));
  EXPECT_TRUE(std::all_of(b.begin(), b.end(), [](float x) { return x == 0 || x == 1; }));
  EXPECT_NEAR(mean_of(b), 0.3, 0.01);
  std::vector<float> w = floats(axon::zeros({100000}).uniform_(-2, 3));
  EXPECT_GE(*std::min_element(w.begin(), w.end()), -2.f);
  EXPECT_LT(*std::max_element(w.begin(), w.end()), 3.f);
  EXPECT_NEAR(mean_of(w), 0.5, 0.05);
  std::vector<float> g = floats(axon::zeros({100000}).normal_(5, 2));
  EXPECT_NEAR(mean_of(g), 5, 0.05);
  EXPECT_NEAR(std_of(g), 2, 0.05);
  EXPECT_EQ(axon::randn({4}, DType::f64).dtype(), DType::f64);
}

}  // namespace
