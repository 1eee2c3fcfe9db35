// report.json: report.md's content for tools. "tool": "axon port" also marks
// a folder as a previous port, which a later port may replace.
#include <axon/version.h>

#include "port/report.h"
#include "port/rules.h"

namespace axon::port {

nlohmann::ordered_json report_json(const Report& r) {
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.changes.size(); ++i) {
    const LineChange& c = r.changes[i].change;
    changes.push_back({{"no", i + 1},
                       {"file", r.changes[i].file},
                       {"line", c.line},
                       {"rules", c.rules},
                       {"before", c.before},
                       {"after", c.after}});
  }
  nlohmann::ordered_json review = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.review.size(); ++i) {
    const Finding& f = r.review[i].finding;
    review.push_back(
        {{"no", i + 1},
         {"file", r.review[i].file},
         {"line", f.line > 0 ? nlohmann::ordered_json(f.line) : nlohmann::ordered_json()},
         {"rule", f.rule},
         {"found", f.found},
         {"why", rule(f.rule).why}});
  }
  return {{"tool", "axon port"},
          {"axon_version", AXON_VERSION_STRING},
          {"from", r.from},
          {"to", r.to},
          {"source", r.source},
          {"output", r.output},
          {"dry_run", r.dry_run},
          {"summary",
           {{"files", r.files},
            {"files_scanned", r.files_scanned},
            {"files_changed", r.files_changed},
            {"files_copied", r.files - r.files_changed},
            {"lines_changed", r.changes.size()},
            {"needs_manual_review", r.review.size()}}},
          {"changes", changes},
          {"needs_manual_review", review}};
}

}  // namespace axon::port
