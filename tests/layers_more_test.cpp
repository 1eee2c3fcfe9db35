// The layers added after issue 6, through the registry: group_norm,
// instance_norm1d/2d, conv_transpose2d, upsample, identity, unflatten,
// rnn_cell, lstm_cell and gru_cell. Descriptions, options and their defaults,
// state-dict keys, error messages, gradients by gradcheck in f64, and
// properties that tie them to the layers they derive from (conv_transpose2d
// is the adjoint of conv2d, a cell is one step of its sequence layer); the
// numbers against PyTorch are in golden_layers_test (layers_more.json).
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

using Shapes = std::vector<std::pair<std::string, axon::Shape>>;

Shapes state_shapes(const axon::Layer& layer) {
  Shapes out;
  for (const auto& [name, t] : layer.state_dict()) out.emplace_back(name, t.shape());
  return out;
}

Tensor forward1(axon::Layer& layer, const TensorList& in) { return layer.forward(in[0]); }

// Every output of a multi-output layer, flattened into one tensor for gradcheck.
Tensor all_outputs(axon::Layer& layer, const TensorList& in) {
  TensorList flat;
  for (const auto& out : layer.forward(in)) flat.push_back(out.reshape({-1}));
  return axon::cat(flat);
}

std::vector<float> values(const Tensor& t) { return t.to(axon::DType::f32).to_vector<float>(); }

// ---- group_norm ---------------------------------------------------------------------

TEST(GroupNorm, DefaultsDescriptionAndState) {
  auto norm = axon::make_layer("group_norm", {{"num_groups", 2}, {"num_channels", 6}});
  EXPECT_EQ(norm->describe(), "GroupNorm(2, 6, eps=1e-05, affine=true)");
  EXPECT_THAT(state_shapes(*norm),
              ElementsAre(Shapes::value_type{"weight", {6}}, Shapes::value_type{"bias", {6}}));
  EXPECT_EQ(values(norm->state_dict().at("weight")), std::vector<float>(6, 1.0f));
  auto plain = axon::make_layer(
      "group_norm", {{"num_groups", 3}, {"num_channels", 6}, {"eps", 1e-3}, {"affine", false}});
  EXPECT_EQ(plain->describe(), "GroupNorm(3, 6, eps=0.001, affine=false)");
  EXPECT_TRUE(plain->state_dict().keys().empty());
}

TEST(GroupNorm, NormalizesEachGroupOfEachSampleAndGradchecks) {
  auto norm = axon::make_layer("group_norm", {{"num_groups", 2}, {"num_channels", 4}});
  Tensor y = norm->forward(axon::randn({3, 4, 5}) * 4.0 + 2.0);
  // (N, groups, 2 channels * 5): every row has mean 0 and biased variance 1.
  auto [var, mean] = axon::var_mean(y.reshape({3, 2, 10}), {2}, /*unbiased=*/false);
  EXPECT_TRUE(axon::allclose(mean, axon::zeros({3, 2}), 0, 1e-5));
  EXPECT_TRUE(axon::allclose(var, axon::ones({3, 2}), 1e-3, 1e-3));
  EXPECT_TRUE(layer_gradcheck(*norm, {randn64({2, 4, 3})},
                              [&](const TensorList& in) { return forward1(*norm, in); }));
}

TEST(GroupNorm, Errors) {
  EXPECT_THAT(error_of([] {
                axon::make_layer("group_norm", {{"num_groups", 4}, {"num_channels", 6}});
              }),
              HasSubstr("group_norm: num_channels (6) must be divisible by num_groups (4)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("group_norm", {{"num_groups", 2}});
              }),
              HasSubstr("group_norm: missing required option 'num_channels'"));
  auto norm = axon::make_layer("group_norm", {{"num_groups", 6}, {"num_channels", 6}});
  EXPECT_THAT(
      error_of([&] {
        norm->forward(axon::zeros({2, 4, 3}));
      }),
      HasSubstr("group_norm: expected input of shape (N, 6, *) (num_channels), got [2, 4, 3]"));
  // As PyTorch, one value per group passes when the batch has more than one sample.
  EXPECT_EQ(norm->forward(axon::randn({2, 6})).shape(), (axon::Shape{2, 6}));
  EXPECT_THAT(error_of([&] {
                norm->forward(axon::zeros({1, 6}));
              }),
              HasSubstr("group_norm: expected more than 1 value in N * C / num_groups * spatial "
                        "size, got input of shape [1, 6] and num_groups 6"));
}

