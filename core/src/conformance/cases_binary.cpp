// Cases of the binary family: arithmetic and comparisons with broadcasting,
// each over every pair layout.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

struct BinarySpec {
  const char* op;
  const char* variant;
  Tensor (*fn)(const Tensor& a, const Tensor& b);
  Values a{}, b{};
  double tolerance = kNmseExact;
};

using F = const Tensor&;
const BinarySpec kSpecs[] = {
    {"add", "", [](F a, F b) { return add(a, b); }},
    {"add", "i64", [](F a, F b) { return add(a, b); }, kI64, kI64},
    {"sub", "", [](F a, F b) { return sub(a, b); }},
    {"sub", "i64", [](F a, F b) { return sub(a, b); }, kI64, kI64},
    {"mul", "", [](F a, F b) { return mul(a, b); }},
    {"mul", "i64", [](F a, F b) { return mul(a, b); }, kI64, kI64},
    {"div", "", [](F a, F b) { return div(a, b); }, {}, kAwayFromZero},
    {"pow", "", [](F a, F b) { return pow(a, b); }, kAwayFromZero, {}, kNmseMath},
    {"maximum", "", [](F a, F b) { return maximum(a, b); }},
    {"maximum", "ties", [](F a, F b) { return maximum(a, b); }, kTies, kTies},
    {"maximum", "i64", [](F a, F b) { return maximum(a, b); }, kI64, kI64},
    {"minimum", "", [](F a, F b) { return minimum(a, b); }},
    {"minimum", "ties", [](F a, F b) { return minimum(a, b); }, kTies, kTies},
    {"minimum", "i64", [](F a, F b) { return minimum(a, b); }, kI64, kI64},
    {"eq", "", [](F a, F b) { return eq(a, b); }, kTies, kTies},
    {"eq", "i64", [](F a, F b) { return eq(a, b); }, kI64, kI64},
    {"eq", "bool", [](F a, F b) { return eq(a, b); }, kBool, kBool},
    {"ne", "", [](F a, F b) { return ne(a, b); }, kTies, kTies},
    {"ne", "bool", [](F a, F b) { return ne(a, b); }, kBool, kBool},
    {"lt", "", [](F a, F b) { return lt(a, b); }, kTies, kTies},
    {"lt", "i64", [](F a, F b) { return lt(a, b); }, kI64, kI64},
    {"le", "", [](F a, F b) { return le(a, b); }, kTies, kTies},
    {"le", "i64", [](F a, F b) { return le(a, b); }, kI64, kI64},
    {"gt", "", [](F a, F b) { return gt(a, b); }, kTies, kTies},
    {"gt", "i64", [](F a, F b) { return gt(a, b); }, kI64, kI64},
    {"ge", "", [](F a, F b) { return ge(a, b); }, kTies, kTies},
    {"ge", "i64", [](F a, F b) { return ge(a, b); }, kI64, kI64},
};

void add_binary_cases(CaseList& cases) {
  for (const BinarySpec& spec : kSpecs)
    for (const PairLayout& layout : binary_layouts())
      cases.push_back({spec.op, case_name(layout.name, spec.variant), spec.tolerance,
                       [spec, layout](CaseInputs& in) {
                         const TensorList ab = layout.make(in, spec.a, spec.b);
                         return TensorList{spec.fn(ab[0], ab[1])};
                       }});
}

const CaseFamily kFamily(add_binary_cases);

}  // namespace
}  // namespace axon::conformance
