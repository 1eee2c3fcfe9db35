// load_safetensors: validates the whole header against the file before it
// allocates anything (sizes, dtypes, shapes, offsets), then reads each tensor
// straight into a cpu tensor. Follows the format's reference checks: the
// tensors' byte ranges must tile the data buffer exactly (no gap, no overlap).
#include <axon/error.h>
#include <axon/state_dict.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/safetensors_dtype.h"

namespace axon {

namespace {

using Json = nlohmann::ordered_json;

struct Entry {
  std::string name;
  DType dtype;
  Shape shape;
  uint64_t begin;
  uint64_t end;
};

// Throws "load_safetensors: '<path>': <what>".
[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw_error(fmt::format("load_safetensors: '{}': {}", path, what));
}

// fail() unless ok; formats only on failure.
template <class... Args>
void check(bool ok, const std::string& path, fmt::format_string<Args...> what, Args&&... args) {
  if (!ok) fail(path, fmt::format(what, std::forward<Args>(args)...));
}

uint64_t file_size(std::ifstream& in) {
  in.seekg(0, std::ios::end);
  const auto size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  return size;
}

uint64_t read_u64_le(std::ifstream& in) {
  unsigned char bytes[8];
  in.read(reinterpret_cast<char*>(bytes), sizeof bytes);
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

Json parse_header(std::ifstream& in, uint64_t length, const std::string& path) {
  std::string text(length, '\0');
  in.read(text.data(), static_cast<std::streamsize>(length));
  check(in.good(), path, "cannot read the {}-byte header", length);
  Json header;
  try {
    header = Json::parse(text);
  } catch (const Json::parse_error& e) {
    fail(path, fmt::format("invalid JSON header: {}", e.what()));
  }
  check(header.is_object(), path, "expected the header to be a JSON object, got {}",
        header.type_name());
  return header;
}

Metadata parse_metadata(const Json& value, const std::string& path) {
  check(value.is_object(), path, "expected \"__metadata__\" to be an object, got {}",
        value.type_name());
  Metadata metadata;
  for (const auto& [key, item] : value.items()) {
    check(item.is_string(), path, "expected string values in \"__metadata__\", got {} for '{}'",
          item.type_name(), key);
    metadata[key] = item.get<std::string>();
  }
  return metadata;
}

// Reads a JSON array of non-negative integers (a shape or data_offsets).
std::vector<uint64_t> parse_uints(const Json& value, const std::string& path,
                                  const std::string& name, const char* field) {
  check(value.is_array(), path, "tensor '{}': expected \"{}\" to be an array, got {}", name, field,
        value.type_name());
  std::vector<uint64_t> out;
  for (const Json& item : value) {
    check(item.is_number_unsigned(), path,
          "tensor '{}': expected non-negative integers in \"{}\", got {}", name, field,
          item.dump());
    out.push_back(item.get<uint64_t>());
  }
  return out;
}

Entry parse_entry(const std::string& name, const Json& value, uint64_t buffer_size,
                  const std::string& path) {
  check(value.is_object() && value.contains("dtype") && value.contains("shape") &&
            value.contains("data_offsets"),
        path, "tensor '{}': expected an object with dtype, shape and data_offsets, got {}", name,
        value.dump());
  const Json& dtype_value = value["dtype"];
  check(dtype_value.is_string(), path, "tensor '{}': expected a string dtype, got {}", name,
        dtype_value.dump());
  const auto dtype = io::parse_safetensors_dtype(dtype_value.get<std::string>());
  check(dtype.has_value(), path, "tensor '{}': unsupported dtype '{}' (supported: {})", name,
        dtype_value.get<std::string>(), io::safetensors_dtype_names());
  const std::vector<uint64_t> dims = parse_uints(value["shape"], path, name, "shape");
  const std::vector<uint64_t> offsets =
      parse_uints(value["data_offsets"], path, name, "data_offsets");
  check(offsets.size() == 2, path, "tensor '{}': expected 2 data_offsets [begin, end], got {}",
        name, offsets.size());
  Entry entry{name, *dtype, {}, offsets[0], offsets[1]};
  uint64_t expected = dtype_size(*dtype);
  for (uint64_t d : dims) {
    check(d <= static_cast<uint64_t>(INT64_MAX) && !__builtin_mul_overflow(expected, d, &expected),
          path, "tensor '{}': shape {} is too large", name, dims);
    entry.shape.push_back(static_cast<int64_t>(d));
  }
  check(entry.begin <= entry.end && entry.end <= buffer_size, path,
        "tensor '{}': data_offsets [{}, {}] out of range for a data buffer of {} bytes", name,
        entry.begin, entry.end, buffer_size);
  check(entry.end - entry.begin == expected, path,
        "tensor '{}': data_offsets [{}, {}] hold {} bytes, expected {} for {} {}", name,
        entry.begin, entry.end, entry.end - entry.begin, expected, dtype_value.get<std::string>(),
        shape_str(entry.shape));
  return entry;
}

// The byte ranges, sorted, must cover [0, buffer_size) exactly once.
void check_tiling(std::vector<Entry> entries, uint64_t buffer_size, const std::string& path) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t covered = 0;
  for (const Entry& e : entries) {
    check(e.begin >= covered, path, "tensor '{}': data_offsets [{}, {}] overlap another tensor",
          e.name, e.begin, e.end);
    check(e.begin == covered, path, "bytes [{}, {}) of the data buffer belong to no tensor",
          covered, e.begin);
    covered = e.end;
  }
  check(covered == buffer_size, path,
        "the tensors cover {} bytes but the data buffer holds {} (trailing bytes)", covered,
        buffer_size);
}

Tensor read_tensor(std::ifstream& in, uint64_t data_start, const Entry& entry,
                   const std::string& path) {
  Tensor t = empty(entry.shape, TensorOptions(entry.dtype));
  const uint64_t bytes = entry.end - entry.begin;
  if (bytes == 0) return t;
  AXON_ASSERT(t.device().is_host() && t.is_contiguous(),
              "load_safetensors: expected a contiguous host tensor, got one on {}",
              t.device().name());
  in.seekg(static_cast<std::streamoff>(data_start + entry.begin));
  in.read(static_cast<char*>(t.impl()->storage->data()) +
              t.offset() * static_cast<int64_t>(dtype_size(t.dtype())),
          static_cast<std::streamsize>(bytes));
  check(in.good(), path, "tensor '{}': cannot read {} bytes at offset {}", entry.name, bytes,
        data_start + entry.begin);
  return t;
}

}  // namespace

StateDict load_safetensors(const std::string& path, Metadata* metadata) {
  std::ifstream in(path, std::ios::binary);
  check(in.is_open(), path, "cannot open: {}", std::strerror(errno));
  const uint64_t size = file_size(in);
  check(size >= 8, path, "file is {} bytes, expected at least 8 (the header length)", size);
  const uint64_t header_length = read_u64_le(in);
  check(header_length <= size - 8, path,
        "header length {} exceeds the {} bytes that follow the length field (truncated or not "
        "a safetensors file)",
        header_length, size - 8);
  const Json header = parse_header(in, header_length, path);
  const uint64_t data_start = 8 + header_length;
  const uint64_t buffer_size = size - data_start;

  std::vector<Entry> entries;
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      Metadata parsed = parse_metadata(value, path);
      if (metadata != nullptr) *metadata = std::move(parsed);
    } else {
      entries.push_back(parse_entry(name, value, buffer_size, path));
    }
  }
  check_tiling(entries, buffer_size, path);

  StateDict state;
  for (const Entry& entry : entries)
    state.insert(entry.name, read_tensor(in, data_start, entry, path));
  return state;
}

}  // namespace axon