// ---- instance_norm1d / instance_norm2d ----------------------------------------------------

TEST(InstanceNorm, DefaultsDescriptionAndState) {
  auto norm = axon::make_layer("instance_norm1d", {{"num_features", 3}});
  EXPECT_EQ(norm->describe(),
            "InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=false, track_running_stats=false)");
  EXPECT_TRUE(norm->state_dict().keys().empty());
  auto full = axon::make_layer(
      "instance_norm2d", {{"num_features", 3}, {"affine", true}, {"track_running_stats", true}});
  EXPECT_EQ(full->describe(),
            "InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)");
  EXPECT_THAT(full->state_dict().keys(),
              ElementsAre("weight", "bias", "running_mean", "running_var", "num_batches_tracked"));
}

TEST(InstanceNorm, TrainingUpdatesRunningStatsWithTheBatchAverage) {
  auto norm = axon::make_layer(
      "instance_norm1d", {{"num_features", 1}, {"momentum", 0.5}, {"track_running_stats", true}});
  // Instance 0: {1, 2, 3}, mean 2, unbiased var 1; instance 1: {0, 0, 6}, mean 2, var 12.
  Tensor x = axon::from_vector(std::vector<float>{1, 2, 3, 0, 0, 6}, {2, 1, 3});
  Tensor y = norm->forward(x);
  auto state = norm->state_dict();
  EXPECT_FLOAT_EQ(state.at("running_mean").item(), 0.5 * 0 + 0.5 * 2);
  EXPECT_FLOAT_EQ(state.at("running_var").item(), 0.5 * 1 + 0.5 * (1 + 12) / 2.0);
  // PyTorch never counts batches for instance norm.
  EXPECT_EQ(state.at("num_batches_tracked").item<int64_t>(), 0);
  // Training normalizes each instance with its biased variance: (1 - 2) / sqrt(2 / 3 + eps).
  EXPECT_NEAR(values(y)[0], -1 / std::sqrt(2.0 / 3 + 1e-5), 1e-5);
  norm->eval();
  EXPECT_NEAR(values(norm->forward(x))[0], (1 - 1.0) / std::sqrt(3.75 + 1e-5), 1e-6);
  EXPECT_NEAR(values(norm->forward(x))[5], (6 - 1.0) / std::sqrt(3.75 + 1e-5), 1e-5);
  // Without running statistics, evaluation still uses the instance's own.
  auto plain = axon::make_layer("instance_norm1d", {{"num_features", 1}});
  plain->eval();
  EXPECT_NEAR(values(plain->forward(x))[0], -1 / std::sqrt(2.0 / 3 + 1e-5), 1e-5);
}

TEST(InstanceNorm, UnbatchedIsABatchOfOneAndGradchecks) {
  auto norm = axon::make_layer("instance_norm2d", {{"num_features", 2}, {"affine", true}});
  {
    axon::NoGradGuard no_grad;
    for (auto& p : norm->parameters()) p.uniform_(-1, 1);
  }
  Tensor x = axon::randn({2, 3, 4});
  EXPECT_TRUE(axon::allclose(norm->forward(x), norm->forward(x.unsqueeze(0)).squeeze(0), 0, 0));
  EXPECT_TRUE(layer_gradcheck(*norm, {randn64({2, 2, 3, 2})},
                              [&](const TensorList& in) { return forward1(*norm, in); }));
}

