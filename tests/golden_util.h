// Shared machinery of the golden tests: reading the PyTorch reference files
// (tests/golden/README.md), registering one GoogleTest case per golden case,
// and comparing axon's tensors with the stored values.
//
// Each golden_<family>_test.cpp describes its family (which file, the axon
// name of a case's op, why a case cannot run yet, how to run it) and
// registers it during static initialization; golden_summary_test.cpp counts
// what is skipped over every family.
#pragma once

#include <axon/axon.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace golden {

using json = nlohmann::json;

// |got - want| <= atol + rtol |want| (README: "Suggested tolerances").
struct Tol {
  double rtol, atol;
};
inline constexpr Tol kElementwise{1e-5, 1e-6};
inline constexpr Tol kSumming{1e-4, 1e-5};
inline constexpr Tol kDoubles{1e-9, 1e-12};

// A family of golden cases: one JSON file, or one way of running its cases.
struct Family {
  std::string file;   // "activations.json"
  std::string suite;  // GoogleTest suite name
  // Which cases of the file this family runs (all when unset).
  std::function<bool(const json& c)> selects;
  // The axon name of the case's op, for the skip summary.
  std::function<std::string(const json& c)> op;
  // Why the case cannot run yet (nullopt: it runs).
  std::function<std::optional<std::string>(const json& c)> skip_reason;
  // Runs the case on one device, reporting mismatches with ADD_FAILURE.
  std::function<void(const json& c, axon::Device& device)> run;
  std::shared_ptr<const json> cases;  // filled by register_family
};

inline std::vector<Family>& families() {
  static std::vector<Family> all;
  return all;
}

// AXON_GOLDEN_DIR when set, else the copy in the source tree.
inline std::string golden_dir() {
  const char* env = std::getenv("AXON_GOLDEN_DIR");
  return env && *env ? env : AXON_TEST_GOLDEN_DIR;
}

inline json load_cases(const std::string& file) {
  std::string path = golden_dir() + "/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open golden file " + path);
  json doc = json::parse(in);
  if (doc.value("format", "") != "axon-golden-1")
    throw std::runtime_error(path + ": expected format axon-golden-1");
  return doc.at("cases");
}

// The first device of every available backend: a device type with a native
// kernel for every primitive. Other tests in this process may register
// fixture device types that have only a few (the loader tests' devices,
// the conformance tests' "testremote"); they are left out.
inline std::vector<axon::Device*> available_devices() {
  axon::load_default_plugins();
  std::vector<axon::Device*> out;
  for (const auto& type : axon::device_types()) {
    if (type.devices.empty()) continue;
    const auto native = axon::dispatch::native_ops(type.type);
    const std::set<std::string> ops(native.begin(), native.end());
    const auto primitives = axon::primitive_names();
    bool backend = std::all_of(primitives.begin(), primitives.end(),
                               [&](std::string_view op) { return ops.count(std::string(op)) > 0; });
    if (backend) out.push_back(type.devices.front());
  }
  return out;
}

inline bool is_registered(const std::vector<std::string>& kinds, const std::string& name) {
  static const std::vector<axon::RegistryEntry> entries = axon::registry_entries();
  return std::any_of(entries.begin(), entries.end(), [&](const axon::RegistryEntry& e) {
    return e.name == name && std::find(kinds.begin(), kinds.end(), e.kind) != kinds.end();
  });
}

inline std::optional<std::string> missing(const std::string& kind, const std::string& name) {
  if (is_registered({kind}, name)) return std::nullopt;
  return kind + " '" + name + "' is not registered in axon yet";
}

// A golden tensor {"shape", "dtype", "data"} on `device`.
inline axon::Tensor to_tensor(const json& t, axon::Device& device) {
  axon::Shape shape = t.at("shape").get<axon::Shape>();
  std::string dtype = t.at("dtype");
  if (dtype == "i64")
    return axon::from_vector(t.at("data").get<std::vector<int64_t>>(), shape,
                             axon::TensorOptions(axon::DType::i64).device(device));
  // f32 values read back exactly when parsed as double, then cast to float.
  std::vector<float> values;
  for (double v : t.at("data")) values.push_back(static_cast<float>(v));
  return axon::from_vector(values, shape, axon::TensorOptions(axon::DType::f32).device(device));
}

// Options as PyTorch names them, less the keys a test handles itself.
inline axon::Options to_options(json options, const std::vector<std::string>& drop = {}) {
  for (const auto& key : drop) options.erase(key);
  return axon::Options::from_json(options);
}

inline std::string case_label(const json& c, const axon::Device& device) {
  return c.at("name").get<std::string>() + " on " + device.name();
}

inline std::string index_str(int64_t flat, const axon::Shape& shape) {
  axon::Shape idx(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    idx[d] = flat % shape[d];
    flat /= shape[d];
  }
  return axon::shape_str(idx);
}

