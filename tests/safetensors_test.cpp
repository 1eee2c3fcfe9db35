// StateDict and safetensors files: round trips, the byte layout PyTorch's
// loaders expect, and clear errors for damaged files and mismatched models.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include "test_util.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

namespace axon {
namespace {

namespace fs = std::filesystem;

using axon::testing_util::error_of;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A file with the given JSON header (unpadded) and data buffer.
void write_raw(const fs::path& path, const std::string& header, const std::string& buffer) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(header.size() >> (8 * i));
  write_bytes(path, bytes + header + buffer);
}

class Safetensors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           fmt::format("axon_safetensors_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  // What loading `name` throws; the message must name the file.
  std::string load_error(const std::string& name) const {
    std::string message = error_of([&] { load_safetensors(path(name)); });
    EXPECT_PRED_FORMAT2(::testing::IsSubstring, path(name), message);
    return message;
  }

 private:
  fs::path dir_;
};

StateDict every_dtype() {
  StateDict state;
  state.insert("f32", from_vector<float>({1.5f, -2.0f, 3.25f, 0.0f, 1e-30f, -7.0f}, {2, 3}));
  state.insert("f64", from_vector<double>({1.0 / 3.0, -1e300, 2.5}, {3}));
  state.insert("i64", from_vector<int64_t>({INT64_MIN, -1, 0, INT64_MAX}, {2, 2}));
  state.insert("u8", from_vector<uint8_t>({0, 1, 128, 255}, {4}));
  state.insert("bool", gt(from_vector<float>({1.0f, -1.0f, 2.0f}, {3}), 0.0));
  state.insert("scalar", scalar_tensor(4.5));
  state.insert("empty", zeros({0, 3}));
  return state;
}

void expect_same(const Tensor& expected, const Tensor& actual, const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(actual.shape(), expected.shape());
  EXPECT_EQ(actual.dtype(), expected.dtype());
  EXPECT_EQ(actual.device().type(), "cpu");
  // Compared as f64: exact for every value above except the i64 extremes, checked apart.
  if (expected.dtype() == DType::i64) {
    EXPECT_EQ(actual.to_vector<int64_t>(), expected.to_vector<int64_t>());
  } else {
    EXPECT_EQ(actual.to(DType::f64).to_vector<double>(),
              expected.to(DType::f64).to_vector<double>());
  }
}

TEST_F(Safetensors, RoundTripsEveryDtypeAndTheMetadata) {
  const StateDict saved = every_dtype();
  save_safetensors(path("all.safetensors"), saved, {{"epoch", "3"}, {"model", "mlp"}});
  Metadata metadata;
  const StateDict loaded = load_safetensors(path("all.safetensors"), &metadata);
  EXPECT_EQ(loaded.keys(), saved.keys());
  for (const auto& [name, tensor] : saved) expect_same(tensor, loaded.at(name), name);
  EXPECT_EQ(metadata, (Metadata{{"epoch", "3"}, {"model", "mlp"}}));
}

TEST_F(Safetensors, SavesViewsAsContiguousData) {
  Tensor x = arange(0, 6, 1, TensorOptions(DType::f32)).reshape({2, 3});
  StateDict state;
  state.insert("xt", x.t());
  state.insert("row", x.select(0, 1));
  save_safetensors(path("views.safetensors"), state);
  const StateDict loaded = load_safetensors(path("views.safetensors"));
  EXPECT_EQ(loaded.at("xt").shape(), (Shape{3, 2}));
  EXPECT_EQ(loaded.at("xt").to_vector<float>(), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(loaded.at("row").to_vector<float>(), (std::vector<float>{3, 4, 5}));
}

// The layout the format fixes (and torch.frombuffer reads): u64 LE header
// length, JSON header, tensors back to back from offset 0 of the data buffer.
TEST_F(Safetensors, WritesTheSafetensorsLayout) {
  StateDict state;
  state.insert("w", from_vector<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
  state.insert("b", from_vector<int64_t>({7}, {1}));
  save_safetensors(path("layout.safetensors"), state, {{"format", "pt"}});
  const std::string bytes = read_bytes(path("layout.safetensors"));
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | static_cast<uint8_t>(bytes[i]);
  EXPECT_EQ((8 + length) % 8, 0u) << "the data buffer starts 8-byte aligned";
  ASSERT_EQ(bytes.size(), 8 + length + 24 + 8);
  const auto header = nlohmann::json::parse(bytes.substr(8, length));
  EXPECT_EQ(header["w"]["dtype"], "F32");
  EXPECT_EQ(header["w"]["shape"], nlohmann::json({2, 3}));
  EXPECT_EQ(header["w"]["data_offsets"], nlohmann::json({0, 24}));
  EXPECT_EQ(header["b"]["dtype"], "I64");
  EXPECT_EQ(header["b"]["data_offsets"], nlohmann::json({24, 32}));
  EXPECT_EQ(header["__metadata__"]["format"], "pt");
  float w[6];
  std::memcpy(w, bytes.data() + 8 + length, sizeof w);
  EXPECT_EQ(w[5], 6.0f);
}

TEST_F(Safetensors, SavingReplacesTheFileAtomically) {
  StateDict state;
  state.insert("a", ones({2}));
  save_safetensors(path("m.safetensors"), state);
  state.insert("a", zeros({3}));
  save_safetensors(path("m.safetensors"), state);
  EXPECT_EQ(load_safetensors(path("m.safetensors")).at("a").shape(), (Shape{3}));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(path(""))) ++files;
  EXPECT_EQ(files, 1) << "no temporary file is left behind";
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "save_safetensors: cannot create", error_of([&] {
                        save_safetensors(path("no/such/folder/m.safetensors"), state);
                      }));
}

TEST_F(Safetensors, RoundTripsAModel) {
  manual_seed(1);
  LayerPtr model = nn::Sequential({nn::Linear(2, 4), nn::ReLU(), nn::Linear(4, 3)});
  save_safetensors(path("model.safetensors"), model->state_dict());
  manual_seed(2);
  LayerPtr other = make_layer_from_json(nlohmann::json::parse(R"([
    {"type": "linear", "in_features": 2, "out_features": 4}, {"type": "relu"},
    {"type": "linear", "in_features": 4, "out_features": 3}])"));
  Tensor x = from_vector<float>({0.5f, -1.0f, 2.0f, 0.25f}, {2, 2});
  EXPECT_FALSE(allclose(other->forward(x), model->forward(x)));
  other->load_state_dict(load_safetensors(path("model.safetensors")));
  EXPECT_EQ(other->state_dict().keys(),
            (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  for (const auto& [name, tensor] : model->state_dict()) {
    EXPECT_TRUE(allclose(other->state_dict().at(name), tensor, 0, 0)) << name;
  }
  EXPECT_TRUE(allclose(other->forward(x), model->forward(x), 0, 0));
}

TEST_F(Safetensors, LoadingIntoAMismatchedModelSaysWhatDiffers) {
  LayerPtr model = nn::Sequential({nn::Linear(2, 4), nn::ReLU(), nn::Linear(4, 3)});
  StateDict missing;
  for (const auto& [name, tensor] : model->state_dict()) {
    if (name != "2.bias") missing.insert(name, tensor);
  }
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "2.bias",
                      error_of([&] { model->load_state_dict(missing); }));
  StateDict misshaped = model->state_dict();
  misshaped.insert("0.weight", zeros({3, 2}));
  const std::string message = error_of([&] { model->load_state_dict(misshaped); });
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "0.weight", message);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "[4, 2]", message);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "[3, 2]", message);
}