TEST(InstanceNorm, Errors) {
  auto affine = axon::make_layer("instance_norm1d", {{"num_features", 3}, {"affine", true}});
  EXPECT_THAT(error_of([&] {
                affine->forward(axon::zeros({2, 5, 4}));
              }),
              HasSubstr("instance_norm1d: expected input of shape (N, C, L) or (C, L) with C = 3 "
                        "(num_features), got [2, 5, 4]"));
  EXPECT_THAT(error_of([&] {
                affine->forward(axon::zeros({2, 3, 4, 4}));
              }),
              HasSubstr("instance_norm1d: expected input of shape (N, C, L) or (C, L), got "
                        "[2, 3, 4, 4]"));
  EXPECT_THAT(error_of([&] {
                affine->forward(axon::zeros({2, 3, 1}));
              }),
              HasSubstr("instance_norm1d: expected more than 1 spatial element when training, "
                        "got [2, 3, 1]"));
  // As PyTorch: without weights or running statistics any channel count goes.
  auto plain = axon::make_layer("instance_norm2d", {{"num_features", 3}});
  EXPECT_EQ(plain->forward(axon::randn({2, 5, 2, 2})).shape(), (axon::Shape{2, 5, 2, 2}));
  EXPECT_THAT(
      error_of([] {
        axon::make_layer("instance_norm2d", {{"num_features", 3}, {"momentum", std::monostate{}}});
      }),
      HasSubstr("instance_norm2d: option 'momentum' expects a number, got None"));
}

// ---- conv_transpose2d -----------------------------------------------------------------------

Options conv_t(int64_t in, int64_t out, int64_t k, Options extra = {}) {
  extra.set("in_channels", in).set("out_channels", out).set("kernel_size", k);
  return extra;
}

TEST(ConvTranspose2d, DescriptionParametersAndInit) {
  auto plain = axon::make_layer("conv_transpose2d", conv_t(4, 6, 3));
  EXPECT_EQ(plain->describe(), "ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(1, 1))");
  auto full = axon::make_layer("conv_transpose2d", conv_t(4, 6, 3,
                                                          {{"stride", 2},
                                                           {"padding", 1},
                                                           {"output_padding", 1},
                                                           {"dilation", std::vector<int64_t>{1, 2}},
                                                           {"groups", 2},
                                                           {"bias", false}}));
  EXPECT_EQ(full->describe(),
            "ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), "
            "dilation=(1, 2), output_padding=(1, 1), groups=2, bias=false)");
  // weight (C_in, C_out / groups, kh, kw), as PyTorch.
  EXPECT_THAT(state_shapes(*full), ElementsAre(Shapes::value_type{"weight", {4, 3, 3, 3}}));
  EXPECT_THAT(state_shapes(*plain), ElementsAre(Shapes::value_type{"weight", {4, 6, 3, 3}},
                                                Shapes::value_type{"bias", {6}}));
  // Both U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = C_out / groups * kh * kw = 54.
  for (const auto& p : plain->parameters())
    EXPECT_LE(axon::max(axon::abs(p)).item(), 1 / std::sqrt(54.0));
  EXPECT_GT(axon::max(axon::abs(plain->state_dict().at("weight"))).item(), 0.8 / std::sqrt(54.0));
}

// conv_transpose2d is the adjoint of conv2d with the same weight and options:
// <conv2d(x), y> = <x, conv_transpose2d(y)>, with the output_padding that
// restores x's size.
TEST(ConvTranspose2d, IsTheAdjointOfConv2d) {
  struct Case {
    int64_t stride, padding, dilation, groups;
  };
  for (Case c : {Case{1, 0, 1, 1}, Case{2, 1, 1, 1}, Case{2, 2, 2, 2}, Case{3, 0, 1, 2},
                 Case{1, 3, 2, 1}, Case{3, 3, 1, 1}}) {
    SCOPED_TRACE(fmt::format("stride {} padding {} dilation {} groups {}", c.stride, c.padding,
                             c.dilation, c.groups));
    axon::Conv2dParams p{
        {c.stride, c.stride}, {c.padding, c.padding}, {c.dilation, c.dilation}, c.groups};
    // conv2d: x (2, 4, 10, 9) -> (2, 6, ...); conv_transpose2d: 6 -> 4 channels.
    Tensor x = axon::randn({2, 4, 10, 9});
    Tensor w = axon::randn({6, 4 / c.groups, 3, 3});
    Tensor conv = axon::conv2d(x, w, {}, p);
    std::vector<int64_t> output_padding;
    for (int64_t d = 2; d < 4; ++d)
      output_padding.push_back(
          x.size(d) - ((conv.size(d) - 1) * c.stride - 2 * c.padding + c.dilation * 2 + 1));
    auto layer = axon::make_layer("conv_transpose2d", conv_t(6, 4, 3,
                                                             {{"stride", c.stride},
                                                              {"padding", c.padding},
                                                              {"dilation", c.dilation},
                                                              {"groups", c.groups},
                                                              {"output_padding", output_padding},
                                                              {"bias", false}}));
    axon::StateDict state;
    state.insert("weight", w);
    layer->load_state_dict(state);
    Tensor y = axon::randn(conv.shape());
    Tensor back = layer->forward(y);
    ASSERT_EQ(back.shape(), x.shape());
    EXPECT_NEAR(axon::sum(conv * y).item(), axon::sum(x * back).item(), 1e-3);
  }
}

