// Orthogonal: fills the tensor, viewed as (rows = dim 0, cols = the rest),
// with a (semi-)orthogonal matrix times gain, as torch.nn.init.orthogonal_:
// the Q factor of the QR decomposition of a N(0, 1) matrix (transposed when
// rows < cols), with PyTorch's signs (Q times sign(diag(R))). The QR runs on
// the host: Gram-Schmidt gives that Q directly, as its R has a positive
// diagonal. Like PyTorch, a tensor with no elements is left alone.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

#include <cmath>
#include <vector>

namespace {

using axon::OptionType;
using axon::Tensor;

// Orthonormalizes the n columns of the row-major (m, n) matrix `a` in place
// (m >= n): modified Gram-Schmidt, run twice for orthogonality to rounding.
void orthonormalize_columns(std::vector<double>& a, int64_t m, int64_t n) {
  auto at = [&](int64_t i, int64_t j) -> double& { return a[i * n + j]; };
  for (int64_t j = 0; j < n; ++j) {
    for (int pass = 0; pass < 2; ++pass) {
      for (int64_t k = 0; k < j; ++k) {
        double proj = 0.0;
        for (int64_t i = 0; i < m; ++i) proj += at(i, k) * at(i, j);
        for (int64_t i = 0; i < m; ++i) at(i, j) -= proj * at(i, k);
      }
    }
    double norm = 0.0;
    for (int64_t i = 0; i < m; ++i) norm += at(i, j) * at(i, j);
    norm = std::sqrt(norm);
    AXON_CHECK(norm > 0.0, "orthogonal: the random matrix is rank deficient at column {}", j);
    for (int64_t i = 0; i < m; ++i) at(i, j) /= norm;
  }
}

class Orthogonal : public axon::Initializer {
 public:
  static axon::OptionSchema options() {
    return {{"gain", OptionType::number, 1.0, "scaling factor"}};
  }

  explicit Orthogonal(const axon::Options& o) : gain_(o.get<double>("gain")) {}

  void apply(Tensor& tensor) override {
    AXON_CHECK(tensor.dim() >= 2,
               "orthogonal: only tensors with 2 or more dimensions are supported, got {} dims",
               tensor.dim());
    if (tensor.numel() == 0) return;
    int64_t rows = tensor.size(0), cols = tensor.numel() / rows;
    // flat: (rows, cols), or (cols, rows) so that it has no more columns than rows.
    bool transposed = rows < cols;
    int64_t m = transposed ? cols : rows, n = transposed ? rows : cols;
    Tensor normal = axon::randn({m, n}, axon::TensorOptions().device(tensor.device()));
    std::vector<double> q = normal.to(axon::DType::f64).to_vector<double>();
    orthonormalize_columns(q, m, n);
    Tensor result = axon::from_vector(q, {m, n}).to(tensor.device());
    if (transposed) result = result.t();
    axon::NoGradGuard no_grad;
    tensor.copy_(result.reshape(tensor.shape()));
    tensor.mul_(gain_);
  }

  std::string describe() const override { return fmt::format("orthogonal(gain={})", gain_); }

 private:
  double gain_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("orthogonal", Orthogonal, "(semi-)orthogonal matrix times gain");
