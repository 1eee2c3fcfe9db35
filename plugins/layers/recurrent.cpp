// The recurrent layers' shared machinery (see recurrent.h).
#include "recurrent.h"

#include <axon/ops.h>

#include <cmath>

#include "layer_options.h"

namespace axon::recurrent {

OptionSchema options() {
  return {
      {"input_size", OptionType::integer, std::monostate{}, "features of each input step"},
      {"hidden_size", OptionType::integer, std::monostate{}, "features of the hidden state"},
      {"num_layers", OptionType::integer, int64_t{1}, "stacked recurrent layers"},
      {"bias", OptionType::boolean, true, "learn bias_ih and bias_hh"},
      {"batch_first", OptionType::boolean, false, "input and output are (N, L, features)"},
      {"dropout", OptionType::number, 0.0, "dropout on the outputs of each layer but the last"},
      {"bidirectional", OptionType::boolean, false, "also run each layer backward in time"},
  };
}

Weights WeightsOwner::register_weights(const std::string& suffix, int64_t gates, int64_t in,
                                       int64_t hidden, bool bias) {
  double bound = 1.0 / std::sqrt(static_cast<double>(hidden));
  auto uniform = [bound](const Shape& shape) { return empty(shape).uniform_(-bound, bound); };
  Weights w;
  w.w_ih = register_parameter("weight_ih" + suffix, uniform({gates * hidden, in}));
  w.w_hh = register_parameter("weight_hh" + suffix, uniform({gates * hidden, hidden}));
  if (bias) {
    w.b_ih = register_parameter("bias_ih" + suffix, uniform({gates * hidden}));
    w.b_hh = register_parameter("bias_hh" + suffix, uniform({gates * hidden}));
  }
  return w;
}

Recurrent::Recurrent(const Options& o, Kind kind)
    : kind_(kind),
      input_size_(layer_options::required_int(o, kind.name, "input_size", 1)),
      hidden_size_(layer_options::required_int(o, kind.name, "hidden_size", 1)),
      num_layers_(layer_options::required_int(o, kind.name, "num_layers", 1)),
      bias_(o.get<bool>("bias")),
      batch_first_(o.get<bool>("batch_first")),
      bidirectional_(o.get<bool>("bidirectional")),
      dropout_(layer_options::probability(o, kind.name, "dropout")) {
  for (int64_t layer = 0; layer < num_layers_; ++layer) {
    for (int64_t direction = 0; direction < directions(); ++direction) {
      std::string suffix = fmt::format("_l{}{}", layer, direction == 1 ? "_reverse" : "");
      int64_t in = layer == 0 ? input_size_ : directions() * hidden_size_;
      weights_.push_back(register_weights(suffix, kind_.gates, in, hidden_size_, bias_));
    }
  }
}

void Recurrent::check_input(const Tensor& x) const {
  AXON_CHECK(x.dim() == 3 && x.size(2) == input_size_ && x.size(0) > 0,
             "{}: expected input of shape {} or (L, {}) (unbatched) with input_size {} and L > "
             "0, got {}",
             kind_.name,
             batch_first_ ? fmt::format("(N, L, {}) (batch_first)", input_size_)
                          : fmt::format("(L, N, {})", input_size_),
             input_size_, input_size_, shape_str(x.shape()));
}

TensorList Recurrent::initial_states(const TensorList& inputs, size_t index, const char* what,
                                     const Tensor& x) const {
  Shape shape{num_layers_ * directions(), x.size(1), hidden_size_};
  if (index >= inputs.size() || !inputs[index].defined())
    return unbind(zeros(shape, TensorOptions(x.dtype()).device(x.device())), 0);
  const Tensor& given = inputs[index];
  AXON_CHECK(given.shape() == shape,
             "{}: expected {} of shape {} (num_layers * num_directions, N, hidden_size), got {}",
             kind_.name, what, shape_str(shape), shape_str(given.shape()));
  return unbind(given, 0);
}

std::pair<Tensor, State> Recurrent::run_direction(const Tensor& x, State state,
                                                  const Weights& weights, bool reverse) const {
  int64_t steps = x.size(0), batch = x.size(1);
  Weights w = weights;
  Tensor bias = w.b_ih;
  if (kind_.folds_hidden_bias && bias.defined()) {
    bias = bias + w.b_hh;
    w.b_hh = Tensor();
  }
  // The input's share of every gate, for all time steps in one matmul: (L, N, G * hidden).
  Tensor x_gates = linear(x.reshape({steps * batch, x.size(2)}), w.w_ih, bias)
                       .view({steps, batch, kind_.gates * hidden_size_});
  TensorList per_step = unbind(x_gates, 0), outputs(steps);
  for (int64_t i = 0; i < steps; ++i) {
    int64_t t = reverse ? steps - 1 - i : i;
    state = step(per_step[t], state, w);
    outputs[t] = state.h;
  }
  return {stack(outputs, 0), state};
}

TensorList Recurrent::forward(const TensorList& inputs) {
  size_t max_inputs = kind_.has_cell_state ? 3 : 2;
  AXON_CHECK(!inputs.empty() && inputs.size() <= max_inputs,
             "{}: expected (input{}), got {} tensors", kind_.name,
             kind_.has_cell_state ? "[, h_0[, c_0]]" : "[, h_0]", inputs.size());
  return inputs[0].dim() == 2 ? forward_unbatched(inputs) : forward_batched(inputs);
}

// As PyTorch: input (L, input_size) (batch_first does not apply), states
// (num_layers * D, hidden_size); run as a batch of one.
TensorList Recurrent::forward_unbatched(const TensorList& inputs) {
  TensorList batched{inputs[0].unsqueeze(batch_first_ ? 0 : 1)};
  for (size_t i = 1; i < inputs.size(); ++i) {
    const Tensor& state = inputs[i];
    AXON_CHECK(!state.defined() || state.dim() == 2,
               "{}: for unbatched 2-D input, {} should also be 2-D but got {}-D tensor", kind_.name,
               i == 1 ? "h_0" : "c_0", state.dim());
    batched.push_back(state.defined() ? state.unsqueeze(1) : state);
  }
  TensorList out = forward_batched(batched);
  out[0] = out[0].squeeze(batch_first_ ? 0 : 1);
  for (size_t i = 1; i < out.size(); ++i) out[i] = out[i].squeeze(1);
  return out;
}

TensorList Recurrent::forward_batched(const TensorList& inputs) {
  check_input(inputs[0]);
  // Time-major inside: x is (L, N, features).
  Tensor x = batch_first_ ? inputs[0].transpose(0, 1) : inputs[0];
  TensorList h0 = initial_states(inputs, 1, "h_0", x);
  TensorList c0 = kind_.has_cell_state ? initial_states(inputs, 2, "c_0", x) : TensorList();
  TensorList h_n, c_n;
  for (int64_t layer = 0; layer < num_layers_; ++layer) {
    TensorList outputs;
    for (int64_t direction = 0; direction < directions(); ++direction) {
      size_t k = layer * directions() + direction;
      State init{h0[k], kind_.has_cell_state ? c0[k] : Tensor()};
      auto [y, last] = run_direction(x, init, weights_[k], direction == 1);
      outputs.push_back(y);
      h_n.push_back(last.h);
      c_n.push_back(last.c);
    }
    x = outputs.size() == 1 ? outputs[0] : cat(outputs, 2);
    if (layer + 1 < num_layers_) x = dropout(x, dropout_, is_training());
  }
  TensorList result{batch_first_ ? x.transpose(0, 1) : x, stack(h_n, 0)};
  if (kind_.has_cell_state) result.push_back(stack(c_n, 0));
  return result;
}

std::string Recurrent::describe() const {
  return fmt::format(
      "{}({}, {}, num_layers={}, bias={}, batch_first={}, dropout={}, bidirectional={}{})",
      kind_.class_name, input_size_, hidden_size_, num_layers_, bias_, batch_first_, dropout_,
      bidirectional_, extra_description());
}

}  // namespace axon::recurrent
