// The single-step cells' shared machinery (see recurrent_cell.h).
#include "recurrent_cell.h"

#include <axon/ops.h>

#include "layer_options.h"

namespace axon::recurrent {

OptionSchema cell_options() {
  return {
      {"input_size", OptionType::integer, std::monostate{}, "features of the input"},
      {"hidden_size", OptionType::integer, std::monostate{}, "features of the hidden state"},
      {"bias", OptionType::boolean, true, "learn bias_ih and bias_hh"},
  };
}

Cell::Cell(const Options& o, Kind kind)
    : kind_(kind),
      input_size_(layer_options::required_int(o, kind.name, "input_size", 1)),
      hidden_size_(layer_options::required_int(o, kind.name, "hidden_size", 1)),
      weights_(register_weights("", kind.gates, input_size_, hidden_size_, o.get<bool>("bias"))) {}

Tensor Cell::forward(const Tensor& input) {
  if (kind_.has_cell_state) return Layer::forward(input);
  return forward(TensorList{input})[0];
}

Tensor Cell::initial_state(const TensorList& inputs, size_t index, const Tensor& x,
                           bool batched) const {
  const char* what = index == 1 ? "h_0" : "c_0";
  Shape shape{x.size(0), hidden_size_};
  if (index >= inputs.size() || !inputs[index].defined())
    return zeros(shape, TensorOptions(x.dtype()).device(x.device()));
  const Tensor& given = inputs[index];
  AXON_CHECK(given.shape() == (batched ? shape : Shape{hidden_size_}),
             "{}: expected {} of shape {}, got {}", kind_.name, what,
             batched ? fmt::format("[{}, {}] (N, hidden_size)", x.size(0), hidden_size_)
                     : fmt::format("[{}] (hidden_size, for unbatched input)", hidden_size_),
             shape_str(given.shape()));
  return batched ? given : given.unsqueeze(0);
}

TensorList Cell::forward(const TensorList& inputs) {
  size_t max_inputs = kind_.has_cell_state ? 3 : 2;
  AXON_CHECK(!inputs.empty() && inputs.size() <= max_inputs,
             "{}: expected (input{}), got {} tensors", kind_.name,
             kind_.has_cell_state ? "[, h_0[, c_0]]" : "[, h_0]", inputs.size());
  const Tensor& input = inputs[0];
  AXON_CHECK((input.dim() == 1 || input.dim() == 2) && input.size(-1) == input_size_,
             "{}: expected input of shape (N, {}) or ({}) (unbatched) with input_size {}, got {}",
             kind_.name, input_size_, input_size_, input_size_, shape_str(input.shape()));
  const bool batched = input.dim() == 2;
  // Batched inside: x is (N, input_size).
  Tensor x = batched ? input : input.unsqueeze(0);
  State state{initial_state(inputs, 1, x, batched),
              kind_.has_cell_state ? initial_state(inputs, 2, x, batched) : Tensor()};
  State next = step(linear(x, weights_.w_ih, weights_.b_ih), state, weights_);
  TensorList out{next.h};
  if (kind_.has_cell_state) out.push_back(next.c);
  if (!batched)
    for (auto& t : out) t = t.squeeze(0);
  return out;
}

// As PyTorch, only what differs from the defaults: "LSTMCell(4, 5, bias=false)".
std::string Cell::describe() const {
  return fmt::format("{}({}, {}{}{})", kind_.class_name, input_size_, hidden_size_,
                     weights_.b_ih.defined() ? "" : ", bias=false", extra_description());
}

}  // namespace axon::recurrent
