// The machinery shared by rnn_cell, lstm_cell and gru_cell (as
// torch.nn.RNNCell/LSTMCell/GRUCell): one time step of the cells of rnn, lstm
// and gru (recurrent.h), with the same step functions.
//
// forward(TensorList): (input[, h_0[, c_0]]) -> (h_1[, c_1])
//   input: (N, input_size), or unbatched (input_size)
//   h_0, c_0, h_1, c_1: (N, hidden_size), or unbatched (hidden_size); zeros when not given
// forward(Tensor) (rnn_cell, gru_cell): input -> h_1, from h_0 = 0
// Parameters, with G gates (rnn_cell 1, lstm_cell 4, gru_cell 3), all
// U(-1/sqrt(hidden), 1/sqrt(hidden)):
//   weight_ih: (G * hidden, input_size), weight_hh: (G * hidden, hidden),
//   bias_ih, bias_hh: (G * hidden), with bias
#pragma once

#include <string>

#include "recurrent.h"

namespace axon::recurrent {

OptionSchema cell_options();

class Cell : public WeightsOwner {
 public:
  Cell(const Options& o, Kind kind);
  // rnn_cell and gru_cell: h_1 from input and h_0 = 0 (lstm_cell needs forward(TensorList)).
  Tensor forward(const Tensor& input) override;
  TensorList forward(const TensorList& inputs) override;
  std::string describe() const override;

 protected:
  // One time step; x_gates: x W_ih^T + b_ih, (N, G * hidden).
  virtual State step(const Tensor& x_gates, const State& state, const Weights& w) const = 0;
  // Options beyond the common ones for describe(): ", nonlinearity=relu".
  virtual std::string extra_description() const { return ""; }

 private:
  // h_0 or c_0 as (N, hidden): zeros when not given.
  Tensor initial_state(const TensorList& inputs, size_t index, const Tensor& x, bool batched) const;

  Kind kind_;
  int64_t input_size_, hidden_size_;
  Weights weights_;
};

}  // namespace axon::recurrent
