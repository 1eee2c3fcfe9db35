// The sequence layers of issue 6 through the registry: rnn, lstm, gru,
// multihead_attention and transformer_encoder_layer. Gradients by gradcheck in
// f64 (inputs, initial states and parameters), PyTorch's parameter names and
// shapes, layers x directions, batch_first, masks and error messages; the
// numbers against PyTorch are in golden_layers_test.
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "layer_test_util.h"
#include "test_util.h"

namespace {

using axon::Options;
using axon::Tensor;
using axon::TensorList;
using axon::testing_util::error_of;
using axon::testing_util::layer_gradcheck;
using axon::testing_util::randn64;
using testing::ElementsAre;
using testing::HasSubstr;

Options rnn_options(int64_t input, int64_t hidden, Options extra = {}) {
  extra.set("input_size", input).set("hidden_size", hidden);
  return extra;
}

// Every output of a multi-output layer, flattened into one tensor for gradcheck.
Tensor all_outputs(axon::Layer& layer, const TensorList& in) {
  TensorList flat;
  for (const auto& out : layer.forward(in)) flat.push_back(out.reshape({-1}));
  return axon::cat(flat);
}

std::vector<std::pair<std::string, axon::Shape>> param_shapes(const axon::Layer& layer) {
  std::vector<std::pair<std::string, axon::Shape>> out;
  for (const auto& [name, p] : layer.named_parameters()) out.emplace_back(name, p.shape());
  return out;
}

// ---- rnn, lstm, gru -------------------------------------------------------------

TEST(Recurrent, PyTorchParameterNamesShapesAndInit) {
  auto lstm = axon::make_layer(
      "lstm", rnn_options(3, 5, {{"num_layers", int64_t{2}}, {"bidirectional", true}}));
  using P = std::pair<std::string, axon::Shape>;
  EXPECT_THAT(
      param_shapes(*lstm),
      ElementsAre(P{"weight_ih_l0", {20, 3}}, P{"weight_hh_l0", {20, 5}}, P{"bias_ih_l0", {20}},
                  P{"bias_hh_l0", {20}}, P{"weight_ih_l0_reverse", {20, 3}},
                  P{"weight_hh_l0_reverse", {20, 5}}, P{"bias_ih_l0_reverse", {20}},
                  P{"bias_hh_l0_reverse", {20}}, P{"weight_ih_l1", {20, 10}},
                  P{"weight_hh_l1", {20, 5}}, P{"bias_ih_l1", {20}}, P{"bias_hh_l1", {20}},
                  P{"weight_ih_l1_reverse", {20, 10}}, P{"weight_hh_l1_reverse", {20, 5}},
                  P{"bias_ih_l1_reverse", {20}}, P{"bias_hh_l1_reverse", {20}}));
  // U(-1/sqrt(hidden), 1/sqrt(hidden)).
  for (const auto& p : lstm->parameters())
    EXPECT_LE(axon::max(axon::abs(p)).item(), 1 / std::sqrt(5.0));
  auto gru = axon::make_layer("gru", rnn_options(3, 4, {{"bias", false}}));
  EXPECT_THAT(param_shapes(*gru),
              ElementsAre(P{"weight_ih_l0", {12, 3}}, P{"weight_hh_l0", {12, 4}}));
  EXPECT_EQ(axon::make_layer("rnn", rnn_options(3, 4))->describe(),
            "RNN(3, 4, num_layers=1, bias=true, batch_first=false, dropout=0, "
            "bidirectional=false, nonlinearity=tanh)");
}

TEST(Recurrent, ShapesWithLayersDirectionsAndBatchFirst) {
  // L = 7, N = 2, input 3, hidden 4, 2 layers x 2 directions.
  for (const char* name : {"rnn", "lstm", "gru"}) {
    SCOPED_TRACE(name);
    auto layer = axon::make_layer(
        name,
        rnn_options(3, 4,
                    {{"num_layers", int64_t{2}}, {"bidirectional", true}, {"batch_first", true}}));
    TensorList out = layer->forward(TensorList{axon::randn({2, 7, 3})});
    ASSERT_EQ(out.size(), std::string(name) == "lstm" ? 3u : 2u);
    EXPECT_EQ(out[0].shape(), (axon::Shape{2, 7, 8}));
    for (size_t i = 1; i < out.size(); ++i) EXPECT_EQ(out[i].shape(), (axon::Shape{4, 2, 4}));
    // The last layer's final states are the output's ends: forward at t = L-1, reverse at t = 0.
    EXPECT_TRUE(axon::allclose(out[1].select(0, 2), out[0].select(1, 6).narrow(1, 0, 4), 0, 0));
    EXPECT_TRUE(axon::allclose(out[1].select(0, 3), out[0].select(1, 0).narrow(1, 4, 4), 0, 0));
  }
}

TEST(Recurrent, BatchFirstIsTheTransposedComputation) {
  auto seq = axon::make_layer("lstm", rnn_options(3, 4));
  auto first = axon::make_layer("lstm", rnn_options(3, 4, {{"batch_first", true}}));
  first->load_state_dict(seq->state_dict());
  Tensor x = axon::randn({5, 2, 3}), h0 = axon::randn({1, 2, 4}), c0 = axon::randn({1, 2, 4});
  TensorList a = seq->forward(TensorList{x, h0, c0});
  TensorList b = first->forward(TensorList{x.transpose(0, 1), h0, c0});
  EXPECT_TRUE(axon::allclose(a[0], b[0].transpose(0, 1), 1e-6, 1e-7));
  EXPECT_TRUE(axon::allclose(a[1], b[1], 1e-6, 1e-7));
  EXPECT_TRUE(axon::allclose(a[2], b[2], 1e-6, 1e-7));
}

TEST(Recurrent, GradcheckWithInitialStates) {
  struct Case {
    const char* name;
    Options options;
    int states;
  };
  const std::vector<Case> cases = {
      {"rnn", rnn_options(2, 3, {{"num_layers", int64_t{2}}}), 1},
      {"rnn", rnn_options(2, 3, {{"nonlinearity", "relu"}, {"bidirectional", true}}), 1},
      {"lstm", rnn_options(2, 3, {{"bidirectional", true}, {"batch_first", true}}), 2},
      {"lstm", rnn_options(2, 2, {{"num_layers", int64_t{2}}}), 2},
      {"gru", rnn_options(2, 3, {{"bidirectional", true}}), 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + " " + c.options.str());
    auto layer = axon::make_layer(c.name, c.options);
    // input (3, 2, 2): (L, N, in), or (N, L, in) with batch_first
    int64_t batch = c.options.has("batch_first") ? 3 : 2;
    int64_t stacked =
        (c.options.has("num_layers") ? 2 : 1) * (c.options.has("bidirectional") ? 2 : 1);
    TensorList inputs{randn64({3, 2, 2})};
    for (int s = 0; s < c.states; ++s)
      inputs.push_back(randn64({stacked, batch, c.options.get<int64_t>("hidden_size")}));
    EXPECT_TRUE(layer_gradcheck(*layer, inputs,
                                [&](const TensorList& in) { return all_outputs(*layer, in); }));
  }
}

// Unbatched input (L, input_size) gives what a batch of one gives, without the N dim.
TEST(Recurrent, UnbatchedInputIsABatchOfOne) {
  for (bool batch_first : {false, true}) {
    SCOPED_TRACE(batch_first ? "batch_first" : "time-major");
    auto lstm = axon::make_layer("lstm", rnn_options(3, 4,
                                                     {{"num_layers", int64_t{2}},
                                                      {"bidirectional", true},
                                                      {"batch_first", batch_first}}));
    Tensor x = axon::randn({5, 3}), h0 = axon::randn({4, 4}), c0 = axon::randn({4, 4});
    TensorList single = lstm->forward(TensorList{x, h0, c0});
    TensorList batch = lstm->forward(
        TensorList{x.unsqueeze(batch_first ? 0 : 1), h0.unsqueeze(1), c0.unsqueeze(1)});
    ASSERT_EQ(single.size(), 3u);
    EXPECT_EQ(single[0].shape(), (axon::Shape{5, 8}));
    EXPECT_EQ(single[1].shape(), (axon::Shape{4, 4}));
    EXPECT_TRUE(axon::allclose(single[0], batch[0].squeeze(batch_first ? 0 : 1), 0, 0));
    EXPECT_TRUE(axon::allclose(single[1], batch[1].squeeze(1), 0, 0));
    EXPECT_TRUE(axon::allclose(single[2], batch[2].squeeze(1), 0, 0));
  }
}

TEST(Recurrent, DropoutBetweenLayersOnlyWhileTraining) {
  auto layer =
      axon::make_layer("gru", rnn_options(3, 4, {{"num_layers", int64_t{2}}, {"dropout", 1.0}}));
  Tensor a = axon::randn({5, 2, 3}), b = axon::randn({5, 2, 3});
  // Everything between the layers is dropped: the second layer sees zeros.
  EXPECT_TRUE(
      axon::allclose(layer->forward(TensorList{a})[0], layer->forward(TensorList{b})[0], 0, 0));
  layer->eval();
  EXPECT_FALSE(axon::allclose(layer->forward(TensorList{a})[0], layer->forward(TensorList{b})[0]));
}

TEST(Recurrent, Errors) {
  auto lstm = axon::make_layer("lstm", rnn_options(10, 20, {{"num_layers", int64_t{2}}}));
  EXPECT_THAT(error_of([&] {
                lstm->forward(TensorList{axon::zeros({5, 3, 8})});
              }),
              HasSubstr("lstm: expected input of shape (L, N, 10) or (L, 10) (unbatched) with "
                        "input_size 10 and L > 0, got [5, 3, 8]"));
  EXPECT_THAT(error_of([&] { lstm->forward(TensorList{axon::zeros({5})}); }), HasSubstr("got [5]"));
  EXPECT_THAT(
      error_of([&] {
        lstm->forward(TensorList{axon::zeros({5, 10}), axon::zeros({2, 1, 20})});
      }),
      HasSubstr("lstm: for unbatched 2-D input, h_0 should also be 2-D but got 3-D tensor"));
  EXPECT_THAT(error_of([&] {
                lstm->forward(TensorList{axon::zeros({5, 3, 10}), axon::zeros({1, 3, 20})});
              }),
              HasSubstr("lstm: expected h_0 of shape [2, 3, 20] (num_layers * num_directions, N, "
                        "hidden_size), got [1, 3, 20]"));
  EXPECT_THAT(error_of([&] {
                lstm->forward(axon::zeros({5, 3, 10}));
              }),
              HasSubstr("call forward(TensorList)"));
  auto gru = axon::make_layer("gru", rnn_options(10, 20, {{"batch_first", true}}));
  EXPECT_THAT(error_of([&] {
                gru->forward(TensorList(3, axon::zeros({3, 5, 10})));
              }),
              HasSubstr("gru: expected (input[, h_0]), got 3 tensors"));
  EXPECT_THAT(error_of([&] {
                gru->forward(TensorList{axon::zeros({3, 5, 9})});
              }),
              HasSubstr("gru: expected input of shape (N, L, 10) (batch_first)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("rnn", rnn_options(1, 1, {{"nonlinearity", "gelu"}}));
              }),
              HasSubstr("rnn: unknown nonlinearity 'gelu' (known: tanh, relu)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("lstm", {{"input_size", int64_t{3}}});
              }),
              HasSubstr("lstm: missing required option 'hidden_size'"));
}