TEST(ConvTranspose2d, GradchecksAndTakesUnbatchedInput) {
  auto layer = axon::make_layer(
      "conv_transpose2d",
      conv_t(
          4, 2, 3,
          {{"stride", 2}, {"padding", 2}, {"dilation", 2}, {"output_padding", 1}, {"groups", 2}}));
  Tensor x = axon::randn({4, 3, 3});
  EXPECT_TRUE(axon::allclose(layer->forward(x), layer->forward(x.unsqueeze(0)).squeeze(0), 0, 0));
  // (3 - 1) 2 - 2 * 2 + 2 (3 - 1) + 1 + 1 = 6.
  EXPECT_EQ(layer->forward(x).shape(), (axon::Shape{2, 6, 6}));
  EXPECT_TRUE(layer_gradcheck(*layer, {randn64({2, 4, 3, 2})},
                              [&](const TensorList& in) { return forward1(*layer, in); }));
  // padding beyond dilation (k - 1): the spread input is cropped.
  auto k2 = axon::make_layer("conv_transpose2d", conv_t(2, 3, 2, {{"padding", 2}}));
  EXPECT_TRUE(layer_gradcheck(*k2, {randn64({1, 2, 4, 5})},
                              [&](const TensorList& in) { return forward1(*k2, in); }));
}

TEST(ConvTranspose2d, Errors) {
  EXPECT_THAT(error_of([] {
                axon::make_layer("conv_transpose2d", conv_t(4, 6, 3, {{"groups", 4}}));
              }),
              HasSubstr("conv_transpose2d: in_channels (4) and out_channels (6) must be divisible "
                        "by groups (4)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("conv_transpose2d", conv_t(4, 6, 3, {{"output_padding", 1}}));
              }),
              HasSubstr("conv_transpose2d: output_padding must be smaller than either stride or "
                        "dilation, got output_padding (1, 1), stride (1, 1), dilation (1, 1)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("conv_transpose2d", conv_t(4, 6, 3, {{"padding", -1}}));
              }),
              HasSubstr("conv_transpose2d: padding must be at least 0, got (-1, -1)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("conv_transpose2d", conv_t(4, 6, 3, {{"stride", 0}}));
              }),
              HasSubstr("conv_transpose2d: stride must be at least 1, got (0, 0)"));
  auto layer = axon::make_layer("conv_transpose2d", conv_t(4, 6, 3, {{"padding", 3}}));
  EXPECT_THAT(error_of([&] {
                layer->forward(axon::zeros({1, 5, 5, 5}));
              }),
              HasSubstr("conv_transpose2d: given groups=1, weight of size [4, 6, 3, 3], expected "
                        "input[1, 5, 5, 5] to have 4 channels, but got 5 channels instead"));
  EXPECT_THAT(error_of([&] {
                layer->forward(axon::zeros({4, 5}));
              }),
              HasSubstr("conv_transpose2d: expected 3-D (C, H, W) or 4-D (N, C, H, W) input, got "
                        "shape [4, 5]"));
  EXPECT_THAT(error_of([&] {
                layer->forward(axon::zeros({1, 4, 1, 1}));
              }),
              HasSubstr("conv_transpose2d: calculated output size (-3x-3) is too small for input "
                        "[1, 4, 1, 1]"));
}

