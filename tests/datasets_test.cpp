// MnistDataset on small generated folders, and CsvDataset.
#include <axon/axon.h>
#include <axon/datasets.h>
#include <axon/idx.h>
#include <gtest/gtest.h>

#include "data_files.h"
#include "test_util.h"

namespace axon::data {
namespace {

using testing_util::error_of;
using testing_util::ScratchDir;
using testing_util::write_mnist_folder;
using testing_util::write_text;

TEST(MnistDataset, ReadsPlainAndGzipFoldersAsU8Batches) {
  for (const bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    ScratchDir dir;
    write_mnist_folder(dir.path().string(), 30, 12, gzip);
    const MnistDataset train(dir.path().string(), Split::train);
    const MnistDataset test(dir.path().string(), Split::test);
    EXPECT_EQ(train.size(), 30);
    EXPECT_EQ(test.size(), 12);
    // Example 23: label 3, every pixel 10 * 3 + 23 % 7 = 32.
    const TensorList batch = train.get_batch({23, 4});
    EXPECT_EQ(batch[0].shape(), (Shape{2, 1, 28, 28}));
    EXPECT_EQ(batch[0].dtype(), DType::u8);
    EXPECT_EQ(batch[1].dtype(), DType::i64);
    EXPECT_EQ(batch[1].to_vector<int64_t>(), (std::vector<int64_t>{3, 4}));
    EXPECT_EQ(batch[0].select(0, 0).to_vector<uint8_t>(), std::vector<uint8_t>(784, 32));
    EXPECT_EQ(batch[0].select(0, 1).to_vector<uint8_t>(), std::vector<uint8_t>(784, 44));
  }
}

TEST(MnistDataset, PrefersThePlainFileWhenBothExist) {
  ScratchDir dir;
  write_mnist_folder(dir.path().string(), 5, 5, true);
  write_mnist_folder(dir.path().string(), 8, 5, false);
  EXPECT_EQ(MnistDataset(dir.path().string(), Split::train).size(), 8);
}

TEST(MnistDataset, RejectsALabelCountThatDisagreesWithTheImages) {
  ScratchDir dir;
  write_mnist_folder(dir.path().string(), 10, 4, false);
  write_idx(dir.file("train-labels-idx1-ubyte"), zeros({9}, DType::u8), IdxType::u8);
  EXPECT_PRED_FORMAT2(
      ::testing::IsSubstring,
      fmt::format("MnistDataset: the label count disagrees with the image count: '{}' has 9 "
                  "labels, '{}' has 10 images",
                  dir.file("train-labels-idx1-ubyte"), dir.file("train-images-idx3-ubyte")),
      error_of([&] { MnistDataset(dir.path().string(), Split::train); }));
}

TEST(MnistDataset, NamesWhatIsMissingOrMalformed) {
  ScratchDir dir;
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      fmt::format("MnistDataset: found neither 't10k-images-idx3-ubyte' nor "
                                  "'t10k-images-idx3-ubyte.gz' in '{}'",
                                  dir.path().string()),
                      error_of([&] { MnistDataset(dir.path().string(), Split::test); }));
  write_mnist_folder(dir.path().string(), 4, 4, false);
  write_idx(dir.file("t10k-images-idx3-ubyte"), zeros({4, 28, 28}, DType::i64), IdxType::i32);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "expected u8 images (N, H, W), got i64 [4, 28, 28]",
                      error_of([&] { MnistDataset(dir.path().string(), Split::test); }));
}

TEST(CsvDataset, ReadsFeaturesAndTheLastColumnAsLabelByDefault) {
  ScratchDir dir;
  write_text(dir.file("iris.csv"),
             "sepal, petal ,class\n5.1,1.4,0\n\n 6.2 , 4.5e0, 1\r\n-7,6.0,2\n");
  const CsvDataset dataset(dir.file("iris.csv"));
  ASSERT_EQ(dataset.size(), 3);
  const TensorList& t = dataset.tensors();
  EXPECT_EQ(t[0].shape(), (Shape{3, 2}));
  EXPECT_EQ(t[0].dtype(), DType::f32);
  EXPECT_EQ(t[0].to_vector<float>(), (std::vector<float>{5.1f, 1.4f, 6.2f, 4.5f, -7.0f, 6.0f}));
  EXPECT_EQ(t[1].dtype(), DType::i64);
  EXPECT_EQ(t[1].to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2}));
}

TEST(CsvDataset, ChoosesTheLabelColumnByIndexOrName) {
  ScratchDir dir;
  write_text(dir.file("t.csv"), "y,a,b\n1.5,2,3\n-0.5,4,5\n");
  const CsvDataset by_name(dir.file("t.csv"), {.label_name = "y", .label_dtype = DType::f32});
  EXPECT_EQ(by_name.tensors()[0].to_vector<float>(), (std::vector<float>{2, 3, 4, 5}));
  EXPECT_EQ(by_name.tensors()[1].to_vector<float>(), (std::vector<float>{1.5f, -0.5f}));
  const CsvDataset by_index(dir.file("t.csv"), {.label_column = 1});
  EXPECT_EQ(by_index.tensors()[0].to_vector<float>(), (std::vector<float>{1.5f, 3, -0.5f, 5}));
  EXPECT_EQ(by_index.tensors()[1].to_vector<int64_t>(), (std::vector<int64_t>{2, 4}));
}

TEST(CsvDataset, ReadsAFileWithoutHeaderAndAnotherDelimiter) {
  ScratchDir dir;
  write_text(dir.file("t.tsv"), "1\t2\t0\n3\t4\t1\n");
  const CsvDataset dataset(dir.file("t.tsv"), {.header = false, .delimiter = '\t'});
  EXPECT_EQ(dataset.size(), 2);
  EXPECT_EQ(dataset.get(1)[0].to_vector<float>(), (std::vector<float>{3, 4}));
  EXPECT_EQ(dataset.get(1)[1].item<int64_t>(), 1);
}

TEST(CsvDataset, ErrorsNameTheFileLineAndColumn) {
  ScratchDir dir;
  const std::string path = dir.file("bad.csv");
  write_text(path, "a,b,c\n1,2,3\n4,x5,6\n");
  EXPECT_PRED_FORMAT2(
      ::testing::IsSubstring,
      fmt::format("CsvDataset: '{}' line 3, column 2: expected a number, got 'x5'", path),
      error_of([&] { CsvDataset{path}; }));
  write_text(path, "a,b,c\n1,2,3\n4,5\n");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "line 3: expected 3 columns, got 2",
                      error_of([&] { CsvDataset{path}; }));
  write_text(path, "a,b\n1,2.5\n");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "line 2: label 2.5 is not a class index (a whole number); use label_dtype "
                      "f32 for regression targets",
                      error_of([&] { CsvDataset{path}; }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "no column named 'label' (columns: [\"a\", \"b\"])",
                      error_of([&] { CsvDataset(path, {.label_name = "label"}); }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "label_column 5 is out of range for 2 columns",
                      error_of([&] { CsvDataset(path, {.label_column = 5}); }));
  write_text(path, "a,b\n");
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "expected at least one row of numbers, got none",
                      error_of([&] { CsvDataset{path}; }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "CsvDataset: cannot open '/nonexistent.csv'",
                      error_of([] { CsvDataset{"/nonexistent.csv"}; }));
}

}  // namespace
}  // namespace axon::data
