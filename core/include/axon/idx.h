// The IDX format of MNIST and its kin (Yann LeCun's page): a big-endian
// header (two zero bytes, an element-type byte, the number of dims, then one
// 4-byte size per dim) and the elements, row-major and big-endian. Files may
// be plain or gzip-compressed (read and written through zlib).
#pragma once

#include <axon/tensor.h>

#include <cstdint>
#include <string>

namespace axon::data {

// The element-type byte of the header.
enum class IdxType : uint8_t {
  u8 = 0x08,
  i8 = 0x09,
  i16 = 0x0B,
  i32 = 0x0C,
  f32 = 0x0D,
  f64 = 0x0E
};

// Reads an IDX file, plain or .gz, into a cpu tensor of the file's shape.
// Element types map to the closest axon dtype without loss: u8 -> u8,
// i8/i16/i32 -> i64 (axon has no narrower signed type), f32 -> f32, f64 -> f64.
// Throws axon::Error naming the file and what is wrong with it (cannot open,
// bad magic, unknown element type, truncated, trailing data).
Tensor read_idx(const std::string& path);

// Writes `tensor` as an IDX file with the given element type, gzip-compressed
// when `path` ends in ".gz". Values must fit the element type (integers are
// checked; floats are cast). Throws axon::Error naming the file when it cannot.
void write_idx(const std::string& path, const Tensor& tensor, IdxType type);

}  // namespace axon::data
