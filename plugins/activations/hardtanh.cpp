// Hardtanh: x clamped to [min_val, max_val], as torch.nn.Hardtanh. Any shape
// in, same shape out; see hardtanh.h for the gradient at the bounds.
#include <axon/error.h>
#include <axon/plugin.h>

#include "hardtanh.h"

namespace {

using axon::OptionType;

class Hardtanh : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"min_val", OptionType::number, -1.0, "the lower end of the linear region"},
        {"max_val", OptionType::number, 1.0, "the upper end of the linear region"},
    };
  }
  explicit Hardtanh(const axon::Options& o)
      : min_val_(o.get<double>("min_val")), max_val_(o.get<double>("max_val")) {
    AXON_CHECK(max_val_ > min_val_,
               "hardtanh: expected max_val > min_val, got min_val={}, max_val={}", min_val_,
               max_val_);
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::activations::hardtanh(x, min_val_, max_val_);
  }
  std::string describe() const override {
    return fmt::format("Hardtanh(min_val={}, max_val={})", min_val_, max_val_);
  }

 private:
  double min_val_;
  double max_val_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("hardtanh", Hardtanh, "x clamped to [min_val, max_val]");
