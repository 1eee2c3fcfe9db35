#include "idx.h"

#include <axon/error.h>
#include <zlib.h>

#include <memory>

namespace bench {

namespace {

using GzFile = std::unique_ptr<gzFile_s, decltype(&gzclose)>;

constexpr uint8_t kUnsignedByte = 0x08;

void read_exact(gzFile file, void* out, size_t bytes, const std::string& path) {
  const int n = gzread(file, out, static_cast<unsigned>(bytes));
  AXON_CHECK(n >= 0 && static_cast<size_t>(n) == bytes,
             "read_idx: '{}': expected {} more bytes, got {} (truncated file)", path, bytes,
             n < 0 ? 0 : n);
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  GzFile file(gzopen(path.c_str(), "rb"), &gzclose);
  AXON_CHECK(file != nullptr, "read_idx: cannot open '{}'", path);
  // Magic: two zero bytes, the element type, the number of dims.
  uint8_t magic[4];
  read_exact(file.get(), magic, sizeof magic, path);
  AXON_CHECK(magic[0] == 0 && magic[1] == 0 && magic[2] == kUnsignedByte,
             "read_idx: '{}': expected an IDX file of unsigned bytes (magic 00 00 08 xx), got "
             "{:02x} {:02x} {:02x} {:02x}",
             path, magic[0], magic[1], magic[2], magic[3]);
  IdxArray array;
  size_t count = 1;
  for (int d = 0; d < magic[3]; ++d) {
    uint8_t be[4];
    read_exact(file.get(), be, sizeof be, path);
    const int64_t size = (int64_t{be[0]} << 24) | (be[1] << 16) | (be[2] << 8) | be[3];
    array.shape.push_back(size);
    count *= static_cast<size_t>(size);
  }
  array.data.resize(count);
  read_exact(file.get(), array.data.data(), count, path);
  return array;
}

}  // namespace bench