// Compares `got` with the golden tensor `want`; i64 data must match exactly.
inline void expect_close(const std::string& ctx, const std::string& what, const axon::Tensor& got,
                         const json& want, Tol tol) {
  if (!got.defined()) {
    ADD_FAILURE() << ctx << ": " << what << ": undefined tensor (want shape "
                  << want.at("shape").dump() << ")";
    return;
  }
  axon::Shape shape = want.at("shape").get<axon::Shape>();
  if (got.shape() != shape) {
    ADD_FAILURE() << ctx << ": " << what << ": shape " << axon::shape_str(got.shape()) << ", want "
                  << axon::shape_str(shape);
    return;
  }
  bool exact = want.at("dtype") == "i64";
  axon::DType want_dtype = exact ? axon::DType::i64 : axon::DType::f32;
  if (got.dtype() != want_dtype) {
    ADD_FAILURE() << ctx << ": " << what << ": dtype " << axon::dtype_name(got.dtype()) << ", want "
                  << axon::dtype_name(want_dtype);
    return;
  }
  std::vector<double> g = got.to("cpu").to(axon::DType::f64).to_vector<double>();
  std::vector<double> w;
  for (double v : want.at("data")) w.push_back(exact ? v : static_cast<float>(v));
  int64_t bad = 0, worst = -1;
  double worst_ratio = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    double allowed = exact ? 0 : tol.atol + tol.rtol * std::abs(w[i]);
    double diff = std::abs(g[i] - w[i]);
    if (!(diff <= allowed)) {
      ++bad;
      double ratio = allowed > 0 ? diff / allowed : INFINITY;
      if (worst < 0 || ratio > worst_ratio || std::isnan(diff)) worst = i, worst_ratio = ratio;
    }
  }
  if (bad == 0) return;
  // Values print in their shortest exact form: f32 data as floats, i64 as integers.
  auto show = [exact](double v) {
    return exact ? fmt::format("{}", static_cast<int64_t>(v))
                 : fmt::format("{}", static_cast<float>(v));
  };
  std::string what_is_wrong =
      exact ? "differ" : fmt::format("out of tolerance (rtol {}, atol {})", tol.rtol, tol.atol);
  ADD_FAILURE() << fmt::format(
      "{}: {}: {} of {} values {}; worst at {}: got {}, want {} (|diff| {})", ctx, what, bad,
      w.size(), what_is_wrong, index_str(worst, shape), show(g[worst]), show(w[worst]),
      show(std::abs(g[worst] - w[worst])));
}

inline void expect_close(const std::string& ctx, const std::string& what, double got, double want,
                         Tol tol) {
  double diff = std::abs(got - want);
  if (diff <= tol.atol + tol.rtol * std::abs(want)) return;
  ADD_FAILURE() << fmt::format("{}: {}: got {}, want {} (|diff| {}, rtol {}, atol {})", ctx, what,
                               got, want, diff, tol.rtol, tol.atol);
}

// The gradient of each entry of c["grads"]: an input's .grad, else a parameter's.
inline void expect_grads(const std::string& ctx, const json& grads,
                         const std::map<std::string, axon::Tensor>& inputs,
                         const std::map<std::string, axon::Tensor>& params,
                         const std::function<Tol(const std::string& name)>& tol) {
  for (const auto& [name, want] : grads.items()) {
    auto in = inputs.find(name);
    auto p = params.find(name);
    if (in == inputs.end() && p == params.end()) {
      ADD_FAILURE() << ctx << ": no input or parameter named '" << name << "'";
      continue;
    }
    const axon::Tensor& t = in != inputs.end() ? in->second : p->second;
    expect_close(ctx, "grad of " + name, t.grad(), want, tol(name));
  }
}

// Golden inputs on `device`; those with a golden gradient require grad.
inline std::map<std::string, axon::Tensor> make_inputs(const json& c, axon::Device& device) {
  std::map<std::string, axon::Tensor> out;
  for (const auto& [name, t] : c.at("inputs").items()) {
    out[name] = to_tensor(t, device);
    if (c.contains("grads") && c.at("grads").contains(name)) out[name].requires_grad_();
  }
  return out;
}

class GoldenCase : public testing::Test {
 public:
  GoldenCase(const Family* family, const json* c) : family_(family), case_(c) {}
  void TestBody() override {
    if (auto why = family_->skip_reason(*case_)) GTEST_SKIP() << *why;
    std::vector<axon::Device*> devices = available_devices();
    ASSERT_FALSE(devices.empty()) << "no device available";
    for (axon::Device* device : devices) {
      try {
        family_->run(*case_, *device);
      } catch (const std::exception& e) {
        ADD_FAILURE() << case_label(*case_, *device) << ": threw: " << e.what();
      }
    }
  }

 private:
  const Family* family_;
  const json* case_;
};

class GoldenLoadError : public testing::Test {
 public:
  explicit GoldenLoadError(std::string message) : message_(std::move(message)) {}
  void TestBody() override { FAIL() << message_; }

 private:
  std::string message_;
};

// Registers one test per selected case (named after the case), or one failing
// test when the file cannot be read. Returns true, for use in a static initializer.
inline bool register_family(Family family) {
  try {
    family.cases = std::make_shared<const json>(load_cases(family.file));
  } catch (const std::exception& e) {
    std::string message = e.what();
    testing::RegisterTest(family.suite.c_str(), "load_file", nullptr, nullptr, __FILE__, __LINE__,
                          [message]() -> testing::Test* { return new GoldenLoadError(message); });
    return true;
  }
  if (!family.selects) family.selects = [](const json&) { return true; };
  families().push_back(std::move(family));
  // The list only grows during static initialization; keep a stable copy.
  auto stable = std::make_shared<const Family>(families().back());
  for (const json& c : *stable->cases) {
    if (!stable->selects(c)) continue;
    std::string name = c.at("name");
    testing::RegisterTest(
        stable->suite.c_str(), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
        [stable, &c]() -> testing::Test* { return new GoldenCase(stable.get(), &c); });
  }
  return true;
}

}  // namespace golden
