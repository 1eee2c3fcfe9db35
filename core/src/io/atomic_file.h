// Internal: a file that appears at its path only when complete. Writes go to
// a temporary file in the same folder; commit() fsyncs it, renames it over the
// path and fsyncs the folder, so a crash leaves the old file or the new one,
// never a torn one. Destroyed uncommitted, the temporary file is removed.
#pragma once

#include <cstddef>
#include <string>

namespace axon::io {

class AtomicFile {
 public:
  // `owner` names the caller in errors ("save_safetensors").
  AtomicFile(std::string path, std::string owner);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t bytes);
  void commit();

 private:
  [[noreturn]] void fail(const std::string& what, int error) const;

  std::string path_;
  std::string owner_;
  std::string temp_path_;
  int fd_ = -1;
};

}  // namespace axon::io
