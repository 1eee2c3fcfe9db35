// Shapes and strides (in elements, row-major unless a view says otherwise).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace axon {

using Shape = std::vector<int64_t>;

int64_t numel(const Shape& shape);
Shape contiguous_strides(const Shape& shape);
// "[2, 3]"
std::string shape_str(const Shape& shape);
// Wraps a possibly negative dim into [0, rank); `op` names the caller in the error.
int64_t wrap_dim(int64_t dim, int64_t rank, const char* op);
// The broadcast of two shapes (NumPy rules); `op` names the caller in the error.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

}  // namespace axon