// ---- upsample, identity, unflatten ----------------------------------------------------------

// Which input position each output position of a 1-D upsample reads.
std::vector<float> sources(const Options& options, int64_t length) {
  Tensor x = axon::arange(0, length).to(axon::DType::f32).view({1, 1, length});
  return values(axon::make_layer("upsample", options)->forward(x));
}

TEST(Upsample, DescriptionAndPyTorchsNearestIndices) {
  EXPECT_EQ(axon::make_layer("upsample", {{"scale_factor", 2}})->describe(),
            "Upsample(scale_factor=2.0, mode=nearest)");
  EXPECT_EQ(
      axon::make_layer("upsample", {{"scale_factor", std::vector<double>{2, 1.5}}})->describe(),
      "Upsample(scale_factor=(2.0, 1.5), mode=nearest)");
  EXPECT_EQ(axon::make_layer("upsample", {{"size", 4}})->describe(),
            "Upsample(size=4, mode=nearest)");
  EXPECT_EQ(axon::make_layer("upsample", {{"size", std::vector<int64_t>{4, 5}}})->describe(),
            "Upsample(size=(4, 5), mode=nearest)");
  EXPECT_EQ(sources({{"scale_factor", 2}}, 3), (std::vector<float>{0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(sources({{"size", 7}}, 3), (std::vector<float>{0, 0, 0, 1, 1, 2, 2}));
  // floor(dst / scale_factor) when a scale factor is given, floor(dst * in / out) otherwise.
  EXPECT_EQ(sources({{"scale_factor", 0.7}}, 5), (std::vector<float>{0, 1, 2}));
  EXPECT_EQ(sources({{"size", 3}}, 5), (std::vector<float>{0, 1, 3}));
  EXPECT_EQ(sources({{"scale_factor", 0.7}, {"recompute_scale_factor", true}}, 5),
            (std::vector<float>{0, 1, 3}));
}

TEST(Upsample, ShapesAndGradcheck) {
  auto up = axon::make_layer("upsample", {{"scale_factor", std::vector<double>{1.5, 2}}});
  EXPECT_EQ(up->forward(axon::zeros({2, 3, 5, 4})).shape(), (axon::Shape{2, 3, 7, 8}));
  auto cube = axon::make_layer("upsample", {{"size", std::vector<int64_t>{2, 3, 4}}});
  EXPECT_EQ(cube->forward(axon::zeros({1, 2, 3, 3, 3})).shape(), (axon::Shape{1, 2, 2, 3, 4}));
  // Downsampling reads some inputs never and upsampling others several times.
  auto mixed = axon::make_layer("upsample", {{"size", std::vector<int64_t>{2, 7}}});
  EXPECT_TRUE(layer_gradcheck(*mixed, {randn64({2, 1, 5, 3})},
                              [&](const TensorList& in) { return forward1(*mixed, in); }));
}

TEST(Upsample, Errors) {
  EXPECT_THAT(error_of([] { axon::make_layer("upsample", {}); }),
              HasSubstr("upsample: either size or scale_factor should be defined"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("upsample", {{"size", 2}, {"scale_factor", 2}});
              }),
              HasSubstr("upsample: only one of size or scale_factor should be defined"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("upsample", {{"size", 2}, {"mode", "bilinear"}});
              }),
              HasSubstr("upsample: mode 'bilinear' is not supported (known: nearest)"));
  EXPECT_THAT(
      error_of([] {
        axon::make_layer("upsample", {{"size", 2}, {"recompute_scale_factor", true}});
      }),
      HasSubstr("upsample: recompute_scale_factor is not meaningful with an explicit size"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("upsample", {{"scale_factor", -2}});
              }),
              HasSubstr("upsample: scale_factor must be positive, got [-2]"));
  auto up = axon::make_layer("upsample", {{"size", std::vector<int64_t>{4, 5}}});
  EXPECT_THAT(error_of([&] {
                up->forward(axon::zeros({2, 3}));
              }),
              HasSubstr("upsample: expected 3-D, 4-D or 5-D input (N, C, d1[, d2[, d3]]), got "
                        "[2, 3]"));
  EXPECT_THAT(error_of([&] {
                up->forward(axon::zeros({2, 3, 4}));
              }),
              HasSubstr("upsample: size expects 1 or 1 values for input [2, 3, 4] (1 spatial "
                        "dims), got [4, 5]"));
  auto shrink = axon::make_layer("upsample", {{"scale_factor", 0.25}});
  EXPECT_THAT(error_of([&] {
                shrink->forward(axon::zeros({1, 1, 3}));
              }),
              HasSubstr("upsample: output sizes must be greater than 0, got 0 for dim 2 of "
                        "[1, 1, 3]"));
}

