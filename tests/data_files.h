// Files for the data tests: a scratch folder per test, and a small
// MNIST-format folder written with write_idx.
#pragma once

#include <axon/idx.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace axon::testing_util {

// A fresh folder named after the running test, removed with its contents at
// the end of the scope.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::path(::testing::TempDir()) /
            fmt::format("axon_{}_{}_{}", ::getpid(), test->test_suite_name(), test->name());
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Example i of a split has label i % 10 and every pixel equal to 10 * label + (i % 7),
// so that a test can tell the examples apart and check the pairing.
//   images (n, 28, 28) u8, labels (n) u8
inline TensorList mnist_like(int64_t n) {
  std::vector<uint8_t> pixels, labels;
  for (int64_t i = 0; i < n; ++i) {
    labels.push_back(static_cast<uint8_t>(i % 10));
    pixels.insert(pixels.end(), 28 * 28, static_cast<uint8_t>(10 * (i % 10) + i % 7));
  }
  return {from_vector(pixels, {n, 28, 28}), from_vector(labels, {n})};
}

// <folder>/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] with `train` and `test` examples.
inline void write_mnist_folder(const std::string& folder, int64_t train, int64_t test, bool gzip) {
  const std::string suffix = gzip ? ".gz" : "";
  for (const auto& [prefix, n] :
       {std::pair<std::string, int64_t>{"train", train}, {"t10k", test}}) {
    const TensorList split = mnist_like(n);
    data::write_idx(folder + "/" + prefix + "-images-idx3-ubyte" + suffix, split[0],
                    data::IdxType::u8);
    data::write_idx(folder + "/" + prefix + "-labels-idx1-ubyte" + suffix, split[1],
                    data::IdxType::u8);
  }
}

}  // namespace axon::testing_util
