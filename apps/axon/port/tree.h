// The tree walker of `axon port`: copies SOURCE to OUTPUT, rewriting the files
// the lexers know and copying every other file byte for byte, and writes
// report.md and report.json at OUTPUT's root.
#pragma once

#include <filesystem>
#include <string>

#include "port/report.h"

namespace axon::port {

struct PortOptions {
  std::filesystem::path source;
  std::filesystem::path output;  // empty: SOURCE_<to>, next to the source
  std::string from = "cuda";
  std::string to = "mlu";
  bool dry_run = false;  // write nothing, only make the report
};

// OUTPUT may be missing, empty, or a previous port (its report.json says
// "tool": "axon port"), which is replaced as a whole; anything else is
// refused, as is an OUTPUT inside SOURCE or around it. The tree is written
// in a temporary folder next to OUTPUT and renamed at the end, so a failed
// port leaves OUTPUT as it was. A previous port's report at SOURCE's root is
// not carried over (the new one takes its place).
Report port_tree(const PortOptions& options);

}  // namespace axon::port