TEST(Identity, ReturnsItsInput) {
  auto identity = axon::make_layer("identity", {});
  EXPECT_EQ(identity->describe(), "Identity()");
  Tensor x = axon::randn({2, 3});
  EXPECT_TRUE(axon::allclose(identity->forward(x), x, 0, 0));
  EXPECT_THAT(error_of([] {
                axon::make_layer("identity", {{"features", 3}});
              }),
              HasSubstr("identity: unknown option 'features' (identity takes no options)"));
}

TEST(Unflatten, SplitsOneDimAndInfersMinusOne) {
  auto unflatten =
      axon::make_layer("unflatten", {{"dim", 1}, {"unflattened_size", std::vector<int64_t>{2, 5}}});
  EXPECT_EQ(unflatten->describe(), "Unflatten(dim=1, unflattened_size=(2, 5))");
  Tensor x = axon::randn({3, 10});
  Tensor y = unflatten->forward(x);
  EXPECT_EQ(y.shape(), (axon::Shape{3, 2, 5}));
  EXPECT_TRUE(axon::allclose(y.flatten(1), x, 0, 0));
  auto inferred = axon::make_layer(
      "unflatten", {{"dim", -1}, {"unflattened_size", std::vector<int64_t>{2, -1, 1}}});
  EXPECT_EQ(inferred->forward(axon::zeros({3, 4, 6})).shape(), (axon::Shape{3, 4, 2, 3, 1}));
  EXPECT_EQ(axon::make_layer("unflatten", {{"dim", 0}, {"unflattened_size", 4}})->describe(),
            "Unflatten(dim=0, unflattened_size=(4,))");
}

TEST(Unflatten, Errors) {
  auto unflatten =
      axon::make_layer("unflatten", {{"dim", 1}, {"unflattened_size", std::vector<int64_t>{2, 4}}});
  EXPECT_THAT(error_of([&] {
                unflatten->forward(axon::zeros({3, 10}));
              }),
              HasSubstr("unflatten: provided sizes [2, 4] don't multiply up to the size of dim 1 "
                        "(10) in the input tensor of shape [3, 10]"));
  EXPECT_THAT(error_of([&] { unflatten->forward(axon::zeros({3})); }), HasSubstr("unflatten"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("unflatten",
                                 {{"dim", 1}, {"unflattened_size", std::vector<int64_t>{-1, -1}}});
              }),
              HasSubstr("unflatten: expected sizes of at least 0 in unflattened_size, with at "
                        "most one -1 (inferred), got [-1, -1]"));
  EXPECT_THAT(
      error_of([] {
        axon::make_layer("unflatten", {{"dim", 1}, {"unflattened_size", std::vector<int64_t>{}}});
      }),
      HasSubstr("unflatten: unflattened_size must be non-empty"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("unflatten", {{"dim", 1}});
              }),
              HasSubstr("unflatten: missing required option 'unflattened_size'"));
}

// ---- rnn_cell, lstm_cell, gru_cell ----------------------------------------------------------

Options cell_options(int64_t input, int64_t hidden, Options extra = {}) {
  extra.set("input_size", input).set("hidden_size", hidden);
  return extra;
}

