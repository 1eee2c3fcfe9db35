// The IDX reader and writer: round trips of every element type, plain and
// gzip; hand-written bytes; and the errors, each naming the file.
#include <axon/axon.h>
#include <axon/idx.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "data_files.h"
#include "test_util.h"

namespace axon::data {
namespace {

using testing_util::error_of;
using testing_util::ScratchDir;
using testing_util::write_text;

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct RoundTripCase {
  IdxType type;
  Tensor values;     // as written
  DType read_dtype;  // what read_idx gives back
};

std::vector<RoundTripCase> round_trip_cases() {
  const Shape shape{2, 1, 3};
  return {
      {IdxType::u8, from_vector(std::vector<uint8_t>{0, 1, 7, 128, 254, 255}, shape), DType::u8},
      {IdxType::i8, from_vector(std::vector<int64_t>{-128, -1, 0, 1, 100, 127}, shape), DType::i64},
      {IdxType::i16, from_vector(std::vector<int64_t>{-32768, -300, 0, 256, 1000, 32767}, shape),
       DType::i64},
      {IdxType::i32,
       from_vector(std::vector<int64_t>{std::numeric_limits<int32_t>::min(), -70000, 0, 1, 65536,
                                        std::numeric_limits<int32_t>::max()},
                   shape),
       DType::i64},
      {IdxType::f32,
       from_vector(std::vector<float>{-1.5f, 0.0f, 0.1f, 3.25f, 1e-30f, 1e30f}, shape), DType::f32},
      {IdxType::f64, from_vector(std::vector<double>{-1.5, 0.0, 0.1, 3.25, 1e-300, 1e300}, shape),
       DType::f64},
  };
}

TEST(Idx, RoundTripsEveryElementTypePlainAndGzip) {
  ScratchDir dir;
  for (const RoundTripCase& c : round_trip_cases()) {
    for (const std::string name : {"values.idx", "values.idx.gz"}) {
      SCOPED_TRACE(fmt::format("type {:#04x}, {}", static_cast<int>(c.type), name));
      write_idx(dir.file(name), c.values, c.type);
      const Tensor back = read_idx(dir.file(name));
      EXPECT_EQ(back.dtype(), c.read_dtype);
      EXPECT_EQ(back.shape(), (Shape{2, 1, 3}));
      EXPECT_EQ(back.to(DType::f64).to_vector<double>(),
                c.values.to(DType::f64).to_vector<double>());
    }
  }
}

TEST(Idx, GzipFilesAreCompressedAndPlainOnesAreNot) {
  ScratchDir dir;
  const Tensor zeros_u8 = zeros({100, 28, 28}, DType::u8);
  write_idx(dir.file("plain"), zeros_u8, IdxType::u8);
  write_idx(dir.file("packed.gz"), zeros_u8, IdxType::u8);
  const std::string plain = bytes_of(dir.file("plain"));
  const std::string packed = bytes_of(dir.file("packed.gz"));
  EXPECT_EQ(plain.size(), 4u + 3 * 4 + 100 * 28 * 28);
  EXPECT_EQ(plain.substr(0, 4), std::string("\x00\x00\x08\x03", 4));
  EXPECT_EQ(packed.substr(0, 2), "\x1f\x8b");  // the gzip magic
  EXPECT_LT(packed.size(), plain.size() / 10);
}

// Bytes written by hand, not by write_idx: the reader alone decodes the
// big-endian header and data.
TEST(Idx, ReadsBigEndianBytesWrittenByHand) {
  ScratchDir dir;
  // i16, 2 dims of (2, 2): -2, 256, 1, -32768
  write_text(dir.file("i16.idx"), std::string("\x00\x00\x0b\x02"
                                              "\x00\x00\x00\x02\x00\x00\x00\x02"
                                              "\xff\xfe\x01\x00\x00\x01\x80\x00",
                                              20));
  const Tensor t = read_idx(dir.file("i16.idx"));
  EXPECT_EQ(t.shape(), (Shape{2, 2}));
  EXPECT_EQ(t.to_vector<int64_t>(), (std::vector<int64_t>{-2, 256, 1, -32768}));
  // f32 1-D: 1.0f is 3f 80 00 00
  write_text(dir.file("f32.idx"),
             std::string("\x00\x00\x0d\x01\x00\x00\x00\x01\x3f\x80\x00\x00", 12));
  EXPECT_EQ(read_idx(dir.file("f32.idx")).to_vector<float>(), (std::vector<float>{1.0f}));
}

TEST(Idx, RejectsABadMagicNumber) {
  ScratchDir dir;
  write_text(dir.file("archive.zip"), "PK\x03\x04 not an idx file");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      fmt::format("read_idx: '{}': bad magic number: expected 00 00 <type> <dims>, "
                                  "got 50 4b 03 04 (not an IDX file)",
                                  dir.file("archive.zip")),
                      error_of([&] { read_idx(dir.file("archive.zip")); }));
  write_text(dir.file("type7.idx"), std::string("\x00\x00\x07\x01\x00\x00\x00\x01\x00", 9));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "unknown element type 0x07 in the magic number",
                      error_of([&] { read_idx(dir.file("type7.idx")); }));
}

