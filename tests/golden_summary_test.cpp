// One test that prints how many golden cases are skipped, per file and op,
// with the reason, so that the coverage still to come is visible at a glance.
#include "golden_util.h"

#include <iostream>
#include <tuple>

namespace golden {
namespace {

TEST(GoldenSummary, SkippedCasesPerFileAndOp) {
  // (file, suite, op) -> (count, reason of the first)
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<int, std::string>> skipped;
  int total = 0, skipped_total = 0;
  for (const Family& family : families()) {
    for (const json& c : *family.cases) {
      if (!family.selects(c)) continue;
      ++total;
      auto why = family.skip_reason(c);
      if (!why) continue;
      ++skipped_total;
      auto& entry = skipped[{family.file, family.suite, family.op(c)}];
      if (entry.first++ == 0) entry.second = *why;
    }
  }
  std::cout << "golden cases: " << total << ", skipped: " << skipped_total << "\n";
  for (const auto& [key, entry] : skipped) {
    const auto& [file, suite, op] = key;
    std::cout << "  " << file << " (" << suite << ") " << op << ": " << entry.first
              << " skipped: " << entry.second << "\n";
  }
  EXPECT_GT(total, 0) << "no golden case was found in " << golden_dir();
}

}  // namespace
}  // namespace golden
