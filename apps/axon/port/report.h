// What `axon port` did to a tree, and its two renderings: report.md for
// people, report.json (the same content) for tools.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "port/rewriter.h"

namespace axon::port {

struct Change {
  std::string file;  // relative to the source folder, with '/'
  LineChange change;
};

struct ReviewItem {
  std::string file;
  Finding finding;
};

struct Report {
  std::string from, to, source, output;
  bool dry_run = false;
  int files = 0;          // regular files and symbolic links in the tree
  int files_scanned = 0;  // read by a lexer (C++, CUDA, CMake, JSON, shell, .env)
  int files_changed = 0;  // written with changes; the others are copied byte for byte
  std::vector<Change> changes;
  std::vector<ReviewItem> review;
};

std::string report_markdown(const Report& report);
nlohmann::ordered_json report_json(const Report& report);
// The rule table as Markdown (`axon port --rules`).
std::string rules_markdown();

}  // namespace axon::port
