// Cases of the scalar family: x op s (and s op x, flag set) with s from the
// host, over every unary layout.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

using F = const Tensor&;
const UnarySpec kSpecs[] = {
    {"add_scalar", "+ 1.5", [](F x) { return add(x, 1.5); }},
    {"add_scalar", "i64 + 3", [](F x) { return add(x, 3.0); }, kI64},
    {"sub_scalar", "- 1.5", [](F x) { return sub(x, 1.5); }},
    {"sub_scalar", "1.5 - x", [](F x) { return sub(1.5, x); }},
    {"sub_scalar", "i64 - 3", [](F x) { return sub(x, 3.0); }, kI64},
    {"mul_scalar", "* -2.5", [](F x) { return mul(x, -2.5); }},
    {"mul_scalar", "i64 * 3", [](F x) { return mul(x, 3.0); }, kI64},
    {"div_scalar", "/ 3", [](F x) { return div(x, 3.0); }},
    {"div_scalar", "3 / x", [](F x) { return div(3.0, x); }, kAwayFromZero},
    {"pow_scalar", "^ 2.5", [](F x) { return pow(x, 2.5); }, kAwayFromZero, kNmseMath},
    {"pow_scalar", "^ -1", [](F x) { return pow(x, -1.0); }, kAwayFromZero, kNmseMath},
    {"pow_scalar", "2 ^ x", [](F x) { return pow(2.0, x); }, {}, kNmseMath},
    {"maximum_scalar", "0.5", [](F x) { return maximum(x, 0.5); }},
    {"maximum_scalar", "ties with 1", [](F x) { return maximum(x, 1.0); }, kTies},
    {"maximum_scalar", "i64 with 1", [](F x) { return maximum(x, 1.0); }, kI64},
    {"minimum_scalar", "0.5", [](F x) { return minimum(x, 0.5); }},
    {"minimum_scalar", "ties with 1", [](F x) { return minimum(x, 1.0); }, kTies},
    {"minimum_scalar", "i64 with 1", [](F x) { return minimum(x, 1.0); }, kI64},
    {"eq_scalar", "1", [](F x) { return eq(x, 1.0); }, kTies},
    {"eq_scalar", "i64 1", [](F x) { return eq(x, 1.0); }, kI64},
    {"ne_scalar", "1", [](F x) { return ne(x, 1.0); }, kTies},
    {"lt_scalar", "1", [](F x) { return lt(x, 1.0); }, kTies},
    {"lt_scalar", "i64 1", [](F x) { return lt(x, 1.0); }, kI64},
    {"le_scalar", "1", [](F x) { return le(x, 1.0); }, kTies},
    {"gt_scalar", "1", [](F x) { return gt(x, 1.0); }, kTies},
    {"gt_scalar", "i64 1", [](F x) { return gt(x, 1.0); }, kI64},
    {"ge_scalar", "1", [](F x) { return ge(x, 1.0); }, kTies},
};

void add_scalar_cases(CaseList& cases) { add_unary_specs(cases, kSpecs); }

const CaseFamily kFamily(add_scalar_cases);

}  // namespace
}  // namespace axon::conformance
