#include <axon/error.h>

#include <vector>

namespace axon {

namespace {
thread_local std::vector<const char*> context_stack;
}

Error::Error(const std::string& what) : std::runtime_error(what) {}
Error::~Error() = default;

OutOfMemoryError::OutOfMemoryError(const std::string& device, uint64_t requested_bytes,
                                   uint64_t in_use_bytes, uint64_t capacity_bytes)
    : Error(fmt::format("{}: out of memory: tried to allocate {} bytes with {} bytes in use of a "
                        "capacity of {} bytes",
                        device, requested_bytes, in_use_bytes, capacity_bytes)),
      requested(requested_bytes),
      in_use(in_use_bytes),
      capacity(capacity_bytes) {}
OutOfMemoryError::~OutOfMemoryError() = default;

ErrorContext::ErrorContext(const char* name) { context_stack.push_back(name); }
ErrorContext::~ErrorContext() { context_stack.pop_back(); }

std::string ErrorContext::prefix() {
  std::string out;
  for (const char* name : context_stack) out += fmt::format("{}: ", name);
  return out;
}

void throw_error(const std::string& message) { throw Error(ErrorContext::prefix() + message); }

void throw_internal(const char* file, int line, const std::string& message) {
  throw Error(fmt::format("internal error, please report: {} ({}:{})", message, file, line));
}

}  // namespace axon
