// Threshold: x where x > threshold, value elsewhere, as torch.nn.Threshold;
// both options are required, as in PyTorch. Any shape in, same shape out.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

double required(const axon::Options& o, const std::string& key) {
  AXON_CHECK(o.is_set(key), "threshold: missing required option '{}'", key);
  return o.get<double>(key);
}

class Threshold : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"threshold", OptionType::number, std::monostate{}, "the value to threshold at"},
        {"value", OptionType::number, std::monostate{}, "the output at or below the threshold"},
    };
  }
  explicit Threshold(const axon::Options& o)
      : threshold_(required(o, "threshold")), value_(required(o, "value")) {}

  // le rather than gt, as PyTorch's kernel: NaN passes through.
  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::where(axon::le(x, threshold_), axon::full_like(x, value_), x);
  }
  std::string describe() const override {
    return fmt::format("Threshold(threshold={}, value={})", threshold_, value_);
  }

 private:
  double threshold_;
  double value_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("threshold", Threshold, "x for x > threshold, else value");
