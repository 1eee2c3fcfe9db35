// Cases of in-place updates (the optimizer's tools) on columns 2:7 of a 13x9
// tensor: the kernel's output is a strided view that aliases its input.
#include <axon/autograd.h>
#include <fmt/format.h>

#include "conformance/families.h"

namespace axon::conformance {
namespace {

struct InPlaceSpec {
  const char* op;
  const char* update_name;
  // `other` has 5 values, broadcast over the 13 rows of `columns`.
  void (*update)(Tensor& columns, const Tensor& other);
  double tolerance = kNmseExact;
};

using F = const Tensor&;
const InPlaceSpec kSpecs[] = {
    {"add", "add_(other)", [](Tensor& t, F o) { t.add_(o); }},
    {"sub", "sub_(other)", [](Tensor& t, F o) { t.sub_(o); }},
    {"mul", "mul_(other)", [](Tensor& t, F o) { t.mul_(o); }},
    {"div", "div_(other)", [](Tensor& t, F o) { t.div_(o); }},
    {"add_scalar", "add_(0.75)", [](Tensor& t, F) { t.add_(0.75); }},
    {"mul_scalar", "mul_(-3)", [](Tensor& t, F) { t.mul_(-3.0); }},
    {"div_scalar", "div_(4)", [](Tensor& t, F) { t.div_(4.0); }},
    {"clamp", "clamp_(-0.5, 0.5)", [](Tensor& t, F) { t.clamp_(-0.5, 0.5); }},
    {"fill", "fill_(4)", [](Tensor& t, F) { t.fill_(4.0); }},
    {"copy", "copy_(other)", [](Tensor& t, F o) { t.copy_(o); }},
    // Random fills of a strided tensor draw into a contiguous buffer, then copy.
    {"uniform", "uniform_(-3, 5)", [](Tensor& t, F) { t.uniform_(-3.0, 5.0); }},
    {"normal", "normal_(2, 0.5)", [](Tensor& t, F) { t.normal_(2.0, 0.5); }, kNmseMath},
};

TensorList run_update(const InPlaceSpec& spec, CaseInputs& in) {
  Tensor target = in.constant({13, 9});
  const Tensor other = in.constant({5}, kAwayFromZero);
  Tensor columns = target.narrow(1, 2, 5);
  NoGradGuard no_grad;
  spec.update(columns, other);
  return {target};
}

void add_in_place_cases(CaseList& cases) {
  for (const InPlaceSpec& spec : kSpecs)
    cases.push_back({spec.op, fmt::format("{} on columns 2:7 of 13x9", spec.update_name),
                     spec.tolerance, [spec](CaseInputs& in) { return run_update(spec, in); }});
}

const CaseFamily kFamily(add_in_place_cases);

}  // namespace
}  // namespace axon::conformance
