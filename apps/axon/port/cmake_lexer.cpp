// The CMake lexer of `axon port`: # line comments and #[[ ]] bracket comments
// are left out; a # inside "quoted" or [[bracket]] arguments, or escaped as
// \#, starts none.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "port/lexer.h"

namespace axon::port {
namespace {

// When a bracket [==[ opens at `i`: the offset past its ]==] (or the end of
// the text); otherwise npos.
size_t bracket_end(std::string_view text, size_t i) {
  if (i >= text.size() || text[i] != '[') return std::string_view::npos;
  size_t j = i + 1;
  while (j < text.size() && text[j] == '=') ++j;
  if (j == text.size() || text[j] != '[') return std::string_view::npos;
  const std::string close = fmt::format("]{}]", std::string(j - i - 1, '='));
  const size_t end = text.find(close, j + 1);
  return end == std::string_view::npos ? text.size() : end + close.size();
}

size_t literal_end(std::string_view text, size_t i) {
  return text[i] == '"' ? skip_quoted(text, i, false) : bracket_end(text, i);
}

size_t comment_end(std::string_view text, size_t i) {
  if (text[i] != '#') return std::string_view::npos;
  const size_t bracket = bracket_end(text, i + 1);
  return bracket != std::string_view::npos ? bracket : std::min(text.find('\n', i), text.size());
}

}  // namespace

std::vector<Segment> lex_cmake(std::string_view text) {
  return lex_hash_comments(text, in_cmake, literal_end, comment_end);
}

}  // namespace axon::port
