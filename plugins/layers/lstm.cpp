// LSTM, as torch.nn.LSTM (shapes, parameters and options in recurrent.h).
// Gates in PyTorch's order i, f, g, o:
//   c' = sigmoid(f) * c + sigmoid(i) * tanh(g),   h' = sigmoid(o) * tanh(c')
#include <axon/ops.h>

#include "recurrent.h"

namespace axon::recurrent {

State lstm_step(const Tensor& x_gates, const State& s, const Weights& w) {
  // Four (N, hidden) gates out of (N, 4 * hidden).
  TensorList g = chunk(x_gates + linear(s.h, w.w_hh, w.b_hh), 4, 1);
  Tensor c = sigmoid(g[1]) * s.c + sigmoid(g[0]) * tanh(g[2]);
  return {sigmoid(g[3]) * tanh(c), c};
}

}  // namespace axon::recurrent

namespace {

using axon::Tensor;
using axon::recurrent::State;
using axon::recurrent::Weights;

class LSTM : public axon::recurrent::Recurrent {
 public:
  static axon::OptionSchema options() { return axon::recurrent::options(); }
  explicit LSTM(const axon::Options& o) : Recurrent(o, {"lstm", "LSTM", 4, true, true}) {}

 protected:
  State step(const Tensor& x_gates, const State& s, const Weights& w) const override {
    return axon::recurrent::lstm_step(x_gates, s, w);
  }
};

}  // namespace

AXON_REGISTER_LAYER("lstm", LSTM,
                    "long short-term memory: (input[, h_0, c_0]) -> (output, h_n, c_n)");
