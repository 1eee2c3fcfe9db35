// The JSON lexer of `axon port`: the string values of a config, not its keys
// ({"device": "cuda"} gives one segment, `cuda`). // and /* */ comments, which
// some configs carry, are skipped.
#include <algorithm>
#include <cctype>

#include "port/lexer.h"

namespace axon::port {
namespace {

// A string is a key when the next thing after it is a ':'.
bool is_key(std::string_view text, size_t after) {
  while (after < text.size() && std::isspace(static_cast<unsigned char>(text[after]))) ++after;
  return after < text.size() && text[after] == ':';
}

}  // namespace

std::vector<Segment> lex_json(std::string_view text) {
  std::vector<Segment> out;
  size_t i = 0;
  while (i < text.size()) {
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("//")) {
      i = std::min(text.find('\n', i), text.size());
    } else if (rest.starts_with("/*")) {
      i = std::min(text.find("*/", i + 2), text.size() - 2) + 2;
    } else if (text[i] == '"') {
      const size_t close = skip_quoted(text, i, true);
      if (!is_key(text, close)) out.push_back(literal_text(text, i, close));
      i = close;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace axon::port
