// The batch transforms. The random draws happen on the host (a few numbers
// per example); the pixels are moved by ops on the batch's device.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/philox.h>
#include <axon/transforms.h>

#include <cmath>
#include <memory>

namespace axon::data::transforms {

namespace {

// A Philox stream that the copies of one random transform share.
class RandomStream {
 public:
  explicit RandomStream(uint64_t seed) { generator_.seed = seed; }
  // n draws from U[0, 1).
  std::vector<double> uniform(int64_t n) {
    const uint64_t counter = generator_.advance(n);
    std::vector<double> draws(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      draws[i] = philox::uniform_at(generator_.seed, counter, i, 0.0, 1.0);
    return draws;
  }

 private:
  Generator generator_;
};

void check_batch(const char* op, const Tensor& x, int64_t min_dims, const char* layout) {
  AXON_CHECK(x.defined() && x.dim() >= min_dims, "{}: expected a batch {}, got {}", op, layout,
             x.defined() ? shape_str(x.shape()) : "an undefined tensor");
}

// (N, *) -> a shape that broadcasts one value per example: (N, 1, ..., 1).
Shape per_example(const Tensor& x) {
  Shape shape(static_cast<size_t>(x.dim()), 1);
  shape[0] = x.size(0);
  return shape;
}

// (N, *, H, W) -> (N, *, H + 2p, W + 2p), zeros around x.
Tensor zero_pad(const Tensor& x, int64_t padding) {
  if (padding == 0) return x;
  Shape shape = x.shape();
  shape[shape.size() - 2] += 2 * padding;
  shape.back() += 2 * padding;
  Tensor padded = zeros(shape, TensorOptions(x.dtype()).device(x.device()));
  padded.narrow(-2, padding, x.size(-2)).narrow(-1, padding, x.size(-1)).copy_(x);
  return padded;
}

// Per channel of dim 1, (1, C, 1, ...) in x's dtype and device; one value: all ones dims.
Tensor channel_values(const std::vector<double>& values, const Tensor& x) {
  Shape shape(static_cast<size_t>(x.dim()), 1);
  if (values.size() > 1) shape[1] = static_cast<int64_t>(values.size());
  return from_vector(values, shape).to(x.dtype()).to(x.device());
}

}  // namespace

Transform compose(std::vector<Transform> transforms) {
  for (size_t i = 0; i < transforms.size(); ++i)
    AXON_CHECK(transforms[i] != nullptr, "compose: transform {} is empty", i);
  return [transforms = std::move(transforms)](const Tensor& x) {
    Tensor y = x;
    for (const Transform& transform : transforms) y = transform(y);
    return y;
  };
}

Transform scale(double divisor) {
  AXON_CHECK(divisor != 0.0, "scale: expected a nonzero divisor, got 0");
  return [divisor](const Tensor& x) { return div(x.to(DType::f32), divisor); };
}

Transform normalize(std::vector<double> mean, std::vector<double> stddev) {
  AXON_CHECK(!mean.empty() && mean.size() == stddev.size(),
             "normalize: expected mean and std of the same nonzero length, got {} and {} values",
             mean.size(), stddev.size());
  for (double s : stddev)
    AXON_CHECK(s != 0.0, "normalize: std evaluated to zero, leading to division by zero: {}",
               stddev);
  return [mean = std::move(mean), stddev = std::move(stddev)](const Tensor& x) {
    check_batch("normalize", x, 1, "(N, C, *)");
    AXON_CHECK(is_floating(x.dtype()),
               "normalize: expected a floating-point batch (apply scale() first), got {}",
               dtype_name(x.dtype()));
    AXON_CHECK(mean.size() == 1 || (x.dim() >= 2 && x.size(1) == std::ssize(mean)),
               "normalize: expected {} channels in dim 1 of a batch (N, C, *), got shape {}",
               mean.size(), shape_str(x.shape()));
    return div(sub(x, channel_values(mean, x)), channel_values(stddev, x));
  };
}

Transform flatten() {
  return [](const Tensor& x) {
    check_batch("flatten", x, 2, "(N, *) with at least 2 dims");
    return x.flatten(1);
  };
}

Transform random_horizontal_flip(uint64_t seed, double p) {
  AXON_CHECK(p >= 0.0 && p <= 1.0, "random_horizontal_flip: expected p in [0, 1], got {}", p);
  auto stream = std::make_shared<RandomStream>(seed);
  return [stream, p](const Tensor& x) {
    check_batch("random_horizontal_flip", x, 2, "(N, *, W)");
    const std::vector<double> draws = stream->uniform(x.size(0));
    std::vector<bool> flip(draws.size());
    for (size_t i = 0; i < draws.size(); ++i) flip[i] = draws[i] < p;
    const Tensor mask =
        from_vector(flip, per_example(x), TensorOptions(DType::boolean).device(x.device()));
    const int64_t width = x.size(-1);
    const Tensor reversed = index_select(
        x, -1, arange(width - 1, -1, -1, TensorOptions(DType::i64).device(x.device())));
    return where(mask, reversed, x);
  };
}

Transform random_crop(int64_t size, int64_t padding, uint64_t seed) {
  AXON_CHECK(size > 0 && padding >= 0,
             "random_crop: expected size > 0 and padding >= 0, got size {} and padding {}", size,
             padding);
  auto stream = std::make_shared<RandomStream>(seed);
  return [stream, size, padding](const Tensor& x) {
    check_batch("random_crop", x, 3, "(N, *, H, W)");
    const Tensor padded = zero_pad(x, padding);
    const int64_t tops = padded.size(-2) - size + 1, lefts = padded.size(-1) - size + 1;
    AXON_CHECK(tops > 0 && lefts > 0,
               "random_crop: crop size {} is larger than the padded image {}x{}", size,
               padded.size(-2), padded.size(-1));
    const std::vector<double> draws = stream->uniform(2 * x.size(0));
    TensorList crops;
    for (int64_t i = 0; i < x.size(0); ++i) {
      const auto top = static_cast<int64_t>(std::floor(draws[2 * i] * static_cast<double>(tops)));
      const auto left =
          static_cast<int64_t>(std::floor(draws[2 * i + 1] * static_cast<double>(lefts)));
      crops.push_back(padded.select(0, i).narrow(-2, top, size).narrow(-1, left, size));
    }
    return stack(crops);
  };
}

}  // namespace axon::data::transforms
