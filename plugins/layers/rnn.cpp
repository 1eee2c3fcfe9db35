// RNN, as torch.nn.RNN (Elman): h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh),
// or relu with nonlinearity "relu" (shapes, parameters and options in recurrent.h).
#include <axon/error.h>
#include <axon/ops.h>

#include "recurrent.h"

namespace axon::recurrent {

State rnn_step(const Tensor& x_gates, const State& s, const Weights& w, bool relu) {
  Tensor pre = x_gates + linear(s.h, w.w_hh, w.b_hh);
  return {relu ? axon::relu(pre) : tanh(pre), Tensor()};
}

OptionSchema with_nonlinearity(OptionSchema schema) {
  return schema.add("nonlinearity", OptionType::string, std::string("tanh"), "tanh or relu");
}

bool is_relu(const Options& o, const char* layer) {
  auto nonlinearity = o.get<std::string>("nonlinearity");
  AXON_CHECK(nonlinearity == "tanh" || nonlinearity == "relu",
             "{}: unknown nonlinearity '{}' (known: tanh, relu)", layer, nonlinearity);
  return nonlinearity == "relu";
}

}  // namespace axon::recurrent

namespace {

using axon::Tensor;
using axon::recurrent::State;
using axon::recurrent::Weights;

class RNN : public axon::recurrent::Recurrent {
 public:
  static axon::OptionSchema options() {
    return axon::recurrent::with_nonlinearity(axon::recurrent::options());
  }

  explicit RNN(const axon::Options& o)
      : Recurrent(o, {"rnn", "RNN", 1, false, true}), relu_(axon::recurrent::is_relu(o, "rnn")) {}

 protected:
  State step(const Tensor& x_gates, const State& s, const Weights& w) const override {
    return axon::recurrent::rnn_step(x_gates, s, w, relu_);
  }

  std::string extra_description() const override {
    return relu_ ? ", nonlinearity=relu" : ", nonlinearity=tanh";
  }

 private:
  bool relu_;
};

}  // namespace

AXON_REGISTER_LAYER("rnn", RNN, "Elman recurrent network: (input[, h_0]) -> (output, h_n)");
