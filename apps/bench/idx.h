// The IDX format of MNIST and Fashion-MNIST (big-endian header, u8 data),
// read through zlib so that .gz files and plain ones both work.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bench {

struct IdxArray {
  std::vector<int64_t> shape;  // (N) labels, (N, 28, 28) images
  std::vector<uint8_t> data;   // row-major
};

// Throws axon::Error naming the file and what is wrong with it.
IdxArray read_idx(const std::string& path);

}  // namespace bench
