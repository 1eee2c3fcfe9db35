// RNNCell, as torch.nn.RNNCell: one step of rnn,
// h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), or relu (recurrent_cell.h).
#include "recurrent_cell.h"

namespace {

using axon::Tensor;
using axon::recurrent::State;
using axon::recurrent::Weights;

class RNNCell : public axon::recurrent::Cell {
 public:
  static axon::OptionSchema options() {
    return axon::recurrent::with_nonlinearity(axon::recurrent::cell_options());
  }

  explicit RNNCell(const axon::Options& o)
      : Cell(o, {"rnn_cell", "RNNCell", 1, false, false}),
        relu_(axon::recurrent::is_relu(o, "rnn_cell")) {}

 protected:
  State step(const Tensor& x_gates, const State& s, const Weights& w) const override {
    return axon::recurrent::rnn_step(x_gates, s, w, relu_);
  }

  // PyTorch shows the nonlinearity only when it is not tanh.
  std::string extra_description() const override { return relu_ ? ", nonlinearity=relu" : ""; }

 private:
  bool relu_;
};

}  // namespace

AXON_REGISTER_LAYER("rnn_cell", RNNCell, "one Elman recurrent step: (input[, h_0]) -> h_1");
