// The rewriter of `axon port` for one file: lexes it by language, applies the
// rule table to the segments, and says what changed line by line and what
// needs manual review.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace axon::port {

enum class Language { none, cxx, cuda, cmake, json, shell };

// By name: .h .hh .hpp .hxx .inl .c .cc .cpp .cxx (C++), .cu .cuh (CUDA),
// CMakeLists.txt and *.cmake, *.json, *.sh *.bash, .env and *.env and
// .env.* files; a file without an extension whose `head` starts with a #!
// line naming sh, bash, dash or zsh is a shell script. Anything else: none.
Language language_of(const std::filesystem::path& file, std::string_view head);

struct LineChange {
  int line = 0;  // 1-based; a rewrite never adds or removes lines
  std::vector<std::string> rules;
  std::string before, after;  // the line without its line break
};

struct Finding {
  int line = 0;  // 0: the whole file
  std::string rule;
  std::string found;  // what matched ("cudaMalloc, cudaMemcpy"), or a detail
};

struct FilePort {
  bool scanned = false;  // false when the text is not valid UTF-8
  std::string text;      // the ported text (the input when nothing changed)
  std::vector<LineChange> changes;
  std::vector<Finding> review;
};

// Ports `text`, written in `language` (not none), to the device type `to`.
// CUDA files are only scanned: they are listed for review, never rewritten.
FilePort port_text(std::string_view text, Language language, std::string_view to);

}  // namespace axon::port