TEST(Cells, ParametersInitAndDescription) {
  auto lstm = axon::make_layer("lstm_cell", cell_options(3, 5));
  EXPECT_THAT(state_shapes(*lstm), ElementsAre(Shapes::value_type{"weight_ih", {20, 3}},
                                               Shapes::value_type{"weight_hh", {20, 5}},
                                               Shapes::value_type{"bias_ih", {20}},
                                               Shapes::value_type{"bias_hh", {20}}));
  for (const auto& p : lstm->parameters())
    EXPECT_LE(axon::max(axon::abs(p)).item(), 1 / std::sqrt(5.0));
  auto gru = axon::make_layer("gru_cell", cell_options(3, 4, {{"bias", false}}));
  EXPECT_THAT(state_shapes(*gru), ElementsAre(Shapes::value_type{"weight_ih", {12, 3}},
                                              Shapes::value_type{"weight_hh", {12, 4}}));
  EXPECT_EQ(lstm->describe(), "LSTMCell(3, 5)");
  EXPECT_EQ(gru->describe(), "GRUCell(3, 4, bias=false)");
  EXPECT_EQ(axon::make_layer("rnn_cell", cell_options(4, 5))->describe(), "RNNCell(4, 5)");
  EXPECT_EQ(
      axon::make_layer("rnn_cell", cell_options(4, 5, {{"bias", false}, {"nonlinearity", "relu"}}))
          ->describe(),
      "RNNCell(4, 5, bias=false, nonlinearity=relu)");
}

// A cell is one time step of its sequence layer with the same weights.
TEST(Cells, AreOneStepOfTheSequenceLayers) {
  struct Case {
    const char *cell, *layer;
    Options extra;
  };
  for (const Case& c : {Case{"rnn_cell", "rnn", {{"nonlinearity", "relu"}}},
                        Case{"lstm_cell", "lstm", {}}, Case{"gru_cell", "gru", {}}}) {
    SCOPED_TRACE(c.cell);
    auto cell = axon::make_layer(c.cell, cell_options(3, 4, c.extra));
    auto layer = axon::make_layer(c.layer, cell_options(3, 4, c.extra));
    axon::StateDict renamed;
    for (const auto& [name, t] : cell->state_dict()) renamed.insert(name + "_l0", t);
    layer->load_state_dict(renamed);
    bool lstm = std::string(c.cell) == "lstm_cell";
    Tensor x = axon::randn({2, 3}), h = axon::randn({2, 4}), cs = axon::randn({2, 4});
    TensorList step = cell->forward(lstm ? TensorList{x, h, cs} : TensorList{x, h});
    TensorList seq =
        layer->forward(lstm ? TensorList{x.unsqueeze(0), h.unsqueeze(0), cs.unsqueeze(0)}
                            : TensorList{x.unsqueeze(0), h.unsqueeze(0)});
    ASSERT_EQ(step.size(), lstm ? 2u : 1u);
    EXPECT_TRUE(axon::allclose(step[0], seq[1].squeeze(0), 1e-6, 1e-7));
    if (lstm) {
      EXPECT_TRUE(axon::allclose(step[1], seq[2].squeeze(0), 1e-6, 1e-7));
    }
  }
}

TEST(Cells, MissingStateIsZerosAndUnbatchedIsABatchOfOne) {
  for (const char* name : {"rnn_cell", "lstm_cell", "gru_cell"}) {
    SCOPED_TRACE(name);
    auto cell = axon::make_layer(name, cell_options(3, 4));
    bool lstm = std::string(name) == "lstm_cell";
    Tensor x = axon::randn({3}), h = axon::randn({4}), cs = axon::randn({4});
    TensorList single = cell->forward(lstm ? TensorList{x, h, cs} : TensorList{x, h});
    TensorList batch =
        cell->forward(lstm ? TensorList{x.unsqueeze(0), h.unsqueeze(0), cs.unsqueeze(0)}
                           : TensorList{x.unsqueeze(0), h.unsqueeze(0)});
    ASSERT_EQ(single.size(), batch.size());
    for (size_t i = 0; i < single.size(); ++i) {
      EXPECT_EQ(single[i].shape(), (axon::Shape{4}));
      EXPECT_TRUE(axon::allclose(single[i], batch[i].squeeze(0), 0, 0));
    }
    Tensor zeros = axon::zeros({2, 4});
    Tensor xs = axon::randn({2, 3});
    TensorList given = cell->forward(lstm ? TensorList{xs, zeros, zeros} : TensorList{xs, zeros});
    TensorList missing = cell->forward(TensorList{xs});
    EXPECT_TRUE(axon::allclose(given[0], missing[0], 0, 0));
    if (!lstm) {
      EXPECT_TRUE(axon::allclose(cell->forward(xs), missing[0], 0, 0));
    }
  }
}

