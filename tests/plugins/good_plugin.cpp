// A well-formed plugin for the loader and registry tests: a layer with
// options, an optimizer, a kernel, and three device types (one with two host
// devices, one unavailable, one without kernels). Every name starts with "test" so that it cannot
// collide with axon's own plugins.
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <cstring>

namespace {

using axon::OptionType;

class TestScale : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"factor", OptionType::number, 2.0, "what the input is multiplied by"},
        {"tag", OptionType::string, std::monostate{}, "an optional label"},
    };
  }
  explicit TestScale(const axon::Options& o)
      : factor_(o.get<double>("factor")), tag_(o.get<std::optional<std::string>>("tag")) {}
  axon::Tensor forward(const axon::Tensor& x) override { return x * factor_; }
  std::string describe() const override {
    return fmt::format("TestScale(factor={}, tag={})", axon::option_value_str(factor_),
                       tag_.value_or("None"));
  }

 private:
  double factor_;
  std::optional<std::string> tag_;
};

// An optimizer that never changes anything: the tests read its groups' options.
class TestOpt : public axon::Optimizer {
 public:
  static axon::OptionSchema options() {
    return {
        {"lr", OptionType::number, 0.1, "learning rate"},
        {"momentum", OptionType::number, 0.0, "momentum factor"},
    };
  }
  explicit TestOpt(std::vector<axon::ParamGroup> groups) : Optimizer(std::move(groups)) {}
  void step() override {}
  std::string describe() const override { return "TestOpt()"; }
};

// Plain host memory, so that the device registry can be tested without a backend.
class TestDevice : public axon::Device {
 public:
  explicit TestDevice(int index) : index_(index) {}
  std::string type() const override { return "testdev"; }
  int index() const override { return index_; }
  axon::DeviceInfo info() const override { return {"test device", 1 << 20, 1 << 19, "fixture"}; }
  bool is_host() const override { return true; }
  void* allocate(size_t bytes) override { return ::operator new(bytes); }
  void deallocate(void* ptr, size_t) override { ::operator delete(ptr); }
  void copy_from_host(void* dst, const void* src, size_t n) override { std::memcpy(dst, src, n); }
  void copy_to_host(void* dst, const void* src, size_t n) override { std::memcpy(dst, src, n); }
  void copy_within(void* dst, const void* src, size_t n) override { std::memcpy(dst, src, n); }

 private:
  int index_;
};

// Host memory that claims not to be: it has no kernels at all, so every op
// on it exercises the dispatcher's cpu fallback.
class TestRemoteDevice : public TestDevice {
 public:
  TestRemoteDevice() : TestDevice(0) {}
  std::string type() const override { return "testremote"; }
  bool is_host() const override { return false; }
};

std::vector<std::unique_ptr<axon::Device>> one_remote_device(std::string&) {
  std::vector<std::unique_ptr<axon::Device>> devices;
  devices.push_back(std::make_unique<TestRemoteDevice>());
  return devices;
}

std::vector<std::unique_ptr<axon::Device>> two_test_devices(std::string&) {
  std::vector<std::unique_ptr<axon::Device>> devices;
  devices.push_back(std::make_unique<TestDevice>(0));
  devices.push_back(std::make_unique<TestDevice>(1));
  return devices;
}

std::vector<std::unique_ptr<axon::Device>> no_devices(std::string& reason) {
  reason = "no test hardware here";
  return {};
}

}  // namespace

AXON_REGISTER_LAYER("test_scale", TestScale, "y = factor * x");
AXON_REGISTER_OPTIMIZER("test_opt", TestOpt, "does nothing");
// The lowest priorities, so that best_device() never picks them over a real backend.
AXON_REGISTER([](axon::Registrar& r) {
  r.add_device_type("testdev", -100, two_test_devices);
  r.add_device_type("testgone", -101, no_devices);
  r.add_device_type("testremote", -102, one_remote_device);
  r.add_kernel("test_fused", "testdev", [](const axon::KernelArgs&) {});
});
