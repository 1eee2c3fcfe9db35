// IDX files through zlib's gz* functions, which read plain and gzip files
// alike and write either ("wb" compresses, "wbT" writes plain).
#include <axon/error.h>
#include <axon/idx.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>

namespace axon::data {

namespace {

using GzFile = std::unique_ptr<gzFile_s, decltype(&gzclose)>;

// zlib's int-sized reads and writes: large arrays go in pieces of this many bytes.
constexpr size_t kChunkBytes = size_t{1} << 30;

GzFile open_gz(const std::string& path, const char* mode, const char* op) {
  errno = 0;
  GzFile file(gzopen(path.c_str(), mode), &gzclose);
  AXON_CHECK(file != nullptr, "{}: cannot open '{}': {}", op, path,
             errno != 0 ? std::strerror(errno) : "out of memory");
  gzbuffer(file.get(), 1 << 20);
  return file;
}

// zlib's description of the last error, without the "<path>: " it puts first.
std::string gz_message(gzFile file, const std::string& path) {
  int code = Z_OK;
  const std::string message = gzerror(file, &code);
  if (code == Z_ERRNO) return std::strerror(errno);
  const std::string prefix = path + ": ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

// Reads up to `bytes` bytes of `what`; returns how many (0 at the end of the file).
size_t read_some(gzFile file, uint8_t* out, size_t bytes, const std::string& path,
                 const char* what) {
  const int n = gzread(file, out, static_cast<unsigned>(std::min(bytes, kChunkBytes)));
  AXON_CHECK(n >= 0, "read_idx: '{}': corrupt gzip data in the {}: {}", path, what,
             gz_message(file, path));
  return static_cast<size_t>(n);
}

// Reads exactly `bytes` bytes of `what` or throws naming the file.
void read_exact(gzFile file, uint8_t* out, size_t bytes, const std::string& path,
                const char* what) {
  for (size_t done = 0; done < bytes;) {
    const size_t n = read_some(file, out + done, bytes - done, path, what);
    AXON_CHECK(n > 0, "read_idx: '{}': truncated file: expected {} bytes of {}, got {}", path,
               bytes, what, done);
    done += n;
  }
}

void write_all(gzFile file, const uint8_t* data, size_t bytes, const std::string& path) {
  for (size_t done = 0; done < bytes;) {
    const auto piece = static_cast<unsigned>(std::min(bytes - done, kChunkBytes));
    const int n = gzwrite(file, data + done, piece);
    AXON_CHECK(n > 0, "write_idx: '{}': {}", path, gz_message(file, path));
    done += static_cast<size_t>(n);
  }
}

// IDX stores every multi-byte value big-endian.
template <class T>
T load_big_endian(const uint8_t* p) {
  uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, p, sizeof(T));
  if constexpr (std::endian::native == std::endian::little) std::reverse(bytes, bytes + sizeof(T));
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

template <class T>
void store_big_endian(T value, uint8_t* p) {
  std::memcpy(p, &value, sizeof(T));
  if constexpr (std::endian::native == std::endian::little) std::reverse(p, p + sizeof(T));
}

// Calls f with a value of the C++ type of an IDX element type.
template <class F>
decltype(auto) visit_type(IdxType type, F&& f) {
  switch (type) {
    case IdxType::u8:
      return f(uint8_t{});
    case IdxType::i8:
      return f(int8_t{});
    case IdxType::i16:
      return f(int16_t{});
    case IdxType::i32:
      return f(int32_t{});
    case IdxType::f32:
      return f(float{});
    case IdxType::f64:
      return f(double{});
  }
  AXON_ASSERT(false, "idx: unhandled element type {:#04x}", static_cast<int>(type));
}

IdxType checked_type(uint8_t code, const std::string& path) {
  constexpr IdxType kTypes[] = {IdxType::u8,  IdxType::i8,  IdxType::i16,
                                IdxType::i32, IdxType::f32, IdxType::f64};
  const auto* found = std::find(std::begin(kTypes), std::end(kTypes), static_cast<IdxType>(code));
  AXON_CHECK(found != std::end(kTypes),
             "read_idx: '{}': unknown element type {:#04x} in the magic number (expected 0x08 u8, "
             "0x09 i8, 0x0b i16, 0x0c i32, 0x0d f32 or 0x0e f64)",
             path, code);
  return *found;
}

// The sizes that follow the magic number, one big-endian u32 per dim.
Shape read_shape(gzFile file, int ndims, const std::string& path) {
  Shape shape;
  int64_t count = 1;
  for (int d = 0; d < ndims; ++d) {
    uint8_t be[4];
    read_exact(file, be, sizeof be, path, "dimension sizes");
    shape.push_back(load_big_endian<uint32_t>(be));
    AXON_CHECK(shape.back() == 0 || count <= std::numeric_limits<int64_t>::max() / shape.back(),
               "read_idx: '{}': dimension sizes {} overflow the element count", path, shape);
    count *= shape.back();
  }
  return shape;
}

// The elements after the header: (numel(shape)) big-endian Raw values.
template <class Raw>
Tensor read_elements(gzFile file, const Shape& shape, const std::string& path) {
  std::vector<uint8_t> bytes(static_cast<size_t>(numel(shape)) * sizeof(Raw));
  read_exact(file, bytes.data(), bytes.size(), path, "data");
  uint8_t extra;
  AXON_CHECK(read_some(file, &extra, 1, path, "data") == 0,
             "read_idx: '{}': trailing data after the {} elements of shape {}", path, numel(shape),
             shape);
  if constexpr (std::is_same_v<Raw, uint8_t>) {
    return from_vector(bytes, shape);
  } else {
    using Out = std::conditional_t<std::is_integral_v<Raw>, int64_t, Raw>;
    std::vector<Out> values(bytes.size() / sizeof(Raw));
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<Out>(load_big_endian<Raw>(&bytes[i * sizeof(Raw)]));
    return from_vector(values, shape);
  }
}

// The header: 00 00 <type> <ndims>, then the sizes.
std::vector<uint8_t> header_of(const Tensor& tensor, IdxType type, const std::string& path) {
  AXON_CHECK(tensor.dim() <= 255, "write_idx: '{}': expected at most 255 dims, got {}", path,
             tensor.dim());
  std::vector<uint8_t> header{0, 0, static_cast<uint8_t>(type), static_cast<uint8_t>(tensor.dim())};
  for (int64_t size : tensor.shape()) {
    AXON_CHECK(size <= std::numeric_limits<uint32_t>::max(),
               "write_idx: '{}': dimension size {} does not fit the header's u32", path, size);
    header.resize(header.size() + 4);
    store_big_endian(static_cast<uint32_t>(size), &header[header.size() - 4]);
  }
  return header;
}

// values (n) -> n big-endian Raw; integers must fit Raw.
template <class Raw, class Host>
std::vector<uint8_t> encode(const std::vector<Host>& values, const std::string& path) {
  std::vector<uint8_t> bytes(values.size() * sizeof(Raw));
  for (size_t i = 0; i < values.size(); ++i) {
    if constexpr (std::is_integral_v<Raw>) {
      AXON_CHECK(values[i] >= std::numeric_limits<Raw>::min() &&
                     values[i] <= std::numeric_limits<Raw>::max(),
                 "write_idx: '{}': value {} at index {} does not fit the element type ({}..{})",
                 path, values[i], i, int64_t{std::numeric_limits<Raw>::min()},
                 int64_t{std::numeric_limits<Raw>::max()});
    }
    store_big_endian(static_cast<Raw>(values[i]), &bytes[i * sizeof(Raw)]);
  }
  return bytes;
}

// Writes the elements in pieces, so that a whole image set is never held as
// i64 or f64 on the host at once.
template <class Raw>
void write_elements(gzFile file, const Tensor& tensor, const std::string& path) {
  using Host = std::conditional_t<std::is_integral_v<Raw>, int64_t, double>;
  constexpr int64_t kPiece = int64_t{1} << 20;
  const Tensor flat = tensor.reshape({tensor.numel()}).to(dtype_of<Host>());
  for (int64_t start = 0; start < flat.numel(); start += kPiece) {
    const int64_t length = std::min(kPiece, flat.numel() - start);
    const std::vector<uint8_t> bytes =
        encode<Raw>(flat.narrow(0, start, length).to_vector<Host>(), path);
    write_all(file, bytes.data(), bytes.size(), path);
  }
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Tensor read_idx(const std::string& path) {
  GzFile file = open_gz(path, "rb", "read_idx");
  uint8_t magic[4];
  read_exact(file.get(), magic, sizeof magic, path, "magic number");
  AXON_CHECK(magic[0] == 0 && magic[1] == 0,
             "read_idx: '{}': bad magic number: expected 00 00 <type> <dims>, got {:02x} {:02x} "
             "{:02x} {:02x} (not an IDX file)",
             path, magic[0], magic[1], magic[2], magic[3]);
  const IdxType type = checked_type(magic[2], path);
  const Shape shape = read_shape(file.get(), magic[3], path);
  return visit_type(
      type, [&](auto raw) { return read_elements<decltype(raw)>(file.get(), shape, path); });
}

void write_idx(const std::string& path, const Tensor& tensor, IdxType type) {
  AXON_CHECK(tensor.defined(), "write_idx: '{}': expected a tensor, got an undefined one", path);
  const bool integral =
      visit_type(type, [](auto raw) { return std::is_integral_v<decltype(raw)>; });
  AXON_CHECK(!integral || !is_floating(tensor.dtype()),
             "write_idx: '{}': expected an integer tensor for an integer element type, got {}",
             path, dtype_name(tensor.dtype()));
  const std::vector<uint8_t> header = header_of(tensor, type, path);
  GzFile file = open_gz(path, ends_with(path, ".gz") ? "wb" : "wbT", "write_idx");
  write_all(file.get(), header.data(), header.size(), path);
  visit_type(type, [&](auto raw) { write_elements<decltype(raw)>(file.get(), tensor, path); });
  AXON_CHECK(gzclose(file.release()) == Z_OK, "write_idx: '{}': cannot finish the file", path);
}

}  // namespace axon::data
