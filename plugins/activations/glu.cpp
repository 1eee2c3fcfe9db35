// GLU, the gated linear unit, as torch.nn.GLU: x split in halves a and b
// along `dim`, out = a * sigmoid(b).
//   x: (*, 2k, *) with 2k at dim -> (*, k, *)
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

class GLU : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"dim", OptionType::integer, int64_t{-1}, "the dim to split in halves"}};
  }
  explicit GLU(const axon::Options& o) : dim_(o.get<int64_t>("dim")) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    AXON_CHECK(x.dim() > 0, "glu: does not support scalars because halving size must be even");
    int64_t d = axon::wrap_dim(dim_, x.dim(), "glu");
    AXON_CHECK(x.size(d) % 2 == 0,
               "glu: halving dimension must be even, but dimension {} is size {}", d, x.size(d));
    axon::TensorList halves = axon::chunk(x, 2, d);
    return halves[0] * axon::sigmoid(halves[1]);
  }
  std::string describe() const override { return fmt::format("GLU(dim={})", dim_); }

 private:
  int64_t dim_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("glu", GLU, "a * sigmoid(b) for the halves a, b of x along dim");
