// Cases of the random primitives: the runner gives the device's Philox
// generator the same state on both devices, so the numbers must agree.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

using In = CaseInputs&;

TensorOptions on(In in) { return TensorOptions().device(in.device()); }

void add_random_cases(CaseList& cases) {
  cases.insert(
      cases.end(),
      {
          {"uniform", "7x13", kNmseExact,
           [](In in) {
             return TensorList{rand({7, 13}, on(in))};
           }},
          {"uniform", "0-d", kNmseExact, [](In in) { return TensorList{rand({}, on(in))}; }},
          // 1001 numbers: the last Philox block is used in part.
          {"uniform", "1001, then 7x13", kNmseExact,
           [](In in) {
             return TensorList{rand({1001}, on(in)), rand({7, 13}, on(in))};
           }},
          {"normal", "7x13", kNmseMath,
           [](In in) {
             return TensorList{randn({7, 13}, on(in))};
           }},
          {"normal", "1", kNmseMath, [](In in) { return TensorList{randn({1}, on(in))}; }},
          {"normal", "1001, then 7x13", kNmseMath,
           [](In in) {
             return TensorList{randn({1001}, on(in)), randn({7, 13}, on(in))};
           }},
          {"bernoulli", "7x13, p 0.3", kNmseExact,
           [](In in) {
             return TensorList{bernoulli({7, 13}, 0.3, on(in))};
           }},
          {"bernoulli", "1001, p 0.5", kNmseExact,
           [](In in) { return TensorList{bernoulli({1001}, 0.5, on(in))}; }},
      });
}

const CaseFamily kFamily(add_random_cases);

}  // namespace
}  // namespace axon::conformance