TEST(Cells, Gradcheck) {
  for (const char* name : {"rnn_cell", "lstm_cell", "gru_cell"}) {
    SCOPED_TRACE(name);
    auto cell = axon::make_layer(name, cell_options(2, 3));
    // (input (N, in), h_0[, c_0] (N, hidden))
    TensorList inputs = std::string(name) == "lstm_cell"
                            ? TensorList{randn64({2, 2}), randn64({2, 3}), randn64({2, 3})}
                            : TensorList{randn64({2, 2}), randn64({2, 3})};
    EXPECT_TRUE(layer_gradcheck(*cell, inputs,
                                [&](const TensorList& in) { return all_outputs(*cell, in); }));
  }
  auto relu = axon::make_layer("rnn_cell", cell_options(2, 3, {{"nonlinearity", "relu"}}));
  EXPECT_TRUE(layer_gradcheck(*relu, {randn64({2})},
                              [&](const TensorList& in) { return all_outputs(*relu, in); }));
}

TEST(Cells, Errors) {
  auto rnn = axon::make_layer("rnn_cell", cell_options(4, 5));
  EXPECT_THAT(error_of([&] {
                rnn->forward(axon::zeros({3, 2, 4}));
              }),
              HasSubstr("rnn_cell: expected input of shape (N, 4) or (4) (unbatched) with "
                        "input_size 4, got [3, 2, 4]"));
  EXPECT_THAT(error_of([&] { rnn->forward(axon::zeros({3, 3})); }), HasSubstr("got [3, 3]"));
  EXPECT_THAT(error_of([&] {
                rnn->forward(TensorList{axon::zeros({3, 4}), axon::zeros({2, 5})});
              }),
              HasSubstr("rnn_cell: expected h_0 of shape [3, 5] (N, hidden_size), got [2, 5]"));
  EXPECT_THAT(error_of([&] {
                rnn->forward(TensorList{axon::zeros({4}), axon::zeros({1, 5})});
              }),
              HasSubstr("rnn_cell: expected h_0 of shape [5] (hidden_size, for unbatched input), "
                        "got [1, 5]"));
  EXPECT_THAT(error_of([&] {
                rnn->forward(TensorList(3, axon::zeros({3, 4})));
              }),
              HasSubstr("rnn_cell: expected (input[, h_0]), got 3 tensors"));
  auto lstm = axon::make_layer("lstm_cell", cell_options(4, 5));
  EXPECT_THAT(
      error_of([&] {
        lstm->forward(TensorList{axon::zeros({3, 4}), axon::zeros({3, 5}), axon::zeros({3, 6})});
      }),
      HasSubstr("lstm_cell: expected c_0 of shape [3, 5] (N, hidden_size), got [3, 6]"));
  EXPECT_THAT(error_of([&] {
                lstm->forward(axon::zeros({3, 4}));
              }),
              HasSubstr("call forward(TensorList)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("rnn_cell", cell_options(4, 5, {{"nonlinearity", "gelu"}}));
              }),
              HasSubstr("rnn_cell: unknown nonlinearity 'gelu' (known: tanh, relu)"));
  EXPECT_THAT(error_of([] {
                axon::make_layer("gru_cell", {{"input_size", 3}});
              }),
              HasSubstr("gru_cell: missing required option 'hidden_size'"));
}

}  // namespace
