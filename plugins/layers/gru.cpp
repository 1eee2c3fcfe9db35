// GRU, as torch.nn.GRU (shapes, parameters and options in recurrent.h).
// Gates in PyTorch's order r, z, n, with x_* = x W_i*^T + b_i* and
// hh_* = h W_h*^T + b_h*; the reset gate scales the hidden part of n, its bias
// included (as PyTorch and cuDNN do):
//   r = sigmoid(x_r + hh_r), z = sigmoid(x_z + hh_z), n = tanh(x_n + r * hh_n),
//   h' = (1 - z) * n + z * h = n + z * (h - n)
#include <axon/ops.h>

#include "recurrent.h"

namespace axon::recurrent {

State gru_step(const Tensor& x_gates, const State& s, const Weights& w) {
  // Three (N, hidden) parts of each (N, 3 * hidden) projection.
  TensorList x = chunk(x_gates, 3, 1);
  TensorList h = chunk(linear(s.h, w.w_hh, w.b_hh), 3, 1);
  Tensor r = sigmoid(x[0] + h[0]);
  Tensor z = sigmoid(x[1] + h[1]);
  Tensor n = tanh(x[2] + r * h[2]);
  return {n + z * (s.h - n), Tensor()};
}

}  // namespace axon::recurrent

namespace {

using axon::Tensor;
using axon::recurrent::State;
using axon::recurrent::Weights;

class GRU : public axon::recurrent::Recurrent {
 public:
  static axon::OptionSchema options() { return axon::recurrent::options(); }
  explicit GRU(const axon::Options& o) : Recurrent(o, {"gru", "GRU", 3, false, false}) {}

 protected:
  State step(const Tensor& x_gates, const State& s, const Weights& w) const override {
    return axon::recurrent::gru_step(x_gates, s, w);
  }
};

}  // namespace

AXON_REGISTER_LAYER("gru", GRU, "gated recurrent unit: (input[, h_0]) -> (output, h_n)");