// ---- multihead_attention --------------------------------------------------------

Options mha_options(Options extra = {}) {
  extra.set("embed_dim", int64_t{8}).set("num_heads", int64_t{2});
  return extra;
}

// A bool (L, S) mask, true above the diagonal.
Tensor bool_causal(int64_t n) {
  Tensor i = axon::arange(0, n);
  return axon::gt(i.view({1, n}), i.view({n, 1}));
}

TEST(MultiheadAttention, PyTorchParametersAndAveragedWeights) {
  auto mha = axon::make_layer("multihead_attention", mha_options());
  using P = std::pair<std::string, axon::Shape>;
  EXPECT_THAT(param_shapes(*mha),
              ElementsAre(P{"in_proj_weight", {24, 8}}, P{"in_proj_bias", {24}},
                          P{"out_proj.weight", {8, 8}}, P{"out_proj.bias", {8}}));
  auto state = mha->state_dict();
  EXPECT_TRUE(axon::allclose(state.at("in_proj_bias"), axon::zeros({24}), 0, 0));
  EXPECT_TRUE(axon::allclose(state.at("out_proj.bias"), axon::zeros({8}), 0, 0));
  // query (L=3, N=2, E), key and value (S=5, N=2, E)
  TensorList out = mha->forward(
      TensorList{axon::randn({3, 2, 8}), axon::randn({5, 2, 8}), axon::randn({5, 2, 8})});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].shape(), (axon::Shape{3, 2, 8}));
  EXPECT_EQ(out[1].shape(), (axon::Shape{2, 3, 5}));
  EXPECT_TRUE(axon::allclose(axon::sum(out[1], {2}), axon::ones({2, 3}), 1e-5, 1e-6));
}

