// Eye: fills a 2-D tensor with the identity matrix (ones on the main
// diagonal, zeros elsewhere; rectangular too), as torch.nn.init.eye_.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Eye : public axon::Initializer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Eye(const axon::Options&) {}

  void apply(axon::Tensor& tensor) override {
    AXON_CHECK(tensor.dim() == 2,
               "eye: only tensors with 2 dimensions are supported, got {} dims (shape {})",
               tensor.dim(), axon::shape_str(tensor.shape()));
    auto on_device = axon::TensorOptions(axon::DType::i64).device(tensor.device());
    // (rows, 1) == (cols): true where row == col.
    axon::Tensor rows = axon::arange(0, tensor.size(0), 1, on_device).reshape({tensor.size(0), 1});
    axon::Tensor cols = axon::arange(0, tensor.size(1), 1, on_device);
    axon::NoGradGuard no_grad;
    tensor.copy_(axon::eq(rows, cols));
  }

  std::string describe() const override { return "eye"; }
};

}  // namespace

AXON_REGISTER_INITIALIZER("eye", Eye, "the identity matrix (2-D)");
