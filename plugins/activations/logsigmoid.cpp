// LogSigmoid: log(1 / (1 + e^-x)), as torch.nn.LogSigmoid. Any shape in, same
// shape out. Written as -softplus(-x), which stays finite for any |x|:
// softplus is log1p(e^-x), keeping the tiny -e^-x for large x, and linear past
// its threshold, giving x for very negative x, where log(sigmoid(x)) would take
// the log of an underflowed 0 (-inf, and NaN gradients).
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class LogSigmoid : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit LogSigmoid(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return -axon::softplus(-x); }
  std::string describe() const override { return "LogSigmoid()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("logsigmoid", LogSigmoid, "log(sigmoid(x)), computed stably");