TEST(MultiheadAttention, CausalOptionEqualsTheMasks) {
  auto causal = axon::make_layer("multihead_attention",
                                 mha_options({{"causal", true}, {"batch_first", true}}));
  auto plain = axon::make_layer("multihead_attention", mha_options({{"batch_first", true}}));
  plain->load_state_dict(causal->state_dict());
  Tensor q = axon::randn({2, 4, 8}), k = axon::randn({2, 4, 8}), v = axon::randn({2, 4, 8});
  TensorList a = causal->forward(TensorList{q, k, v});
  // No weight above the diagonal: a query never sees a later key.
  EXPECT_TRUE(axon::allclose(axon::masked_fill(a[1], bool_causal(4), 0.0), a[1], 0, 0));
  TensorList b = plain->forward(TensorList{q, k, v, bool_causal(4)});
  Tensor additive = axon::masked_fill(axon::zeros({4, 4}), bool_causal(4), -1e9);
  TensorList c = plain->forward(TensorList{q, k, v, additive});
  for (const TensorList& other : {b, c}) {
    EXPECT_TRUE(axon::allclose(a[0], other[0], 1e-5, 1e-6));
    EXPECT_TRUE(axon::allclose(a[1], other[1], 1e-5, 1e-6));
  }
  // Changing the last value moves only the last query's output.
  Tensor v2 = v.clone();
  v2.narrow(1, 3, 1).fill_(7.0);
  Tensor moved = causal->forward(TensorList{q, k, v2})[0];
  EXPECT_TRUE(axon::allclose(moved.narrow(1, 0, 3), a[0].narrow(1, 0, 3), 1e-6, 1e-7));
  EXPECT_FALSE(axon::allclose(moved.narrow(1, 3, 1), a[0].narrow(1, 3, 1)));
}

