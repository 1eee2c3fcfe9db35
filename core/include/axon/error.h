// Errors. Two tiers, both exceptions (a library never aborts the process):
//   AXON_CHECK(cond, fmt, args...)  the caller got something wrong;
//   AXON_ASSERT(cond, fmt, args...) our own invariant broke ("internal error").
// Messages name the op, what was expected and what came.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace axon {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what);
  ~Error() override;
};

// A device could not satisfy an allocation; the device stays usable.
class OutOfMemoryError : public Error {
 public:
  OutOfMemoryError(const std::string& device, uint64_t requested, uint64_t in_use,
                   uint64_t capacity);
  ~OutOfMemoryError() override;
  uint64_t requested, in_use, capacity;
};

// Prefixes the messages of errors raised inside its scope with an op name, so
// that a kernel's "index 7 out of range" reads "cross_entropy: gather: ...".
class ErrorContext {
 public:
  explicit ErrorContext(const char* name);
  ~ErrorContext();
  ErrorContext(const ErrorContext&) = delete;
  ErrorContext& operator=(const ErrorContext&) = delete;
  static std::string prefix();
};

[[noreturn]] void throw_error(const std::string& message);
[[noreturn]] void throw_internal(const char* file, int line, const std::string& message);

}  // namespace axon

#define AXON_CHECK(cond, ...)                                   \
  do {                                                          \
    if (!(cond)) ::axon::throw_error(fmt::format(__VA_ARGS__)); \
  } while (0)

#define AXON_ASSERT(cond, ...)                                                         \
  do {                                                                                 \
    if (!(cond)) ::axon::throw_internal(__FILE__, __LINE__, fmt::format(__VA_ARGS__)); \
  } while (0)
