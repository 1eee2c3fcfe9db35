// Datasets read from files: the MNIST format (MNIST, Fashion-MNIST, KMNIST:
// four IDX files in a folder) and CSV tables of numbers. Both are
// TensorDatasets: a batch is one index_select per tensor.
#pragma once

#include <axon/data.h>
#include <axon/dtype.h>

#include <string>

namespace axon::data {

enum class Split { train, test };

// torchvision's MNIST(root, train): reads <prefix>-images-idx3-ubyte and
// <prefix>-labels-idx1-ubyte, plain or .gz, from `folder`, with the prefix
// "train" or "t10k" (the names of the original files and of Debian's
// dataset-fashion-mnist in /usr/share/datasets/fashion-mnist). The images stay
// u8 in memory (47 MB for 60000 28x28 images, against 188 MB as f32):
//   batch: x (B, 1, H, W) u8, y (B) i64.
// The loader's transform makes floats of each batch (transforms::scale()).
class MnistDataset : public TensorDataset {
 public:
  MnistDataset(const std::string& folder, Split split);
};

struct CsvOptions {
  bool header = true;              // the first line names the columns
  int64_t label_column = -1;       // which column holds the label; negative counts from the end
  std::string label_name = "";     // or the label column's name in the header (wins when set)
  DType label_dtype = DType::i64;  // i64: class indices (whole numbers); f32: regression targets
  char delimiter = ',';
};

// A table of numbers, one example per line (blank lines skipped):
//   x (N, columns - 1) f32, the other columns in order; y (N) label_dtype.
// Errors name the file, the line and the column of what could not be read.
class CsvDataset : public TensorDataset {
 public:
  explicit CsvDataset(const std::string& path, const CsvOptions& options = {});
};

}  // namespace axon::data