TEST(MultiheadAttention, KeyPaddingMaskGivesPaddedKeysNoWeight) {
  auto mha = axon::make_layer("multihead_attention", mha_options());
  Tensor x = axon::randn({4, 2, 8});  // (S, N, E), self-attention
  // batch 0 pads its last key, batch 1 its first two.
  Tensor pad = axon::from_vector(std::vector<int64_t>{0, 0, 0, 1, 1, 1, 0, 0}, {2, 4})
                   .to(axon::DType::boolean);
  Tensor w = mha->forward(TensorList{x, x, x, Tensor(), pad})[1];  // (N, L, S)
  EXPECT_TRUE(axon::allclose(axon::masked_fill(w, pad.view({2, 1, 4}), 0.0), w, 0, 0));
  EXPECT_TRUE(axon::allclose(axon::sum(w, {2}), axon::ones({2, 4}), 1e-5, 1e-6));
}

TEST(MultiheadAttention, GradcheckWithMasks) {
  auto mha = axon::make_layer("multihead_attention", mha_options({{"batch_first", true}}));
  Tensor pad =
      axon::from_vector(std::vector<int64_t>{0, 0, 1, 0, 0, 0}, {2, 3}).to(axon::DType::boolean);
  // query (N=2, L=2, E), key and value (N=2, S=3, E); a float (L, S) mask and key padding.
  TensorList in{randn64({2, 2, 8}), randn64({2, 3, 8}), randn64({2, 3, 8}), randn64({2, 3}) * 0.5,
                pad};
  EXPECT_TRUE(
      layer_gradcheck(*mha, in, [&](const TensorList& xs) { return all_outputs(*mha, xs); }));
}

