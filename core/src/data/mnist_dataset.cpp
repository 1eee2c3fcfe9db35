// MnistDataset: the four IDX files of the MNIST format, checked against each other.
#include <axon/datasets.h>
#include <axon/error.h>
#include <axon/idx.h>

#include <filesystem>

namespace axon::data {

namespace {

// <folder>/<name>, or <folder>/<name>.gz when only the compressed file is there.
std::string find_file(const std::string& folder, const std::string& name) {
  namespace fs = std::filesystem;
  for (const std::string& candidate : {name, name + ".gz"}) {
    const fs::path path = fs::path(folder) / candidate;
    if (fs::exists(path)) return path.string();
  }
  throw_error(
      fmt::format("MnistDataset: found neither '{}' nor '{}.gz' in '{}'", name, name, folder));
}

// {images (N, 1, H, W) u8, labels (N) i64}
TensorList load(const std::string& folder, Split split) {
  const std::string prefix = split == Split::train ? "train" : "t10k";
  const std::string images_path = find_file(folder, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_file(folder, prefix + "-labels-idx1-ubyte");
  const Tensor images = read_idx(images_path);
  const Tensor labels = read_idx(labels_path);
  AXON_CHECK(images.dtype() == DType::u8 && images.dim() == 3,
             "MnistDataset: '{}': expected u8 images (N, H, W), got {} {}", images_path,
             dtype_name(images.dtype()), shape_str(images.shape()));
  AXON_CHECK(labels.dtype() == DType::u8 && labels.dim() == 1,
             "MnistDataset: '{}': expected u8 labels (N), got {} {}", labels_path,
             dtype_name(labels.dtype()), shape_str(labels.shape()));
  AXON_CHECK(labels.size(0) == images.size(0),
             "MnistDataset: the label count disagrees with the image count: '{}' has {} labels, "
             "'{}' has {} images",
             labels_path, labels.size(0), images_path, images.size(0));
  return {images.unsqueeze(1), labels.to(DType::i64)};
}

}  // namespace

MnistDataset::MnistDataset(const std::string& folder, Split split)
    : TensorDataset(load(folder, split)) {}

}  // namespace axon::data
