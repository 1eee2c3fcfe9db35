// The list of conformance cases, filled by the family files at load time.
#include "conformance/families.h"

namespace axon {
namespace conformance {
namespace {

std::vector<AddCases>& families() {
  static std::vector<AddCases> list;
  return list;
}

}  // namespace

CaseFamily::CaseFamily(AddCases add) { families().push_back(add); }

}  // namespace conformance

const std::vector<ConformanceCase>& conformance_cases() {
  static const std::vector<ConformanceCase> cases = [] {
    conformance::CaseList all;
    for (conformance::AddCases add : conformance::families()) add(all);
    return all;
  }();
  return cases;
}

std::vector<ConformanceCase> cases_for(std::string_view op) {
  std::vector<ConformanceCase> out;
  for (const ConformanceCase& c : conformance_cases())
    if (c.op == op) out.push_back(c);
  return out;
}

}  // namespace axon
