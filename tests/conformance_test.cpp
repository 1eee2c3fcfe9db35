// The conformance harness: every primitive's cases on every available device
// (one test per device type and primitive, with gradients), the coverage of
// kPrimitives by cases, and the runner's verdicts on the fixture device
// "testremote", given here a kernel that agrees with the cpu, one that does
// not and one that throws.
#include <axon/axon.h>
#include <axon/conformance.h>
#include <axon/plugin.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "test_util.h"

namespace {

using axon::ConformanceStatus;
using axon::testing_util::error_of;
using testing::HasSubstr;

struct DeviceOp {
  std::string type, op;
};

// How ctest and gtest show the parameter: "mlu softmax".
void PrintTo(const DeviceOp& p, std::ostream* os) { *os << p.type << " " << p.op; }

// Every primitive on every available device type (evaluated when the tests
// are registered, after the default plugins load). A backend whose type is
// unavailable here (cuda without a GPU) gets one test, skipped with the reason.
std::vector<DeviceOp> device_ops() {
  std::vector<DeviceOp> out;
  for (const auto& type : axon::device_types()) {
    if (type.devices.empty()) {
      if (!axon::dispatch::native_ops(type.type).empty()) out.push_back({type.type, "all"});
      continue;
    }
    for (std::string_view op : axon::primitive_names()) out.push_back({type.type, std::string(op)});
  }
  return out;
}

class ConformanceOp : public testing::TestWithParam<DeviceOp> {};

TEST_P(ConformanceOp, MatchesTheCpuWithGradients) {
  const DeviceOp& p = GetParam();
  if (!axon::is_available(p.type)) {
    for (const auto& type : axon::device_types())
      if (type.type == p.type)
        GTEST_SKIP() << p.type << " is unavailable: " << type.unavailable_reason;
  }
  const auto r = axon::run_op_conformance(p.op, axon::device(p.type), /*grad=*/true);
  if (r.status == ConformanceStatus::not_supported) GTEST_SKIP() << "not supported: " << r.message;
  EXPECT_EQ(r.status, ConformanceStatus::ok) << r.message;
  EXPECT_EQ(r.cases, static_cast<int>(axon::cases_for(p.op).size()));
}

INSTANTIATE_TEST_SUITE_P(Conformance, ConformanceOp, testing::ValuesIn(device_ops()),
                         [](const testing::TestParamInfo<DeviceOp>& info) {
                           return info.param.type + "_" + info.param.op;
                         });

TEST(Conformance, EveryPrimitiveHasCases) {
  std::set<std::string> ops;
  for (std::string_view op : axon::primitive_names()) ops.emplace(op);
  for (const auto& op : axon::dispatch::native_ops("cpu"))
    if (axon::is_primitive(op)) ops.insert(op);
  for (const auto& op : ops) EXPECT_FALSE(axon::cases_for(op).empty()) << op << " has no case";
}

TEST(Conformance, CasesNameAPrimitiveAndAreUniquePerOp) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& c : axon::conformance_cases()) {
    EXPECT_TRUE(axon::is_primitive(c.op)) << c.op << ": " << c.name;
    EXPECT_TRUE(seen.emplace(c.op, c.name).second) << "two cases " << c.op << ": " << c.name;
  }
}

