// Runs a generic lambda with the C++ type of a runtime dtype:
//   dispatch(Floating{}, dtype, "exp", [&](auto tag) { using T = decltype(tag); ... });
// A dtype outside the list is the caller's error, named with the op.
#pragma once

#include <axon/dtype.h>
#include <axon/error.h>

#include <cstdint>
#include <string>

namespace axon::cpu {

template <class... Ts>
struct TypeList {};

// The element types each family accepts.
using Floating = TypeList<float, double>;
using Numeric = TypeList<float, double, int64_t>;
using AllTypes = TypeList<float, double, int64_t, uint8_t, bool>;

template <class... Ts, class Fn>
void dispatch(TypeList<Ts...>, DType dtype, const char* op, const Fn& fn) {
  const bool done = ((dtype == dtype_of<Ts>() ? (fn(Ts{}), true) : false) || ...);
  if (!done) {
    std::string expected;
    ((expected += (expected.empty() ? "" : ", ") + std::string(dtype_name(dtype_of<Ts>()))), ...);
    throw_error(fmt::format("{}: unsupported dtype {} on cpu (expected {})", op, dtype_name(dtype),
                            expected));
  }
}

// Checks that a second operand has the dtype the kernel was dispatched on.
inline void check_same_dtype(const char* op, DType expected, DType got, const char* what) {
  AXON_CHECK(expected == got, "{}: expected {} of dtype {}, got {}", op, what, dtype_name(expected),
             dtype_name(got));
}

}  // namespace axon::cpu
