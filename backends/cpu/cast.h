// Element conversions with PyTorch's results: to bool is "!= 0"; a float goes
// to u8 through i64 (wrapping modulo 256, as x86 PyTorch does, instead of
// the undefined direct conversion).
#pragma once

#include <cstdint>
#include <type_traits>

namespace axon::cpu {

template <class To, class From>
To cast(From x) {
  if constexpr (std::is_same_v<To, bool>) {
    return x != From(0);
  } else if constexpr (std::is_same_v<To, uint8_t> && std::is_floating_point_v<From>) {
    return static_cast<uint8_t>(static_cast<int64_t>(x));
  } else {
    return static_cast<To>(x);
  }
}

}  // namespace axon::cpu
