// The C++ lexer of `axon port`: enough of translation phases 1-3 to tell
// code, comments and literals apart, including where naive tools go wrong:
//   a // comment whose line ends in a backslash goes on to the next line;
//   char q = '"'; auto d = "cuda";          (the quote in '"' opens nothing)
//   auto n = 1'000; auto d = "cuda";        (a digit separator, not a char literal)
//   R"x(a "quoted" )" inside)x"             (a raw string ends at )x" only)
//   #include "cuda_helpers.h"               (a header name, not a string)
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "port/lexer.h"

namespace axon::port {
namespace {

bool is_ident_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || c == '$' || u >= 0x80;
}
bool is_ident_char(char c) {
  return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c));
}
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (const auto w : words) {
    if (word == w) return true;
  }
  return false;
}

class CxxLexer {
 public:
  explicit CxxLexer(std::string_view text) : text_(text) {}

  std::vector<Segment> run() {
    while (i_ < text_.size()) step();
    return out_.finish(text_.size());
  }

 private:
  bool at(size_t i, std::string_view s) const { return text_.substr(i, s.size()) == s; }

  // The length of the backslash-newline at i (0 when there is none).
  size_t continuation_at(size_t i) const {
    if (at(i, "\\\n")) return 2;
    return at(i, "\\\r\n") ? 3 : 0;
  }

  // Where the logical line holding `i` ends: its newline, unless a backslash
  // continues it.
  size_t logical_line_end(size_t i) const {
    for (;; ++i) {
      i = std::min(text_.find('\n', i), text_.size());
      const size_t before = i > 0 && text_[i - 1] == '\r' ? i - 1 : i;
      if (i == text_.size() || before == 0 || text_[before - 1] != '\\') return i;
    }
  }

  void step() {
    const char c = text_[i_];
    if (const size_t n = continuation_at(i_)) {
      i_ += n;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      line_start_ = line_start_ || c == '\n';
      ++i_;
    } else {
      const bool line_start = line_start_;
      line_start_ = false;
      token(c, line_start);
    }
  }

  void token(char c, bool line_start) {
    if (at(i_, "//")) {
      skip(logical_line_end(i_));
    } else if (at(i_, "/*")) {
      const size_t end = text_.find("*/", i_ + 2);
      skip(end == std::string_view::npos ? text_.size() : end + 2);
      line_start_ = line_start;  // a comment is white space
    } else if (c == '#' && line_start) {
      directive();
    } else if (c == '"') {
      string_literal(i_);
    } else if (c == '\'') {
      i_ = skip_quoted(text_, i_, true);  // a char literal stays in the code
    } else if (is_ident_start(c)) {
      identifier();
    } else if (is_digit(c) || (c == '.' && i_ + 1 < text_.size() && is_digit(text_[i_ + 1]))) {
      number();
    } else {
      ++i_;
    }
  }

  // Leaves [i_, end) out of every segment (a comment, the text of #error).
  void skip(size_t end) {
    out_.cut(i_, end);
    i_ = end;
  }

  // At the '#' that starts a line: header names and #error text are no code.
  void directive() {
    size_t j = i_ + 1;
    while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t')) ++j;
    size_t name_end = j;
    while (name_end < text_.size() && is_ident_char(text_[name_end])) ++name_end;
    const std::string_view name = text_.substr(j, name_end - j);
    i_ = name_end;
    if (is_one_of(name, {"error", "warning"})) {
      skip(logical_line_end(i_));
    } else if (is_one_of(name, {"include", "include_next", "import"})) {
      header_name();
    }
  }

  // #include <name> or "name" (on the directive's line).
  void header_name() {
    size_t open = i_;
    while (open < text_.size() && (text_[open] == ' ' || text_[open] == '\t')) ++open;
    if (open == text_.size() || (text_[open] != '<' && text_[open] != '"')) return;
    const size_t close = text_.find_first_of(text_[open] == '<' ? ">\n" : "\"\n", open + 1);
    if (close == std::string_view::npos || text_[close] == '\n') return;
    out_.cut(open, {in_include, open + 1, close}, close + 1);
    i_ = close + 1;
  }

  void string_literal(size_t open) {
    const size_t close = skip_quoted(text_, open, true);
    out_.cut(open, literal_text(text_, open, close), close);
    i_ = close;
  }

  // R"delim(text)delim" with `quote` at its '"'; without a valid delimiter and
  // '(' it is read as an ordinary literal.
  void raw_literal(size_t quote) {
    size_t paren = quote + 1;
    while (paren < text_.size() && paren - quote <= 17 &&
           std::string_view(" ()\\\t\v\f\n\r").find(text_[paren]) == std::string_view::npos)
      ++paren;
    if (paren == text_.size() || text_[paren] != '(') return string_literal(quote);
    const std::string close = fmt::format("){}\"", text_.substr(quote + 1, paren - quote - 1));
    const size_t end = std::min(text_.find(close, paren + 1), text_.size());
    const size_t after = std::min(end + close.size(), text_.size());
    out_.cut(quote, {in_literal, paren + 1, end}, after);
    i_ = after;
  }

  // An identifier, or the encoding prefix of a literal (u8"...", LR"(...)").
  void identifier() {
    size_t j = i_;
    while (j < text_.size() && is_ident_char(text_[j])) ++j;
    const std::string_view word = text_.substr(i_, j - i_);
    const char next = j < text_.size() ? text_[j] : '\0';
    if (next == '"' && is_one_of(word, {"R", "u8R", "uR", "UR", "LR"})) return raw_literal(j);
    if (next == '"' && is_one_of(word, {"u8", "u", "U", "L"})) return string_literal(j);
    if (next == '\'' && is_one_of(word, {"u8", "u", "U", "L"})) j = skip_quoted(text_, j, true);
    i_ = j;
  }

  // A pp-number: 0x1F, 1e+5, 1'000'000 (a quote between digits separates them).
  void number() {
    size_t j = i_ + 1;
    while (j < text_.size()) {
      const char c = text_[j];
      if (is_alnum(c) || c == '_' || c == '.') {
        ++j;
      } else if (c == '\'' && j + 1 < text_.size() && is_alnum(text_[j + 1])) {
        j += 2;
      } else if ((c == '+' || c == '-') &&
                 std::string_view("eEpP").find(text_[j - 1]) != std::string_view::npos) {
        ++j;
      } else {
        break;
      }
    }
    i_ = j;
  }

  std::string_view text_;
  size_t i_ = 0;
  bool line_start_ = true;
  SegmentList out_{in_code};
};

}  // namespace

std::vector<Segment> lex_cxx(std::string_view text) { return CxxLexer(text).run(); }

}  // namespace axon::port
