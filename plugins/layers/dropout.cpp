// Dropout, as torch.nn.Dropout: in training mode each element is zeroed with
// probability p and the kept ones are scaled by 1 / (1 - p), so the expected
// value is unchanged; in eval mode the identity. Any shape in, same shape out.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

class Dropout : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"p", OptionType::number, 0.5, "probability of an element to be zeroed"}};
  }

  explicit Dropout(const axon::Options& o) : p_(o.get<double>("p")) {
    AXON_CHECK(p_ >= 0.0 && p_ <= 1.0, "dropout probability has to be between 0 and 1, but got {}",
               p_);
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::dropout(x, p_, is_training());
  }

  std::string describe() const override { return fmt::format("Dropout(p={})", p_); }

 private:
  double p_;
};

}  // namespace

AXON_REGISTER_LAYER("dropout", Dropout, "zero elements with probability p while training");
