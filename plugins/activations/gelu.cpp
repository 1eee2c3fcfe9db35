// GELU: x * Phi(x), Phi the standard normal CDF, as torch.nn.GELU; with
// approximate="tanh", Phi is approximated with tanh. Any shape in, same shape out.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

class GELU : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"approximate", OptionType::string, std::string("none"), "none | tanh"}};
  }
  explicit GELU(const axon::Options& o) : approximate_(o.get<std::string>("approximate")) {
    AXON_CHECK(approximate_ == "none" || approximate_ == "tanh",
               "gelu: approximate must be 'none' or 'tanh', got '{}'", approximate_);
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::gelu(x, approximate_ == "tanh");
  }
  std::string describe() const override { return "GELU(approximate='" + approximate_ + "')"; }

 private:
  std::string approximate_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("gelu", GELU, "x * Phi(x), Phi the standard normal CDF");
