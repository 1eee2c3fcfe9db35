// The course's synthetic 3-class set (train.py): n points per class around
// (1, 1), (-4, -4) and (5, 5) with unit variance. Drawn on the host from the
// Philox stream of `seed` alone, so the set does not depend on the global
// generators or on the device.
#include <axon/data.h>
#include <axon/error.h>
#include <axon/philox.h>

#include <array>

namespace axon::data {

TensorList gaussian_blobs(int64_t points_per_class, uint64_t seed) {
  AXON_CHECK(points_per_class > 0, "gaussian_blobs: expected points_per_class > 0, got {}",
             points_per_class);
  constexpr std::array<double, 3> class_means{1.0, -4.0, 5.0};
  const int64_t n = points_per_class;
  const int64_t rows = n * static_cast<int64_t>(class_means.size());
  std::vector<float> x(static_cast<size_t>(rows * 2));  // (3n, 2), row-major
  std::vector<int64_t> y(static_cast<size_t>(rows));    // (3n)
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t label = row / n;
    y[row] = label;
    for (int64_t col = 0; col < 2; ++col) {
      const int64_t i = row * 2 + col;
      x[i] = static_cast<float>(philox::normal_at(seed, 0, i, class_means[label], 1.0));
    }
  }
  return {from_vector(x, {rows, 2}), from_vector(y, {rows})};
}

}  // namespace axon::data
