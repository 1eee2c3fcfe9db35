// PReLU: x for x > 0, a * x otherwise with a learnable slope a, as
// torch.nn.PReLU. One slope shared by all channels, or one per channel of dim 1.
//   x: (N, C, *) with C == num_parameters (or any shape when num_parameters == 1)
//   weight: (num_parameters), initially `init`
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

class PReLU : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"num_parameters", OptionType::integer, int64_t{1}, "number of slopes: 1 or the channels"},
        {"init", OptionType::number, 0.25, "the initial value of the slopes"},
    };
  }

  explicit PReLU(const axon::Options& o) : num_parameters_(o.get<int64_t>("num_parameters")) {
    AXON_CHECK(num_parameters_ >= 1, "prelu: num_parameters must be at least 1, got {}",
               num_parameters_);
    weight_ = register_parameter("weight", axon::full({num_parameters_}, o.get<double>("init")));
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::where(axon::gt(x, 0.0), x, channel_weight(x) * x);
  }

  std::string describe() const override {
    return fmt::format("PReLU(num_parameters={})", num_parameters_);
  }

 private:
  // The weight shaped to broadcast over x: () when shared, else (C, 1, ...)
  // aligned with x's dim 1.
  axon::Tensor channel_weight(const axon::Tensor& x) const {
    if (num_parameters_ == 1) return weight_.view({});
    AXON_CHECK(x.dim() >= 2 && x.size(1) == num_parameters_,
               "prelu: expected input of shape (N, {}, *) for num_parameters={}, got {}",
               num_parameters_, num_parameters_, axon::shape_str(x.shape()));
    axon::Shape shape(static_cast<size_t>(x.dim() - 1), 1);
    shape[0] = num_parameters_;
    return weight_.view(shape);
  }

  int64_t num_parameters_;
  axon::Tensor weight_;
};

}  // namespace

AXON_REGISTER_LAYER("prelu", PReLU, "x for x > 0, else a * x with learnable slopes a");
