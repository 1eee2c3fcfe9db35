// MSELoss: the squared error (input - target)^2, as torch.nn.MSELoss. Like
// PyTorch, input and target broadcast against each other.
//   input, target: any (broadcastable) shapes; loss: their broadcast shape with
//   reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

class MSELoss : public axon::Loss {
 public:
  static axon::OptionSchema options() {
    return {{"reduction", OptionType::string, std::string("mean"), "none | mean | sum"}};
  }

  explicit MSELoss(const axon::Options& o) : reduction_(o.get<std::string>("reduction")) {
    axon::parse_reduction(reduction_, "mse");
  }

  axon::Tensor forward(const axon::Tensor& input, const axon::Tensor& target) override {
    axon::ErrorContext context("mse");
    return axon::reduce(axon::square(input - target), reduction_);
  }

  std::string describe() const override { return "MSELoss(reduction=" + reduction_ + ")"; }

 private:
  std::string reduction_;
};

}  // namespace

AXON_REGISTER_LOSS("mse", MSELoss, "mean squared error (input - target)^2");
