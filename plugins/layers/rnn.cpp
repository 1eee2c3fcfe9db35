// RNN, as torch.nn.RNN (Elman): h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh),
// or relu with nonlinearity "relu" (shapes, parameters and options in recurrent.h).
#include <axon/error.h>
#include <axon/ops.h>

#include "recurrent.h"

namespace {

using axon::Tensor;
using axon::recurrent::State;
using axon::recurrent::Weights;

class RNN : public axon::recurrent::Recurrent {
 public:
  static axon::OptionSchema options() {
    return axon::recurrent::options().add("nonlinearity", axon::OptionType::string,
                                          std::string("tanh"), "tanh or relu");
  }

  explicit RNN(const axon::Options& o)
      : Recurrent(o, {"rnn", "RNN", 1, false, true}),
        relu_(is_relu(o.get<std::string>("nonlinearity"))) {}

 protected:
  State step(const Tensor& x_gates, const State& s, const Weights& w) const override {
    Tensor pre = x_gates + axon::linear(s.h, w.w_hh, w.b_hh);
    return {relu_ ? axon::relu(pre) : axon::tanh(pre), Tensor()};
  }

  std::string extra_description() const override {
    return relu_ ? ", nonlinearity=relu" : ", nonlinearity=tanh";
  }

 private:
  static bool is_relu(const std::string& nonlinearity) {
    AXON_CHECK(nonlinearity == "tanh" || nonlinearity == "relu",
               "rnn: unknown nonlinearity '{}' (known: tanh, relu)", nonlinearity);
    return nonlinearity == "relu";
  }

  bool relu_;
};

}  // namespace

AXON_REGISTER_LAYER("rnn", RNN, "Elman recurrent network: (input[, h_0]) -> (output, h_n)");
