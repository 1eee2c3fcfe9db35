// Softmin: softmax(-x) along `dim`, as torch.nn.Softmin. Any shape in, same
// shape out; see softmax_dim.h for what dim=None means.
#include <axon/ops.h>
#include <axon/plugin.h>

#include "softmax_dim.h"

namespace {

using axon::activations::resolve_softmax_dim;
using axon::activations::softmax_dim_spec;
using axon::activations::softmax_dim_str;

class Softmin : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {softmax_dim_spec()}; }
  explicit Softmin(const axon::Options& o) : dim_(o.get<std::optional<int64_t>>("dim")) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::softmax(-x, resolve_softmax_dim(dim_, x.dim()));
  }
  std::string describe() const override { return "Softmin(dim=" + softmax_dim_str(dim_) + ")"; }

 private:
  std::optional<int64_t> dim_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("softmin", Softmin, "e^-x / sum(e^-x) along dim");
