// LSTMCell, as torch.nn.LSTMCell: one step of lstm, gates i, f, g, o (recurrent_cell.h).
#include "recurrent_cell.h"

namespace {

using axon::Tensor;
using axon::recurrent::State;
using axon::recurrent::Weights;

class LSTMCell : public axon::recurrent::Cell {
 public:
  static axon::OptionSchema options() { return axon::recurrent::cell_options(); }
  explicit LSTMCell(const axon::Options& o) : Cell(o, {"lstm_cell", "LSTMCell", 4, true, false}) {}

 protected:
  State step(const Tensor& x_gates, const State& s, const Weights& w) const override {
    return axon::recurrent::lstm_step(x_gates, s, w);
  }
};

}  // namespace

AXON_REGISTER_LAYER("lstm_cell", LSTMCell,
                    "one long short-term memory step: (input[, h_0, c_0]) -> (h_1, c_1)");