TEST_F(Safetensors, RejectsAMissingOrTruncatedFile) {
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "cannot open", load_error("absent.safetensors"));
  write_bytes(path("short.safetensors"), "abcde");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "file is 5 bytes, expected at least 8",
                      load_error("short.safetensors"));

  save_safetensors(path("full.safetensors"), every_dtype());
  const std::string bytes = read_bytes(path("full.safetensors"));
  write_bytes(path("cut_header.safetensors"), bytes.substr(0, 20));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "exceeds the 12 bytes that follow the length field",
                      load_error("cut_header.safetensors"));
  write_bytes(path("cut_data.safetensors"), bytes.substr(0, bytes.size() - 3));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "out of range for a data buffer of",
                      load_error("cut_data.safetensors"));
}

TEST_F(Safetensors, RejectsACorruptHeader) {
  write_raw(path("json.safetensors"), R"({"a": {"dtype": "F32", )", "");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "invalid JSON header",
                      load_error("json.safetensors"));
  write_raw(path("array.safetensors"), "[1, 2]", "");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "expected the header to be a JSON object, got array",
                      load_error("array.safetensors"));
  write_raw(path("fields.safetensors"), R"({"a": {"dtype": "F32"}})", "");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "tensor 'a': expected an object with dtype, shape and data_offsets",
                      load_error("fields.safetensors"));
  write_raw(path("dtype.safetensors"),
            R"({"a": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}})",
            std::string(4, '\0'));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "tensor 'a': unsupported dtype 'F16' (supported: F32, F64, I64, U8, BOOL)",
                      load_error("dtype.safetensors"));
  write_raw(path("shape.safetensors"),
            R"({"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}})",
            std::string(8, '\0'));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "expected non-negative integers in \"shape\", got -2",
                      load_error("shape.safetensors"));
  write_raw(path("meta.safetensors"), R"({"__metadata__": {"epoch": 3}})", "");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "expected string values in \"__metadata__\", got number for 'epoch'",
                      load_error("meta.safetensors"));
}

TEST_F(Safetensors, RejectsBadOffsets) {
  const std::string buffer(24, '\0');
  write_raw(path("range.safetensors"),
            R"({"a": {"dtype": "F32", "shape": [100], "data_offsets": [0, 400]}})", buffer);
  EXPECT_PRED_FORMAT2(
      ::testing::IsSubstring,
      "tensor 'a': data_offsets [0, 400] out of range for a data buffer of 24 bytes",
      load_error("range.safetensors"));
  write_raw(path("size.safetensors"),
            R"({"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]}})", buffer);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "tensor 'a': data_offsets [0, 20] hold 20 bytes, expected 24 for F32 [2, 3]",
                      load_error("size.safetensors"));
  write_raw(path("overlap.safetensors"),
            R"({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
                "b": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}})",
            buffer);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "tensor 'b': data_offsets [8, 24] overlap another tensor",
                      load_error("overlap.safetensors"));
  write_raw(path("gap.safetensors"),
            R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                "b": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]}})",
            buffer);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "bytes [8, 16) of the data buffer belong to no tensor",
                      load_error("gap.safetensors"));
  write_raw(path("tail.safetensors"),
            R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})", buffer);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "the tensors cover 8 bytes but the data buffer holds 24",
                      load_error("tail.safetensors"));
}

TEST(StateDict, InsertFindAndAt) {
  StateDict state;
  state.insert("a", ones({1}));
  state.insert("b", ones({2}));
  state.insert("a", ones({3}));
  EXPECT_EQ(state.keys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(state.at("a").shape(), (Shape{3}));
  EXPECT_EQ(state.find("c"), nullptr);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "state dict: no key 'c' (keys: [\"a\", \"b\"])",
                      error_of([&] { state.at("c"); }));
}

}  // namespace
}  // namespace axon
