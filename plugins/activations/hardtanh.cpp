// Hardtanh: x clamped to [min_val, max_val], as torch.nn.Hardtanh. Any shape
// in, same shape out. Written with where() rather than clamp so that the
// gradient is 0 at the bounds themselves, as PyTorch's.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

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
    axon::Tensor upper = axon::where(axon::ge(x, max_val_), axon::full_like(x, max_val_), x);
    return axon::where(axon::le(x, min_val_), axon::full_like(x, min_val_), upper);
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
