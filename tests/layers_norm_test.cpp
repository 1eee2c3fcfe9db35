// The normalization, embedding and helper layers of issue 6 through the
// registry: layer_norm, batch_norm1d/2d, dropout2d, embedding,
// positional_encoding and residual. Gradients by gradcheck in f64 (inputs and
// parameters), modes, buffers, state-dict keys and error messages; the
// numbers against PyTorch are in golden_layers_test.
#include <axon/axon.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "layer_test_util.h"
#include "test_util.h"

namespace {

using axon::Tensor;
using axon::TensorList;
using axon::testing_util::error_of;
using axon::testing_util::layer_gradcheck;
using axon::testing_util::randn64;
using testing::ElementsAre;
using testing::HasSubstr;

std::vector<std::string> state_keys(const axon::Layer& layer) { return layer.state_dict().keys(); }

Tensor forward1(axon::Layer& layer, const TensorList& in) { return layer.forward(in[0]); }

TEST(LayerNorm, NormalizesTheTrailingDimsAndGradchecks) {
  auto norm = axon::make_layer("layer_norm", {{"normalized_shape", std::vector<int64_t>{3, 4}}});
  EXPECT_EQ(norm->describe(), "LayerNorm((3, 4), eps=1e-05, elementwise_affine=true)");
  EXPECT_THAT(state_keys(*norm), ElementsAre("weight", "bias"));
  Tensor y = norm->forward(axon::randn({2, 3, 4}) * 5.0 + 3.0);
  auto [var, mean] = axon::var_mean(y, {1, 2}, false);
  EXPECT_TRUE(axon::allclose(mean, axon::zeros({2}), 0, 1e-5));
  EXPECT_TRUE(axon::allclose(var, axon::ones({2}), 1e-4, 1e-4));
  EXPECT_TRUE(layer_gradcheck(*norm, {randn64({2, 3, 4})},
                              [&](const TensorList& in) { return forward1(*norm, in); }));
  auto plain = axon::make_layer("layer_norm",
                                {{"normalized_shape", int64_t{4}}, {"elementwise_affine", false}});
  EXPECT_TRUE(state_keys(*plain).empty());
  EXPECT_EQ(plain->describe(), "LayerNorm((4,), eps=1e-05, elementwise_affine=false)");
  EXPECT_THAT(error_of([&] {
                norm->forward(axon::zeros({2, 4, 3}));
              }),
              HasSubstr("layer_norm: expected input of shape [*, 3, 4] (normalized_shape), got "
                        "[2, 4, 3]"));
}

TEST(BatchNorm, StateDictKeysAndDescription) {
  auto bn = axon::make_layer("batch_norm2d", {{"num_features", int64_t{3}}});
  EXPECT_THAT(state_keys(*bn),
              ElementsAre("weight", "bias", "running_mean", "running_var", "num_batches_tracked"));
  EXPECT_EQ(bn->describe(),
            "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)");
  auto bare = axon::make_layer(
      "batch_norm1d",
      {{"num_features", int64_t{3}}, {"affine", false}, {"track_running_stats", false}});
  EXPECT_TRUE(state_keys(*bare).empty());
}

TEST(BatchNorm, TrainingUpdatesRunningStatsAndEvalUsesThem) {
  auto bn = axon::make_layer("batch_norm1d", {{"num_features", int64_t{2}}, {"momentum", 0.5}});
  // channel 0: {1, 3, 5}, mean 3, unbiased var 4; channel 1: {0, 0, 6}, mean 2, var 12.
  Tensor x = axon::from_vector(std::vector<float>{1, 0, 3, 0, 5, 6}, {3, 2});
  Tensor y = bn->forward(x);
  auto buffers = bn->state_dict();
  EXPECT_EQ(buffers.at("running_mean").to_vector<float>(), (std::vector<float>{1.5f, 1.0f}));
  EXPECT_EQ(buffers.at("running_var").to_vector<float>(), (std::vector<float>{2.5f, 6.5f}));
  EXPECT_EQ(buffers.at("num_batches_tracked").item<int64_t>(), 1);
  // Training normalizes with the biased batch variance: (1 - 3) / sqrt(8 / 3 + eps).
  EXPECT_NEAR(y.to_vector<float>()[0], -2 / std::sqrt(8.0 / 3 + 1e-5), 1e-5);
  bn->eval();
  Tensor z = bn->forward(x);
  EXPECT_NEAR(z.to_vector<float>()[0], (1 - 1.5) / std::sqrt(2.5 + 1e-5), 1e-5);
  EXPECT_EQ(bn->state_dict().at("num_batches_tracked").item<int64_t>(), 1);
}

// momentum None: the running statistics are the plain average of every
// batch's (PyTorch's cumulative moving average).
TEST(BatchNorm, MomentumNoneAveragesEveryBatch) {
  auto bn = axon::make_layer("batch_norm1d",
                             {{"num_features", int64_t{1}}, {"momentum", std::monostate{}}});
  EXPECT_EQ(bn->describe(),
            "BatchNorm1d(1, eps=1e-05, momentum=None, affine=true, track_running_stats=true)");
  // Batch means 2, 6, 10 (average 6); unbiased variances 2, 8, 18 (average 28 / 3).
  bn->forward(axon::from_vector(std::vector<float>{1, 3}, {2, 1}));
  bn->forward(axon::from_vector(std::vector<float>{4, 8}, {2, 1}));
  bn->forward(axon::from_vector(std::vector<float>{7, 13}, {2, 1}));
  auto buffers = bn->state_dict();
  EXPECT_FLOAT_EQ(buffers.at("running_mean").item<float>(), 6.0f);
  EXPECT_FLOAT_EQ(buffers.at("running_var").item<float>(), 28.0f / 3);
  EXPECT_EQ(buffers.at("num_batches_tracked").item<int64_t>(), 3);
}

TEST(BatchNorm, GradcheckInTrainAndEvalModes) {
  for (bool training : {true, false}) {
    SCOPED_TRACE(training ? "train" : "eval");
    auto bn = axon::make_layer("batch_norm2d", {{"num_features", int64_t{3}}});
    bn->train(training);
    EXPECT_TRUE(layer_gradcheck(*bn, {randn64({2, 3, 2, 2})},
                                [&](const TensorList& in) { return forward1(*bn, in); }));
  }
}

TEST(BatchNorm, Errors) {
  auto bn1 = axon::make_layer("batch_norm1d", {{"num_features", int64_t{4}}});
  EXPECT_THAT(error_of([&] {
                bn1->forward(axon::zeros({2, 3}));
              }),
              HasSubstr("batch_norm1d: expected input of shape (N, C) or (N, C, L) with C = 4 "
                        "(num_features), got [2, 3]"));
  EXPECT_THAT(error_of([&] {
                bn1->forward(axon::zeros({1, 4}));
              }),
              HasSubstr("batch_norm1d: expected more than 1 value per channel when training, got "
                        "input of shape [1, 4]"));
  auto bn2 = axon::make_layer("batch_norm2d", {{"num_features", int64_t{4}}});
  EXPECT_THAT(error_of([&] {
                bn2->forward(axon::zeros({2, 4, 3}));
              }),
              HasSubstr("batch_norm2d: expected input of shape (N, C, H, W)"));
  EXPECT_THAT(error_of([] { axon::make_layer("batch_norm2d"); }),
              HasSubstr("batch_norm2d: missing required option 'num_features'"));
}

TEST(Dropout2d, ZeroesChannelsInTrainingAndNothingInEval) {
  axon::manual_seed(1);
  auto drop = axon::make_layer("dropout2d", {{"p", 0.5}});
  EXPECT_EQ(drop->describe(), "Dropout2d(p=0.5)");
  Tensor x = axon::ones({4, 8, 2, 2});
  auto y = drop->forward(x).to_vector<float>();
  for (size_t channel = 0; channel < 32; ++channel)
    EXPECT_EQ(y[channel * 4], y[channel * 4 + 3]) << "channel " << channel;
  EXPECT_NE(std::count(y.begin(), y.end(), 0.0f), 0);
  EXPECT_NE(std::count(y.begin(), y.end(), 2.0f), 0);
  drop->eval();
  EXPECT_TRUE(drop->forward(x).is_same(x));
  EXPECT_THAT(error_of([] {
                axon::make_layer("dropout2d", {{"p", 1.5}});
              }),
              HasSubstr("dropout2d: p has to be between 0 and 1, but got 1.5"));
}

TEST(Embedding, LooksUpRowsAndInitializesLikePyTorch) {
  axon::manual_seed(2);
  auto emb = axon::make_layer("embedding", {{"num_embeddings", int64_t{500}},
                                            {"embedding_dim", int64_t{8}},
                                            {"padding_idx", int64_t{-1}}});
  EXPECT_EQ(emb->describe(), "Embedding(500, 8, padding_idx=499)");
  Tensor weight = emb->state_dict().at("weight");
  EXPECT_TRUE(axon::allclose(weight.select(0, 499), axon::zeros({8}), 0, 0));
  // N(0, 1) elsewhere.
  EXPECT_NEAR(axon::mean(weight).item(), 0.0, 0.05);
  EXPECT_NEAR(axon::var(weight, {}).item(), 1.0, 0.1);
  Tensor idx = axon::from_vector(std::vector<int64_t>{3, 499, 3, 0, 7, 1}, {2, 3});
  Tensor y = emb->forward(idx);
  EXPECT_EQ(y.shape(), (axon::Shape{2, 3, 8}));
  EXPECT_TRUE(axon::allclose(y.select(0, 0).select(0, 2), weight.select(0, 3), 0, 0));
}

TEST(Embedding, PaddingRowGetsNoGradientEvenWhenNonZero) {
  auto emb = axon::make_layer(
      "embedding",
      {{"num_embeddings", int64_t{4}}, {"embedding_dim", int64_t{2}}, {"padding_idx", int64_t{1}}});
  axon::StateDict state;
  state.insert("weight", axon::from_vector(std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}, {4, 2}));
  emb->load_state_dict(state);
  Tensor idx = axon::from_vector(std::vector<int64_t>{1, 2, 1, 2}, {4});
  Tensor y = emb->forward(idx);
  // The padding row is looked up as it is (PyTorch only blocks its gradient).
  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{3, 4, 5, 6, 3, 4, 5, 6}));
  axon::sum(y * 3.0).backward();
  EXPECT_EQ(emb->parameters()[0].grad().to_vector<float>(),
            (std::vector<float>{0, 0, 0, 0, 6, 6, 0, 0}));
  // Away from the padding row, whose numeric gradient is not zero (its value is used).
  Tensor others = axon::from_vector(std::vector<int64_t>{0, 2, 3, 2}, {2, 2});
  EXPECT_TRUE(
      layer_gradcheck(*emb, {others}, [&](const TensorList& in) { return forward1(*emb, in); }));
}

