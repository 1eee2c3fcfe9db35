// Cases of the unary family (math and activations), each over every unary
// layout; the gradient goes through the activations' fused derivatives.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

using F = const Tensor&;
const UnarySpec kSpecs[] = {
    {"neg", "", [](F x) { return neg(x); }},
    {"neg", "i64", [](F x) { return neg(x); }, kI64},
    {"abs", "", [](F x) { return abs(x); }},
    {"abs", "i64", [](F x) { return abs(x); }, kI64},
    // Whole numbers, so that sign(0) is covered.
    {"sign", "", [](F x) { return sign(x); }, {.whole = true}},
    {"sign", "i64", [](F x) { return sign(x); }, kI64},
    {"exp", "", [](F x) { return exp(x); }, {.low = -4, .high = 4}, kNmseMath},
    {"log", "", [](F x) { return log(x); }, kPositive, kNmseMath},
    {"log1p", "", [](F x) { return log1p(x); }, {.low = -0.9, .high = 3}, kNmseMath},
    {"expm1", "", [](F x) { return expm1(x); }, {}, kNmseMath},
    {"sqrt", "", [](F x) { return sqrt(x); }, kPositive, kNmseMath},
    {"rsqrt", "", [](F x) { return rsqrt(x); }, kPositive, kNmseMath},
    {"reciprocal", "", [](F x) { return reciprocal(x); }, kPositive},
    {"square", "", [](F x) { return square(x); }},
    {"sin", "", [](F x) { return sin(x); }, {.low = -4, .high = 4}, kNmseMath},
    {"cos", "", [](F x) { return cos(x); }, {.low = -4, .high = 4}, kNmseMath},
    {"tanh", "", [](F x) { return tanh(x); }, {.low = -4, .high = 4}, kNmseMath},
    {"sigmoid", "", [](F x) { return sigmoid(x); }, {.low = -8, .high = 8}, kNmseMath},
    {"relu", "", [](F x) { return relu(x); }},
    {"leaky_relu", "slope 0.2", [](F x) { return leaky_relu(x, 0.2); }},
    {"elu", "alpha 1.5", [](F x) { return elu(x, 1.5); }, {}, kNmseMath},
    {"gelu", "erf", [](F x) { return gelu(x, false); }, {}, kNmseMath},
    {"gelu", "tanh approximation", [](F x) { return gelu(x, true); }, {}, kNmseMath},
    {"softplus", "", [](F x) { return softplus(x); }, {}, kNmseMath},
    // Beyond the threshold (beta x > 1) softplus is x itself.
    {"softplus", "beta 2, threshold 1", [](F x) { return softplus(x, 2.0, 1.0); }, {}, kNmseMath},
    {"silu", "", [](F x) { return silu(x); }, {}, kNmseMath},
};

void add_unary_cases(CaseList& cases) { add_unary_specs(cases, kSpecs); }

const CaseFamily kFamily(add_unary_cases);

}  // namespace
}  // namespace axon::conformance
