// Sparse: fills a 2-D tensor (rows, cols) from N(0, std^2), then zeroes
// ceil(sparsity * rows) entries of every column, chosen at random, as
// torch.nn.init.sparse_ (Martens, 2010). The rows to zero are the ones with
// the smallest of a column's random keys (a uniform choice, as PyTorch's
// randperm prefix); the keys come from the device's generator and are ranked
// on the host.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace {

using axon::OptionType;
using axon::Tensor;

double sparsity_of(const axon::Options& o) {
  AXON_CHECK(o.is_set("sparsity"), "sparse: missing required option 'sparsity'");
  auto sparsity = o.get<double>("sparsity");
  AXON_CHECK(sparsity >= 0.0 && sparsity <= 1.0,
             "sparse: sparsity is the fraction of each column set to zero, expected a number in "
             "[0, 1], got {}",
             sparsity);
  return sparsity;
}

// (rows, cols) bool, true at the num_zeros rows of each column with the smallest keys.
Tensor zero_mask(const Tensor& keys, int64_t num_zeros) {
  int64_t rows = keys.size(0), cols = keys.size(1);
  std::vector<float> key = keys.to("cpu").to_vector<float>();
  std::vector<uint8_t> mask(key.size(), 0);
  std::vector<int64_t> order(static_cast<size_t>(rows));
  for (int64_t c = 0; c < cols; ++c) {
    auto at = [&](int64_t r) { return key[static_cast<size_t>(r * cols + c)]; };
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + num_zeros, order.end(),
                      [&](int64_t i, int64_t j) { return at(i) < at(j); });
    for (int64_t k = 0; k < num_zeros; ++k) mask[static_cast<size_t>(order[k] * cols + c)] = 1;
  }
  return axon::from_vector(mask, {rows, cols}).to(axon::DType::boolean);
}

class Sparse : public axon::Initializer {
 public:
  static axon::OptionSchema options() {
    return {
        {"sparsity", OptionType::number, std::monostate{},
         "fraction of the elements of each column set to zero"},
        {"std", OptionType::number, 0.01, "standard deviation of the non-zero values"},
    };
  }

  explicit Sparse(const axon::Options& o) : sparsity_(sparsity_of(o)), std_(o.get<double>("std")) {
    AXON_CHECK(std_ >= 0.0, "sparse: expected std >= 0, got {}", std_);
  }

  void apply(Tensor& tensor) override {
    AXON_CHECK(tensor.dim() == 2,
               "sparse: only tensors with 2 dimensions are supported, got {} dims (shape {})",
               tensor.dim(), axon::shape_str(tensor.shape()));
    auto num_zeros =
        static_cast<int64_t>(std::ceil(sparsity_ * static_cast<double>(tensor.size(0))));
    axon::NoGradGuard no_grad;
    tensor.normal_(0.0, std_);
    Tensor keys = axon::rand(tensor.shape(), axon::TensorOptions().device(tensor.device()));
    Tensor mask = zero_mask(keys, num_zeros).to(tensor.device());
    tensor.copy_(axon::masked_fill(tensor, mask, 0.0));
  }

  std::string describe() const override {
    return fmt::format("sparse(sparsity={}, std={})", sparsity_, std_);
  }

 private:
  double sparsity_, std_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("sparse", Sparse, "N(0, std^2) with a fraction of each column zeroed");
