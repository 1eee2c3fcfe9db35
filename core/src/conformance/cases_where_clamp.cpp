// Cases of where (c ? a : b, broadcasting) and clamp (either bound optional).
#include "conformance/families.h"

namespace axon::conformance {
namespace {

using In = CaseInputs&;

TensorList where_of(In in, const Shape& c, const Shape& a, const Shape& b, const Values& v = {}) {
  return {where(in.input(c, kBool), in.input(a, v), in.input(b, v))};
}

void add_where_cases(CaseList& cases) {
  cases.insert(cases.end(),
               {
                   {"where", "7x13", kNmseExact,
                    [](In in) {
                      return where_of(in, {7, 13}, {7, 13}, {7, 13});
                    }},
                   {"where", "7x1 mask, 13 and 0-d values", kNmseExact,
                    [](In in) {
                      return where_of(in, {7, 1}, {13}, {});
                    }},
                   {"where", "2x1x5 mask, 3x1 and 1x5 values", kNmseExact,
                    [](In in) {
                      return where_of(in, {2, 1, 5}, {3, 1}, {1, 5});
                    }},
                   {"where", "i64 values", kNmseExact,
                    [](In in) {
                      return where_of(in, {7, 13}, {7, 13}, {13}, kI64);
                    }},
                   {"where", "transposed mask and values", kNmseExact,
                    [](In in) {
                      return TensorList{where(in.input({13, 7}, kBool).t(), in.input({13, 7}).t(),
                                              in.input({7, 20}).narrow(1, 4, 13))};
                    }},
               });
}

// clamp on every unary layout, and with one bound or on i64.
using F = const Tensor&;
const UnarySpec kClampSpecs[] = {
    {"clamp", "-0.5..0.5", [](F x) { return clamp(x, -0.5, 0.5); }},
    {"clamp", "min 0.25", [](F x) { return clamp(x, 0.25, std::nullopt); }},
    {"clamp", "max -0.25", [](F x) { return clamp(x, std::nullopt, -0.25); }},
    {"clamp", "i64 -2..3", [](F x) { return clamp(x, -2.0, 3.0); }, kI64},
};

void add_where_clamp_cases(CaseList& cases) {
  add_where_cases(cases);
  add_unary_specs(cases, kClampSpecs);
}

const CaseFamily kFamily(add_where_clamp_cases);

}  // namespace
}  // namespace axon::conformance