TEST(Idx, RejectsTruncatedFiles) {
  ScratchDir dir;
  const Tensor values = from_vector(std::vector<uint8_t>{1, 2, 3, 4, 5, 6}, {2, 3});
  write_idx(dir.file("data.idx"), values, IdxType::u8);
  std::filesystem::resize_file(dir.file("data.idx"), 4 + 2 * 4 + 4);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      fmt::format("read_idx: '{}': truncated file: expected 6 bytes of data, got 4",
                                  dir.file("data.idx")),
                      error_of([&] { read_idx(dir.file("data.idx")); }));
  std::filesystem::resize_file(dir.file("data.idx"), 6);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "truncated file: expected 4 bytes of dimension sizes, got 2",
                      error_of([&] { read_idx(dir.file("data.idx")); }));

  // Random bytes barely compress: the cut falls in the data.
  write_idx(dir.file("data.idx.gz"), mul(rand({4000}), 255.0).to(DType::u8), IdxType::u8);
  const std::string packed = bytes_of(dir.file("data.idx.gz"));
  write_text(dir.file("cut.idx.gz"), packed.substr(0, packed.size() / 2));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "cut.idx.gz': truncated file: expected 4000 bytes of data, got",
                      error_of([&] { read_idx(dir.file("cut.idx.gz")); }));
}

TEST(Idx, RejectsCorruptGzipData) {
  ScratchDir dir;
  write_idx(dir.file("data.idx.gz"), mul(rand({4000}), 255.0).to(DType::u8), IdxType::u8);
  std::string packed = bytes_of(dir.file("data.idx.gz"));
  packed[packed.size() / 2] = static_cast<char>(~packed[packed.size() / 2]);
  write_text(dir.file("data.idx.gz"), packed);
  const std::string error = error_of([&] { read_idx(dir.file("data.idx.gz")); });
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "data.idx.gz': corrupt gzip data in the ", error);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, ": incorrect data check", error);
}

TEST(Idx, RejectsTrailingData) {
  ScratchDir dir;
  write_idx(dir.file("data.idx"), zeros({3}, DType::u8), IdxType::u8);
  std::ofstream(dir.file("data.idx"), std::ios::binary | std::ios::app) << "x";
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "trailing data after the 3 elements of shape [3]",
                      error_of([&] { read_idx(dir.file("data.idx")); }));
}

TEST(Idx, NamesAMissingFile) {
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "read_idx: cannot open '/nonexistent/x.idx': No such file or directory",
                      error_of([] { read_idx("/nonexistent/x.idx"); }));
}

TEST(Idx, WriteChecksThatValuesFit) {
  ScratchDir dir;
  EXPECT_PRED_FORMAT2(
      ::testing::IsSubstring, "value 300 at index 1 does not fit the element type (-128..127)",
      error_of([&] {
        write_idx(dir.file("a.idx"), from_vector(std::vector<int64_t>{1, 300}, {2}), IdxType::i8);
      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "expected an integer tensor for an integer element type, got f32",
                      error_of([&] { write_idx(dir.file("b.idx"), ones({2}), IdxType::u8); }));
}

// The files of Debian's dataset-fashion-mnist, when installed.
TEST(Idx, ReadsTheFashionMnistTestSet) {
  const std::string folder = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(folder + "/t10k-labels-idx1-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const Tensor images = read_idx(folder + "/t10k-images-idx3-ubyte.gz");
  const Tensor labels = read_idx(folder + "/t10k-labels-idx1-ubyte.gz");
  EXPECT_EQ(images.shape(), (Shape{10000, 28, 28}));
  EXPECT_EQ(images.dtype(), DType::u8);
  EXPECT_EQ(labels.shape(), (Shape{10000}));
  // 1000 test images of each of the 10 classes.
  const Tensor counts =
      index_add(zeros({10}, DType::i64), 0, labels.to(DType::i64), ones({10000}, DType::i64));
  EXPECT_EQ(counts.to_vector<int64_t>(), std::vector<int64_t>(10, 1000));
}

}  // namespace
}  // namespace axon::data