TEST(Conformance, NmseIsNormalizedByTheReference) {
  auto vec = [](std::vector<float> v) {
    return axon::from_vector(v, {static_cast<int64_t>(v.size())});
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(axon::nmse(vec({1, 2}), vec({1, 2})), 0.0);
  EXPECT_DOUBLE_EQ(axon::nmse(vec({1, 2}), vec({1, 3})), 1.0 / 10.0);
  EXPECT_EQ(axon::nmse(vec({nan, 0}), vec({nan, 0})), 0.0);
  EXPECT_TRUE(std::isinf(axon::nmse(vec({nan, 0}), vec({1, 0}))));
  EXPECT_GT(axon::nmse(vec({1e-6f}), vec({0})), 1.0);  // an all-zero reference still tells
}

// out = f(in) on f32 host memory with any strides: testremote's memory is host memory.
axon::Kernel host_unary(float (*f)(float)) {
  return [f](const axon::KernelArgs& args) {
    const axon::TensorArg &in = args.in[0], &out = args.out[0];
    for (int64_t i = 0; i < in.numel(); ++i) {
      int64_t rest = i, from = 0, to = 0;
      for (int64_t d = in.dim() - 1; d >= 0; --d) {
        const int64_t k = rest % in.shape[d];
        rest /= in.shape[d];
        from += k * in.strides[d];
        to += k * out.strides[d];
      }
      out.data<float>()[to] = f(in.data<float>()[from]);
    }
  };
}

// testremote with three kernels: reciprocal right, expm1 wrong (e^x), log1p throwing.
axon::Device& remote() {
  static const bool ready = [] {
    const auto report =
        axon::load_plugin(std::string(AXON_TEST_FIXTURE_DIR) + "/libaxon_test_good.so");
    EXPECT_TRUE(report.loaded) << report.reason;
    axon::Registrar r("conformance_test");
    r.add_kernel("reciprocal", "testremote", host_unary([](float x) { return 1 / x; }));
    r.add_kernel("expm1", "testremote", host_unary([](float x) { return std::exp(x); }));
    r.add_kernel("log1p", "testremote", [](const axon::KernelArgs&) {
      AXON_CHECK(false, "log1p: the fixture kernel fails");
    });
    r.commit();
    return true;
  }();
  EXPECT_TRUE(ready);
  return axon::device("testremote");
}

TEST(Conformance, AKernelThatAgreesIsOk) {
  const auto r = axon::run_op_conformance("reciprocal", remote(), false);
  EXPECT_EQ(r.status, ConformanceStatus::ok) << r.message;
  EXPECT_EQ(r.device, "testremote:0");
  EXPECT_EQ(r.cases, static_cast<int>(axon::cases_for("reciprocal").size()));
  EXPECT_LE(r.max_nmse, axon::kNmseExact);
}

TEST(Conformance, AKernelThatDisagreesFailsWithItsNmse) {
  const auto r = axon::run_op_conformance("expm1", remote(), false);
  EXPECT_EQ(r.status, ConformanceStatus::fail);
  EXPECT_THAT(r.message, HasSubstr("case '0-d': output 0 differs from the cpu: nmse "));
  EXPECT_THAT(r.message, HasSubstr(" > tolerance 1e-08"));
  EXPECT_EQ(r.cases, 0);
}

TEST(Conformance, AKernelThatThrowsFailsWithItsMessage) {
  const auto r = axon::run_op_conformance("log1p", remote(), false);
  EXPECT_EQ(r.status, ConformanceStatus::fail);
  EXPECT_THAT(r.message, HasSubstr("log1p: the fixture kernel fails"));
}

TEST(Conformance, AMissingKernelIsNotSupported) {
  const auto r = axon::run_op_conformance("exp", remote(), false);
  EXPECT_EQ(r.status, ConformanceStatus::not_supported);
  EXPECT_EQ(r.message, "no exp kernel for device type testremote");
}

TEST(Conformance, AGradientNeedingAMissingKernelIsNotSupported) {
  // reciprocal's derivative, -g y^2, needs square and mul, which testremote lacks.
  const auto r = axon::run_op_conformance("reciprocal", remote(), true);
  EXPECT_EQ(r.status, ConformanceStatus::not_supported);
  EXPECT_THAT(r.message, HasSubstr("has no kernel for device testremote"));
}

TEST(Conformance, AGradientThatDisagreesFails) {
  // Both runs are on the cpu: the reference (first) and the one under test
  // (second) give the same values, but the second passes 2.5 back to x, not 2.
  auto runs = std::make_shared<int>(0);
  const axon::ConformanceCase off{"mul_scalar", "gradient off", axon::kNmseExact,
                                  [runs](axon::CaseInputs& in) {
                                    const axon::Tensor x = in.input({3});
                                    axon::Tensor y = axon::mul(x, 2.0);
                                    if ((*runs)++ == 1) y = y + (x - x.detach()) * 0.5;
                                    return axon::TensorList{y};
                                  }};
  const auto r = axon::run_cases("mul_scalar", {off}, axon::device("cpu"), true);
  EXPECT_EQ(r.status, ConformanceStatus::fail);
  EXPECT_EQ(r.message,
            "case 'gradient off': gradient of input 0 differs from the cpu: nmse 6.25e-02 > "
            "tolerance 1e-10");
  EXPECT_NEAR(r.max_nmse, 0.0625, 1e-6);
}

TEST(Conformance, ACaseThatSkipsItsPrimitiveFails) {
  const axon::ConformanceCase wrong{
      "exp", "runs neg instead", axon::kNmseExact,
      [](axon::CaseInputs& in) { return axon::TensorList{axon::neg(in.input({3}))}; }};
  const auto r = axon::run_cases("exp", {wrong}, axon::device("cpu"), false);
  EXPECT_EQ(r.status, ConformanceStatus::fail);
  EXPECT_EQ(r.message, "case 'runs neg instead': case did not run primitive exp on cpu:0");
}

TEST(Conformance, AnOpWithoutCasesFails) {
  const auto r = axon::run_cases("exp", {}, axon::device("cpu"), false);
  EXPECT_EQ(r.status, ConformanceStatus::fail);
  EXPECT_EQ(r.message, "no conformance case");
}

std::vector<axon::ConformanceResult> run_conformance(const std::string& device,
                                                     const std::string& op) {
  axon::ConformanceOptions options;
  options.device = device;
  options.op = op;
  return axon::run_conformance(options);
}

TEST(Conformance, RunConformanceSelectsDevicesAndOps) {
  const auto results = run_conformance("cpu", "^(add|exp)$");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].op, "exp");  // kPrimitives order
  EXPECT_EQ(results[1].op, "add");
  for (const auto& r : results) {
    EXPECT_EQ(r.device, "cpu:0");
    EXPECT_EQ(r.status, ConformanceStatus::ok) << r.message;
  }
  EXPECT_THAT(error_of([] { run_conformance("nosuch", ""); }),
              HasSubstr("unknown device type 'nosuch'"));
  EXPECT_THAT(error_of([] { run_conformance("cpu", "^nosuch$"); }),
              HasSubstr("conformance: no primitive op matches '^nosuch$' (known: fill, copy"));
  EXPECT_THAT(error_of([] { run_conformance("cpu", "(("); }),
              HasSubstr("conformance: invalid op regex '(('"));
}

}  // namespace