TEST(MultiheadAttention, Errors) {
  EXPECT_THAT(
      error_of([] {
        axon::make_layer("multihead_attention",
                         {{"embed_dim", int64_t{8}}, {"num_heads", int64_t{3}}});
      }),
      HasSubstr("multihead_attention: embed_dim must be divisible by num_heads, got 8 and 3"));
  auto mha = axon::make_layer("multihead_attention", mha_options());
  Tensor x = axon::zeros({4, 2, 8});
  EXPECT_THAT(
      error_of([&] {
        mha->forward(TensorList{axon::zeros({4, 2, 6}), x, x});
      }),
      HasSubstr("multihead_attention: expected query and key/value of shapes (L, N, 8) and "
                "(S, N, 8) (embed_dim), got query [4, 2, 6], key [4, 2, 8], value [4, 2, 8]"));
  EXPECT_THAT(
      error_of([&] {
        mha->forward(TensorList{x, x, x, axon::zeros({4, 3})});
      }),
      HasSubstr(
          "multihead_attention: expected attn_mask of shape [4, 4] or [4, 4, 4], got [4, 3]"));
  EXPECT_THAT(error_of([&] {
                mha->forward(TensorList{x, x, x, Tensor(), axon::zeros({4, 2})});
              }),
              HasSubstr("expected key_padding_mask of shape [2, 4] (N, S), got [4, 2]"));
  EXPECT_THAT(error_of([&] {
                mha->forward(TensorList{x, x});
              }),
              HasSubstr("multihead_attention: expected (query, key, value[, attn_mask[, "
                        "key_padding_mask]]), got 2 tensors"));
}

// ---- transformer_encoder_layer ----------------------------------------------------

Options encoder_options(Options extra = {}) {
  extra.set("d_model", int64_t{8}).set("nhead", int64_t{2}).set("dim_feedforward", int64_t{16});
  return extra.set("dropout", 0.0);
}

TEST(TransformerEncoderLayer, PyTorchStateDictKeys) {
  auto layer = axon::make_layer("transformer_encoder_layer", encoder_options());
  EXPECT_THAT(
      layer->state_dict().keys(),
      ElementsAre("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                  "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight",
                  "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"));
}

TEST(TransformerEncoderLayer, PostNormEndsNormalizedAndPreNormDoesNot) {
  Tensor x = axon::randn({5, 2, 8}) * 3.0;
  auto post = axon::make_layer("transformer_encoder_layer", encoder_options());
  auto [var, mean] = axon::var_mean(post->forward(x), {2}, false);
  EXPECT_TRUE(axon::allclose(mean, axon::zeros({5, 2}), 0, 1e-5));
  EXPECT_TRUE(axon::allclose(var, axon::ones({5, 2}), 1e-3, 1e-3));
  auto pre = axon::make_layer("transformer_encoder_layer", encoder_options({{"norm_first", true}}));
  pre->load_state_dict(post->state_dict());
  // Pre-norm: x + sa(norm1(x)), then + ff(norm2(.)), spelled out with the children.
  std::map<std::string, axon::LayerPtr> c(pre->children().begin(), pre->children().end());
  Tensor n1 = c["norm1"]->forward(x);
  Tensor h = x + c["self_attn"]->forward(TensorList{n1, n1, n1})[0];
  Tensor ff = c["linear2"]->forward(axon::relu(c["linear1"]->forward(c["norm2"]->forward(h))));
  EXPECT_TRUE(axon::allclose(pre->forward(x), h + ff, 1e-5, 1e-5));
}

TEST(TransformerEncoderLayer, GradcheckPreAndPostNormWithPaddingMask) {
  for (bool norm_first : {false, true}) {
    SCOPED_TRACE(norm_first ? "pre-norm" : "post-norm");
    auto layer = axon::make_layer(
        "transformer_encoder_layer",
        encoder_options(
            {{"norm_first", norm_first}, {"activation", "gelu"}, {"batch_first", true}}));
    Tensor pad =
        axon::from_vector(std::vector<int64_t>{0, 0, 1, 0, 0, 0}, {2, 3}).to(axon::DType::boolean);
    EXPECT_TRUE(layer_gradcheck(*layer, {randn64({2, 3, 8})}, [&](const TensorList& xs) {
      return layer->forward(TensorList{xs[0], Tensor(), pad})[0];
    }));
  }
}

TEST(TransformerEncoderLayer, Errors) {
  EXPECT_THAT(
      error_of([] {
        axon::make_layer("transformer_encoder_layer", encoder_options({{"activation", "tanh"}}));
      }),
      HasSubstr("transformer_encoder_layer: unknown activation 'tanh' (known: relu, gelu)"));
  auto layer = axon::make_layer("transformer_encoder_layer", encoder_options());
  EXPECT_THAT(error_of([&] {
                layer->forward(axon::zeros({5, 2, 6}));
              }),
              HasSubstr("multihead_attention: expected query and key/value of shapes"));
}

}  // namespace
