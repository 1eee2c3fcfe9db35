// Dirac: fills a 3-, 4- or 5-D convolution weight (out, in, *kernel) so that
// the convolution is the identity: per group of out / groups output channels,
// output channel d of the group takes input channel d at the kernel's centre
// (size / 2 in each spatial dim), for d < min(out / groups, in); every other
// entry is 0. As torch.nn.init.dirac_. The ones are placed on the host.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace {

using axon::OptionType;

int64_t positive_groups(const axon::Options& o) {
  auto groups = o.get<int64_t>("groups");
  AXON_CHECK(groups > 0, "dirac: groups must be positive, got {}", groups);
  return groups;
}

class Dirac : public axon::Initializer {
 public:
  static axon::OptionSchema options() {
    return {{"groups", OptionType::integer, int64_t{1}, "number of groups of the convolution"}};
  }

  explicit Dirac(const axon::Options& o) : groups_(positive_groups(o)) {}

  void apply(axon::Tensor& tensor) override {
    const axon::Shape& shape = tensor.shape();
    AXON_CHECK(tensor.dim() >= 3 && tensor.dim() <= 5,
               "dirac: only tensors with 3, 4, or 5 dimensions are supported, got {} dims "
               "(shape {})",
               tensor.dim(), axon::shape_str(shape));
    AXON_CHECK(shape[0] % groups_ == 0,
               "dirac: dim 0 must be divisible by groups, got dim 0 = {} and groups = {}", shape[0],
               groups_);
    int64_t out_per_group = shape[0] / groups_;
    int64_t min_dim = std::min(out_per_group, shape[1]);
    // The flat offset of the kernel's centre within one (out, in) entry.
    int64_t kernel_numel = 1, centre = 0;
    for (size_t d = 2; d < shape.size(); ++d) {
      centre = centre * shape[d] + shape[d] / 2;
      kernel_numel *= shape[d];
    }
    std::vector<float> values(static_cast<size_t>(tensor.numel()), 0.0f);
    for (int64_t g = 0; g < groups_; ++g) {
      for (int64_t d = 0; d < min_dim; ++d) {
        int64_t out = g * out_per_group + d;
        values[static_cast<size_t>((out * shape[1] + d) * kernel_numel + centre)] = 1.0f;
      }
    }
    axon::NoGradGuard no_grad;
    tensor.copy_(axon::from_vector(values, shape));
  }

  std::string describe() const override { return fmt::format("dirac(groups={})", groups_); }

 private:
  int64_t groups_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("dirac", Dirac, "identity convolution weight (3-5-D), per group");
