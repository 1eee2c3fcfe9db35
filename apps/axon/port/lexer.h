// The lexers of `axon port`: each cuts a file into the segments the rules may
// look at (rules.h's Context), leaving out what no rule may touch: comments
// everywhere, JSON keys, the text of #error.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "port/rules.h"

namespace axon::port {

struct Segment {
  Context context;
  size_t begin = 0, end = 0;  // byte offsets into the file
};

// C++ (and CUDA): code, string literal texts (ordinary, prefixed and raw),
// #include header names. Knows // and /* */ comments, line continuations
// (a // comment ending in a backslash goes on), escaped quotes, char literals
// ('"' opens no string), digit separators (1'000), R"d(...)d" raw strings.
std::vector<Segment> lex_cxx(std::string_view text);
// CMake: everything but # and #[[ ]] comments, as one in_cmake context.
std::vector<Segment> lex_cmake(std::string_view text);
// Shell scripts and .env files: everything but comments (a # that starts a
// word outside quotes), as in_script.
std::vector<Segment> lex_shell(std::string_view text);
// JSON (and JSON with comments): the text of each string value, as in_literal.
std::vector<Segment> lex_json(std::string_view text);

// The offset just past the closing `quote` of the literal opened at `open`,
// skipping backslash escapes. At a newline when `one_line` (an unterminated
// literal ends with its line) or at the end of the text.
size_t skip_quoted(std::string_view text, size_t open, bool one_line);
// The text of the literal [open, close) between its quotes, as an in_literal
// segment (an unterminated literal has no closing quote to leave out).
Segment literal_text(std::string_view text, size_t open, size_t close);

// Where a literal or a comment opened at `i` ends; npos when none opens there.
using EndOf = size_t (*)(std::string_view text, size_t i);

// The shape CMake and shell share: everything is `context` but the comments;
// a backslash escapes the next character, and no comment starts inside a
// literal (whose text the rules do see).
std::vector<Segment> lex_hash_comments(std::string_view text, Context context, EndOf literal_end,
                                       EndOf comment_end);

// Collects the segments of one context between the parts a lexer skips.
class SegmentList {
 public:
  explicit SegmentList(Context context) : context_(context) {}
  // The running segment ends at `pos`; `other` (when given) is added, and the
  // next segment of the list's context starts at `resume`.
  void cut(size_t pos, size_t resume);
  void cut(size_t pos, Segment other, size_t resume);
  std::vector<Segment> finish(size_t end);

 private:
  Context context_;
  size_t start_ = 0;
  std::vector<Segment> segments_;
};

}  // namespace axon::port
