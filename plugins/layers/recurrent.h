// The machinery shared by rnn, lstm and gru (as torch.nn.RNN/LSTM/GRU): the
// options, PyTorch's parameters, the stacking of layers and directions, and
// the loop over time. Each cell only says how one time step updates its state.
//
// forward(TensorList): (input[, h_0[, c_0]]) -> (output, h_n[, c_n])
//   input: (L, N, input_size), or (N, L, input_size) with batch_first
//   (unbatched: input (L, input_size), states and outputs without the N dim)
//   h_0, c_0, h_n, c_n: (num_layers * D, N, hidden_size), D = 2 if bidirectional
//   output: (L, N, D * hidden_size), or (N, L, ...) with batch_first
// Parameters of layer k (suffix "_reverse" for the backward direction), with
// G gates (rnn 1, lstm 4, gru 3), all U(-1/sqrt(hidden), 1/sqrt(hidden)):
//   weight_ih_l{k}: (G * hidden, input_size for k = 0, else D * hidden)
//   weight_hh_l{k}: (G * hidden, hidden); bias_ih_l{k}, bias_hh_l{k}: (G * hidden)
#pragma once

#include <axon/plugin.h>

#include <string>
#include <utility>
#include <vector>

namespace axon::recurrent {

OptionSchema options();

// What tells the cells apart (of the sequence layers, and of the single-step
// cells of recurrent_cell.h, which leave folds_hidden_bias false).
struct Kind {
  const char* name;        // "lstm"
  const char* class_name;  // "LSTM"
  int64_t gates;
  bool has_cell_state;  // c as well as h (LSTM)
  // b_hh only adds to the gates (not GRU's n), so it can join b_ih in the
  // projection of all time steps instead of being added at every step.
  bool folds_hidden_bias;
};

// The parameters of one direction of one layer (biases undefined without bias).
struct Weights {
  Tensor w_ih, w_hh, b_ih, b_hh;
};

// The state of one direction between time steps: h and, for the LSTM, c, each (N, hidden).
struct State {
  Tensor h, c;
};

// The time step of each cell, shared by the sequence layers and the single-step
// cells (rnn_cell, lstm_cell, gru_cell). x_gates: x_t W_ih^T + b_ih (+ b_hh when
// folded, and then w.b_hh is undefined), (N, G * hidden); s: the state before the step.
State rnn_step(const Tensor& x_gates, const State& s, const Weights& w, bool relu);  // rnn.cpp
State lstm_step(const Tensor& x_gates, const State& s, const Weights& w);            // lstm.cpp
State gru_step(const Tensor& x_gates, const State& s, const Weights& w);             // gru.cpp

// The "nonlinearity" option of rnn and rnn_cell (rnn.cpp): `schema` with it
// added, and whether the options choose relu over tanh.
OptionSchema with_nonlinearity(OptionSchema schema);
bool is_relu(const Options& o, const char* layer);

// A layer holding PyTorch's recurrent parameters, all U(-1/sqrt(hidden), 1/sqrt(hidden)).
class WeightsOwner : public Layer {
 protected:
  // weight_ih{suffix} (G * hidden, in), weight_hh{suffix} (G * hidden, hidden) and,
  // with bias, bias_ih{suffix} and bias_hh{suffix} (G * hidden).
  Weights register_weights(const std::string& suffix, int64_t gates, int64_t in, int64_t hidden,
                           bool bias);
};

class Recurrent : public WeightsOwner {
 public:
  Recurrent(const Options& o, Kind kind);
  TensorList forward(const TensorList& inputs) override;
  std::string describe() const override;

 protected:
  // One time step: one of the step functions above.
  virtual State step(const Tensor& x_gates, const State& state, const Weights& w) const = 0;
  // Options beyond the common ones for describe(): ", nonlinearity=relu".
  virtual std::string extra_description() const { return ""; }

 private:
  int64_t directions() const { return bidirectional_ ? 2 : 1; }
  TensorList forward_batched(const TensorList& inputs);
  TensorList forward_unbatched(const TensorList& inputs);
  void check_input(const Tensor& x) const;
  // h_0 or c_0 split per (layer, direction); zeros when not given.
  TensorList initial_states(const TensorList& inputs, size_t index, const char* what,
                            const Tensor& x) const;
  // x: (L, N, in) -> (outputs (L, N, hidden), final state), backward in time when reverse.
  std::pair<Tensor, State> run_direction(const Tensor& x, State state, const Weights& weights,
                                         bool reverse) const;

  Kind kind_;
  int64_t input_size_, hidden_size_, num_layers_;
  bool bias_, batch_first_, bidirectional_;
  double dropout_;
  std::vector<Weights> weights_;  // layer-major: layer * directions() + direction
};

}  // namespace axon::recurrent
