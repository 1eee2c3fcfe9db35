// The shell (and .env) lexer of `axon port`: a # starts a comment only at the
// start of a word and outside quotes, so `echo "#1" ${#list} a#b` has none.
#include <algorithm>
#include <cctype>

#include "port/lexer.h"

namespace axon::port {
namespace {

// 'text' has no escapes; $'text' (ANSI-C quoting), "text" and `text` have.
size_t literal_end(std::string_view text, size_t i) {
  const char c = text[i];
  if (c == '\'' && (i == 0 || text[i - 1] != '$'))
    return std::min(text.find('\'', i + 1), text.size() - 1) + 1;
  if (c == '\'' || c == '"' || c == '`') return skip_quoted(text, i, false);
  return std::string_view::npos;
}

size_t comment_end(std::string_view text, size_t i) {
  const bool word_start = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])) ||
                          std::string_view(";&|()<>").find(text[i - 1]) != std::string_view::npos;
  if (text[i] != '#' || !word_start) return std::string_view::npos;
  return std::min(text.find('\n', i), text.size());
}

}  // namespace

std::vector<Segment> lex_shell(std::string_view text) {
  return lex_hash_comments(text, in_script, literal_end, comment_end);
}

}  // namespace axon::port
