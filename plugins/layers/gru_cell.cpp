// GRUCell, as torch.nn.GRUCell: one step of gru, gates r, z, n (recurrent_cell.h).
#include "recurrent_cell.h"

namespace {

using axon::Tensor;
using axon::recurrent::State;
using axon::recurrent::Weights;

class GRUCell : public axon::recurrent::Cell {
 public:
  static axon::OptionSchema options() { return axon::recurrent::cell_options(); }
  explicit GRUCell(const axon::Options& o) : Cell(o, {"gru_cell", "GRUCell", 3, false, false}) {}

 protected:
  State step(const Tensor& x_gates, const State& s, const Weights& w) const override {
    return axon::recurrent::gru_step(x_gates, s, w);
  }
};

}  // namespace

AXON_REGISTER_LAYER("gru_cell", GRUCell, "one gated recurrent unit step: (input[, h_0]) -> h_1");
