// report.md: a title, a summary, the table of changes, the items that need
// manual review and why. Cells are code spans that render whatever a line
// holds: `a | b` and ``x`y`` stay in their cell.
#include <axon/version.h>
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "port/report.h"
#include "port/rules.h"

namespace axon::port {
namespace {

// `text` as a code span: the fence is one backtick longer than the longest
// run of backticks inside (padded with a space when the text starts or ends
// with one). In a table cell every | is escaped as \| too: GFM splits a row
// into cells before it reads code spans.
std::string code_span(std::string_view text, bool in_table) {
  size_t longest = 0;
  for (size_t i = 0, run = 0; i < text.size(); ++i) {
    run = text[i] == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string body;
  for (const char c : text) {
    if (c == '|' && in_table) body += '\\';
    body += c;
  }
  if (!text.empty() && (text.front() == '`' || text.back() == '`')) body = " " + body + " ";
  const std::string fence(longest + 1, '`');
  return fence + body + fence;
}

std::string_view trimmed(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == s.npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

std::string location(const std::string& file, int line) {
  return code_span(line > 0 ? fmt::format("{}:{}", file, line) : file, true);
}

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

void append_summary(std::string& md, const Report& r) {
  md += fmt::format(
      "Ported {} to {} with axon {}{}.\n\n## Summary\n\n"
      "- Files: {} in all; {} scanned, {} changed, {} copied unchanged\n"
      "- Lines changed: {}\n- Items needing manual review: {}\n",
      code_span(r.source, false), code_span(r.output, false), AXON_VERSION_STRING,
      r.dry_run ? " (a dry run: nothing was written)" : "", r.files, r.files_scanned,
      r.files_changed, r.files - r.files_changed, r.changes.size(), r.review.size());
}

void append_changes(std::string& md, const Report& r) {
  md += "\n## Changes\n\n";
  if (r.changes.empty()) {
    md += "No line needed a change.\n";
    return;
  }
  md += "| No. | File:Line | Rule | Before | After |\n|---|---|---|---|---|\n";
  for (size_t i = 0; i < r.changes.size(); ++i) {
    const LineChange& c = r.changes[i].change;
    md += fmt::format("| {} | {} | {} | {} | {} |\n", i + 1, location(r.changes[i].file, c.line),
                      fmt::join(c.rules, ", "), code_span(trimmed(c.before), true),
                      code_span(trimmed(c.after), true));
  }
}

void append_review(std::string& md, const Report& r) {
  md += "\n## Needs manual review\n\n";
  if (r.review.empty()) {
    md += "Nothing: the port is complete.\n";
    return;
  }
  md += fmt::format("{} found and left as they were; the port cannot convert them.\n\n",
                    plural(r.review.size(), "item"));
  md += "| No. | File:Line | Rule | Found |\n|---|---|---|---|\n";
  std::set<std::string> used;
  for (size_t i = 0; i < r.review.size(); ++i) {
    const Finding& f = r.review[i].finding;
    md += fmt::format("| {} | {} | {} | {} |\n", i + 1, location(r.review[i].file, f.line), f.rule,
                      code_span(f.found, true));
    used.insert(f.rule);
  }
  md += "\nWhy, per rule:\n\n";
  for (const std::string& name : used) md += fmt::format("- **{}**: {}.\n", name, rule(name).why);
}

std::string_view action_text(Action action) {
  constexpr std::string_view text[] = {"rewrites the device name", "switches it OFF",
                                       "lists it for review"};
  return text[static_cast<int>(action)];
}

std::string contexts_text(unsigned contexts) {
  static const std::pair<Context, std::string_view> names[] = {
      {in_literal, "C++ and JSON strings"}, {in_code, "C++ code"}, {in_include, "#include"},
      {in_script, "shell and .env"},        {in_cmake, "CMake"},   {in_file, "whole files"}};
  std::vector<std::string_view> out;
  for (const auto& [bit, name] : names) {
    if (contexts & bit) out.push_back(name);
  }
  return fmt::format("{}", fmt::join(out, ", "));
}

}  // namespace

std::string report_markdown(const Report& report) {
  std::string md = fmt::format("# axon port report: {} -> {}\n\n", report.from, report.to);
  append_summary(md, report);
  append_changes(md, report);
  append_review(md, report);
  return md;
}

std::string rules_markdown() {
  std::string md = "| Rule | Action | Where | Matches | Why |\n|---|---|---|---|---|\n";
  for (const Rule& r : rules()) {
    md += fmt::format("| {} | {} | {} | {} | {} |\n", r.name, action_text(r.action),
                      contexts_text(r.contexts), code_span(r.example, true), r.why);
  }
  return md;
}

}  // namespace axon::port