TEST(Embedding, Errors) {
  auto emb = axon::make_layer("embedding",
                              {{"num_embeddings", int64_t{4}}, {"embedding_dim", int64_t{2}}});
  EXPECT_THAT(error_of([&] {
                emb->forward(axon::from_vector(std::vector<int64_t>{1, 7}, {2}));
              }),
              HasSubstr("embedding: index_select: index 7 is out of range for dimension 0 with "
                        "size 4"));
  EXPECT_THAT(error_of([&] { emb->forward(axon::zeros({3})); }),
              HasSubstr("embedding: expected indices of dtype i64, got f32 (shape [3])"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("embedding", {{"num_embeddings", int64_t{4}},
                                               {"embedding_dim", int64_t{2}},
                                               {"padding_idx", int64_t{4}}});
              }),
              HasSubstr("embedding: padding_idx must be within num_embeddings (4), got 4"));
}

TEST(PositionalEncoding, AddsTheSinusoidTableAsABuffer) {
  auto pe = axon::make_layer("positional_encoding",
                             {{"d_model", int64_t{6}}, {"max_len", int64_t{10}}, {"dropout", 0.0}});
  EXPECT_EQ(pe->num_parameters(), 0);
  EXPECT_THAT(state_keys(*pe), ElementsAre("pe"));
  Tensor y = pe->forward(axon::zeros({4, 2, 6}));  // (L, N, d_model)
  auto v = y.to_vector<float>();
  // position 3, batch 1: columns 2 and 3 use the frequency 10000^(-2/6).
  double angle = 3 * std::pow(10000.0, -2.0 / 6);
  EXPECT_NEAR(v[(3 * 2 + 1) * 6 + 2], std::sin(angle), 1e-6);
  EXPECT_NEAR(v[(3 * 2 + 1) * 6 + 3], std::cos(angle), 1e-6);
  EXPECT_NEAR(v[(3 * 2 + 1) * 6 + 0], std::sin(3.0), 1e-6);
  auto first = axon::make_layer("positional_encoding",
                                {{"d_model", int64_t{6}}, {"dropout", 0.0}, {"batch_first", true}});
  Tensor z = first->forward(axon::zeros({2, 4, 6}));  // (N, L, d_model)
  EXPECT_TRUE(axon::allclose(z.select(0, 1), y.select(1, 1), 0, 0));
  EXPECT_THAT(error_of([&] {
                pe->forward(axon::zeros({11, 1, 6}));
              }),
              HasSubstr("positional_encoding: expected input of shape (L, N, d_model) with "
                        "d_model 6 and L <= 10 (max_len), got [11, 1, 6]"));
}

TEST(Residual, AddsTheChildrensOutputToTheInput) {
  auto block = axon::make_layer_from_json(nlohmann::json::parse(
      R"({"type": "residual", "layers": [{"type": "linear", "in_features": 3, "out_features": 4},
                                         {"type": "tanh"},
                                         {"type": "linear", "in_features": 4, "out_features": 3}]})"));
  EXPECT_THAT(state_keys(*block), ElementsAre("0.weight", "0.bias", "2.weight", "2.bias"));
  Tensor x = axon::randn({5, 3});
  const auto& children = block->children();
  Tensor f =
      children[2].second->forward(children[1].second->forward(children[0].second->forward(x)));
  EXPECT_TRUE(axon::allclose(block->forward(x), x + f, 1e-6, 1e-6));
  EXPECT_TRUE(layer_gradcheck(*block, {randn64({2, 3})},
                              [&](const TensorList& in) { return forward1(*block, in); }));
  auto wrong = axon::make_layer("residual");
  std::dynamic_pointer_cast<axon::Container>(wrong)->append(axon::nn::Linear(3, 2));
  EXPECT_THAT(error_of([&] { wrong->forward(x); }),
              HasSubstr("residual: the children map input of shape [5, 3] to shape [5, 2]"));
}

}  // namespace
