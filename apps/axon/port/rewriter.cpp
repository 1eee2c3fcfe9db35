#include "port/rewriter.h"

#include <axon/error.h>

#include <algorithm>
#include <map>
#include <regex>

#include "port/lexer.h"
#include "port/rules.h"

namespace axon::port {
namespace {

struct CompiledRule {
  const Rule* rule;
  std::vector<std::regex> patterns;
};

const std::vector<CompiledRule>& compiled_rules() {
  static const std::vector<CompiledRule> compiled = [] {
    std::vector<CompiledRule> out;
    for (const Rule& r : rules()) {
      CompiledRule c{&r, {}};
      for (const std::string_view p : r.patterns) c.patterns.emplace_back(p.begin(), p.end());
      out.push_back(std::move(c));
    }
    return out;
  }();
  return compiled;
}

std::vector<Segment> segments_of(std::string_view text, Language language) {
  switch (language) {
    case Language::cxx:
    case Language::cuda:
      return lex_cxx(text);
    case Language::cmake:
      return lex_cmake(text);
    case Language::json:
      return lex_json(text);
    case Language::shell:
      return lex_shell(text);
    case Language::none:
      break;
  }
  throw_internal(__FILE__, __LINE__, "port: no lexer for a file of unknown language");
}

// The offset of the first byte that does not belong to a valid UTF-8
// sequence (overlong forms and surrogates included), or npos.
size_t first_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    // Continuation bytes needed, and the range of the first one.
    const size_t n = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
    const unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
    if (b < 0xC2 || b > 0xF4 || i + n >= s.size()) return i;
    for (size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

struct Edit {
  size_t begin, end;
  std::string replacement;
  std::string_view rule;
};

// "cuda" -> "mlu", "cuda:1" -> "mlu:1"; a true CMake value -> "OFF".
std::string replacement(Action action, std::string_view matched, std::string_view to) {
  if (action == Action::switch_off) return "OFF";
  const size_t colon = matched.find(':');
  return std::string(to) + std::string(colon == matched.npos ? "" : matched.substr(colon));
}

class FilePorter {
 public:
  FilePorter(std::string_view text, std::string_view to) : text_(text), to_(to) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  // Every match of every rule that may look at `segment`.
  void scan(const Segment& segment, bool rewrite) {
    const char* begin = text_.data() + segment.begin;
    const char* end = text_.data() + segment.end;
    for (const CompiledRule& c : compiled_rules()) {
      if ((c.rule->contexts & segment.context) == 0) continue;
      for (const std::regex& re : c.patterns) {
        for (std::cregex_iterator m(begin, end, re), last; m != last; ++m) {
          const size_t at = segment.begin + static_cast<size_t>(m->position(1));
          if (c.rule->action == Action::review) {
            note(line_of(at), c.rule->name, m->str(1));
          } else if (rewrite) {
            edits_.push_back({at, at + static_cast<size_t>(m->length(1)),
                              replacement(c.rule->action, m->str(1), to_), c.rule->name});
          }
        }
      }
    }
  }

  void note(int line, std::string_view rule, const std::string& found) {
    findings_.push_back({line, std::string(rule), found});
  }

  FilePort finish() {
    FilePort out{true, std::string(text_), {}, merged_findings()};
    std::sort(edits_.begin(), edits_.end(),
              [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
    for (size_t i = edits_.size(); i-- > 0;) {
      AXON_ASSERT(i + 1 == edits_.size() || edits_[i].end <= edits_[i + 1].begin,
                  "port: rules {} and {} rewrite the same text", edits_[i].rule,
                  edits_[i + 1].rule);
      out.text.replace(edits_[i].begin, edits_[i].end - edits_[i].begin, edits_[i].replacement);
    }
    out.changes = line_changes(out.text);
    return out;
  }

 private:
  int line_of(size_t offset) const {
    return static_cast<int>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                            line_starts_.begin());
  }

  // The line of `text` starting at `start`, without its line break.
  static std::string_view line_text(std::string_view text, size_t start) {
    std::string_view line = text.substr(start, text.find('\n', start) - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    return line;
  }

  // One entry per changed line; edits keep line breaks, so the lines of the
  // new text start where the old ones did, shifted by the edits before them.
  std::vector<LineChange> line_changes(std::string_view ported) const {
    std::vector<LineChange> changes;
    ptrdiff_t shift = 0;
    for (size_t i = 0; i < edits_.size(); ++i) {
      const int line = line_of(edits_[i].begin);
      const size_t start = line_starts_[line - 1];
      if (changes.empty() || changes.back().line != line) {
        changes.push_back({line,
                           {},
                           std::string(line_text(text_, start)),
                           std::string(line_text(ported, start + shift))});
      }
      auto& rules = changes.back().rules;
      if (std::find(rules.begin(), rules.end(), edits_[i].rule) == rules.end())
        rules.emplace_back(edits_[i].rule);
      shift += static_cast<ptrdiff_t>(edits_[i].replacement.size()) -
               static_cast<ptrdiff_t>(edits_[i].end - edits_[i].begin);
    }
    return changes;
  }

  // One finding per line and rule, listing what it found there once each.
  std::vector<Finding> merged_findings() const {
    std::map<std::pair<int, std::string>, std::vector<std::string>> merged;
    for (const Finding& f : findings_) {
      auto& found = merged[{f.line, f.rule}];
      if (std::find(found.begin(), found.end(), f.found) == found.end()) found.push_back(f.found);
    }
    std::vector<Finding> out;
    for (const auto& [key, found] : merged)
      out.push_back({key.first, key.second, fmt::format("{}", fmt::join(found, ", "))});
    return out;
  }

  std::string_view text_;
  std::string_view to_;
  std::vector<size_t> line_starts_;
  std::vector<Edit> edits_;
  std::vector<Finding> findings_;
};

}  // namespace

FilePort port_text(std::string_view text, Language language, std::string_view to) {
  if (const size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    const size_t line_start = text.rfind('\n', bad) + 1;  // npos + 1 == 0
    const int line = static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n')) + 1;
    return {false,
            std::string(text),
            {},
            {{line, "invalid-utf8",
              fmt::format("byte 0x{:02X} at column {}", static_cast<unsigned char>(text[bad]),
                          bad - line_start + 1)}}};
  }
  FilePorter porter(text, to);
  if (language == Language::cuda) porter.note(0, "cuda-source", "CUDA source");
  for (const Segment& segment : segments_of(text, language))
    porter.scan(segment, language != Language::cuda);
  return porter.finish();
}

}  // namespace axon::port
