#include "port/lexer.h"

#include <algorithm>

namespace axon::port {

size_t skip_quoted(std::string_view text, size_t open, bool one_line) {
  const char quote = text[open];
  size_t i = open + 1;
  while (i < text.size() && text[i] != quote) {
    if (one_line && text[i] == '\n') return i;
    i += text[i] == '\\' ? 2 : 1;
  }
  return std::min(i + 1, text.size());
}

Segment literal_text(std::string_view text, size_t open, size_t close) {
  const bool terminated = close > open + 1 && text[close - 1] == text[open];
  return {in_literal, open + 1, terminated ? close - 1 : close};
}

std::vector<Segment> lex_hash_comments(std::string_view text, Context context, EndOf literal_end,
                                       EndOf comment_end) {
  SegmentList out(context);
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\\') {
      i += 2;
    } else if (const size_t end = literal_end(text, i); end != std::string_view::npos) {
      i = end;
    } else if (const size_t end = comment_end(text, i); end != std::string_view::npos) {
      out.cut(i, end);
      i = end;
    } else {
      ++i;
    }
  }
  return out.finish(text.size());
}

void SegmentList::cut(size_t pos, size_t resume) {
  if (pos > start_) segments_.push_back({context_, start_, pos});
  start_ = resume;
}

void SegmentList::cut(size_t pos, Segment other, size_t resume) {
  cut(pos, resume);
  segments_.push_back(other);
}

std::vector<Segment> SegmentList::finish(size_t end) {
  cut(end, end);
  return std::move(segments_);
}

}  // namespace axon::port
