// Datasets, random_split, DataLoader and the synthetic Gaussian set.
#include <axon/axon.h>
#include <gtest/gtest.h>

#include "test_util.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>

namespace axon::data {
namespace {

// x: (n, 2) with row i = (2i, 2i + 1); y: (n) with y[i] = i.
DatasetPtr counting_dataset(int64_t n) {
  Tensor x = arange(0, 2 * n, 1, TensorOptions(DType::f32)).reshape({n, 2});
  return std::make_shared<TensorDataset>(TensorList{x, arange(0, n)});
}

std::vector<int64_t> labels_of(const Dataset& dataset) {
  std::vector<int64_t> all(static_cast<size_t>(dataset.size()));
  std::iota(all.begin(), all.end(), int64_t{0});
  return dataset.get_batch(all)[1].to_vector<int64_t>();
}

// The labels of every batch of one epoch, in order.
std::vector<std::vector<int64_t>> epoch_labels(DataLoader& loader) {
  std::vector<std::vector<int64_t>> batches;
  for (const TensorList& batch : loader) batches.push_back(batch[1].to_vector<int64_t>());
  return batches;
}

using axon::testing_util::error_of;

TEST(TensorDataset, GetAndGetBatch) {
  DatasetPtr dataset = counting_dataset(5);
  EXPECT_EQ(dataset->size(), 5);
  TensorList example = dataset->get(2);
  EXPECT_EQ(example[0].shape(), (Shape{2}));
  EXPECT_EQ(example[0].to_vector<float>(), (std::vector<float>{4, 5}));
  EXPECT_EQ(example[1].dim(), 0);
  EXPECT_EQ(example[1].item<int64_t>(), 2);
  TensorList batch = dataset->get_batch({3, 1});
  EXPECT_EQ(batch[0].shape(), (Shape{2, 2}));
  EXPECT_EQ(batch[0].to_vector<float>(), (std::vector<float>{6, 7, 2, 3}));
  EXPECT_EQ(batch[1].to_vector<int64_t>(), (std::vector<int64_t>{3, 1}));
}

TEST(TensorDataset, RejectsBadInput) {
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "size mismatch between tensors: tensor 0 has 3 examples, tensor 1 has 4",
                      error_of([] {
                        TensorDataset({zeros({3, 2}), zeros({4})});
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "expected at least one tensor",
                      error_of([] { TensorDataset({}); }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "index 5 is out of bounds for a dataset of size 5",
                      error_of([] { counting_dataset(5)->get(5); }));
}

TEST(Subset, MapsIndicesToTheBase) {
  auto subset = std::make_shared<Subset>(counting_dataset(6), std::vector<int64_t>{4, 0, 2});
  EXPECT_EQ(subset->size(), 3);
  EXPECT_EQ(labels_of(*subset), (std::vector<int64_t>{4, 0, 2}));
  EXPECT_EQ(subset->get(1)[0].to_vector<float>(), (std::vector<float>{0, 1}));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "Subset: index 3 is out of bounds for a dataset of size 3", error_of([] {
                        Subset(counting_dataset(3), {0, 3});
                      }));
}

TEST(RandomSplit, LengthsGiveDisjointParts) {
  auto parts = random_split(counting_dataset(10), std::vector<int64_t>{6, 3, 1}, 7);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0]->size(), 6);
  EXPECT_EQ(parts[1]->size(), 3);
  EXPECT_EQ(parts[2]->size(), 1);
  std::set<int64_t> seen;
  for (const auto& part : parts) {
    for (int64_t label : labels_of(*part)) EXPECT_TRUE(seen.insert(label).second) << label;
  }
  EXPECT_EQ(seen.size(), 10u);
}

TEST(RandomSplit, SameSeedSameSplit) {
  auto a = random_split(counting_dataset(20), std::vector<int64_t>{10, 10}, 3);
  auto b = random_split(counting_dataset(20), std::vector<int64_t>{10, 10}, 3);
  auto c = random_split(counting_dataset(20), std::vector<int64_t>{10, 10}, 4);
  EXPECT_EQ(labels_of(*a[0]), labels_of(*b[0]));
  EXPECT_NE(labels_of(*a[0]), labels_of(*c[0]));
}

// PyTorch: floor(n * f) each, the remainder added one by one from the first part.
TEST(RandomSplit, FractionsLikePyTorch) {
  auto sizes = [](int64_t n, std::vector<double> fractions) {
    std::vector<int64_t> out;
    for (const auto& part : random_split(counting_dataset(n), fractions, 0)) {
      out.push_back(part->size());
    }
    return out;
  };
  EXPECT_EQ(sizes(10, {0.3, 0.3, 0.4}), (std::vector<int64_t>{3, 3, 4}));
  EXPECT_EQ(sizes(11, {0.1, 0.2, 0.7}), (std::vector<int64_t>{2, 2, 7}));
  EXPECT_EQ(sizes(3000, {0.8, 0.2}), (std::vector<int64_t>{2400, 600}));
  EXPECT_EQ(sizes(7, {0.5, 0.5}), (std::vector<int64_t>{4, 3}));
}

TEST(RandomSplit, RejectsBadSizes) {
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "sum of input lengths (9) does not equal the length of the input "
                      "dataset (10)",
                      error_of([] {
                        random_split(counting_dataset(10), std::vector<int64_t>{5, 4}, 0);
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "fractions must sum to 1", error_of([] {
                        random_split(counting_dataset(10), std::vector<double>{0.5, 0.4}, 0);
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "fraction at index 0 is not between 0 and 1: 1.5",
                      error_of([] {
                        random_split(counting_dataset(10), std::vector<double>{1.5, -0.5}, 0);
                      }));
}

TEST(DataLoader, BatchesInOrder) {
  DataLoader loader(counting_dataset(10), {.batch_size = 4});
  EXPECT_EQ(loader.num_batches(), 3);
  EXPECT_EQ(epoch_labels(loader),
            (std::vector<std::vector<int64_t>>{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}));
  TensorList last = loader.batch(2);
  EXPECT_EQ(last[0].shape(), (Shape{2, 2}));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "batch 3 is out of range for 3",
                      error_of([&] { loader.batch(3); }));
}

TEST(DataLoader, DropLast) {
  DataLoader loader(counting_dataset(10), {.batch_size = 4, .drop_last = true});
  EXPECT_EQ(loader.num_batches(), 2);
  EXPECT_EQ(epoch_labels(loader).size(), 2u);
  DataLoader exact(counting_dataset(8), {.batch_size = 4, .drop_last = true});
  EXPECT_EQ(exact.num_batches(), 2);
}

TEST(DataLoader, ShuffleIsAPermutationPerEpochDeterminedBySeed) {
  const LoaderOptions options{.batch_size = 3, .shuffle = true, .seed = 11};
  DataLoader a(counting_dataset(10), options);
  DataLoader b(counting_dataset(10), options);
  auto a1 = epoch_labels(a), a2 = epoch_labels(a);
  EXPECT_EQ(a1, epoch_labels(b));
  EXPECT_EQ(a2, epoch_labels(b));
  EXPECT_NE(a1, a2);
  std::vector<int64_t> flat;
  for (const auto& batch : a1) flat.insert(flat.end(), batch.begin(), batch.end());
  std::sort(flat.begin(), flat.end());
  std::vector<int64_t> expected(10);
  std::iota(expected.begin(), expected.end(), int64_t{0});
  EXPECT_EQ(flat, expected);
  DataLoader other(counting_dataset(10), {.batch_size = 3, .shuffle = true, .seed = 12});
  EXPECT_NE(epoch_labels(other), a1);
}

TEST(DataLoader, MovesBatchesToTheDevice) {
  Device& cpu = device("cpu");
  DataLoader loader(counting_dataset(4), {.batch_size = 2, .device = &cpu});
  for (const TensorList& batch : loader) {
    for (const Tensor& t : batch) EXPECT_EQ(&t.device(), &cpu);
  }
}

TEST(DataLoader, RejectsBadBatchSize) {
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "batch_size should be a positive integer value, but got batch_size=0",
                      error_of([] { DataLoader(counting_dataset(4), {.batch_size = 0}); }));
}

TEST(GaussianBlobs, ShapesLabelsAndStatistics) {
  const int64_t n = 1000;
  TensorList blobs = gaussian_blobs(n, 1);
  ASSERT_EQ(blobs.size(), 2u);
  EXPECT_EQ(blobs[0].shape(), (Shape{3 * n, 2}));
  EXPECT_EQ(blobs[0].dtype(), DType::f32);
  EXPECT_EQ(blobs[1].shape(), (Shape{3 * n}));
  EXPECT_EQ(blobs[1].dtype(), DType::i64);
  const std::vector<float> x = blobs[0].to_vector<float>();
  const std::vector<int64_t> y = blobs[1].to_vector<int64_t>();
  const double means[3] = {1.0, -4.0, 5.0};
  for (int64_t label = 0; label < 3; ++label) {
    double sum = 0, sum_sq = 0;
    for (int64_t row = label * n; row < (label + 1) * n; ++row) {
      EXPECT_EQ(y[row], label);
      for (int64_t col = 0; col < 2; ++col) {
        sum += x[row * 2 + col];
        sum_sq += x[row * 2 + col] * x[row * 2 + col];
      }
    }
    const double mean = sum / (2.0 * n);
    const double var = sum_sq / (2.0 * n) - mean * mean;
    // 2000 draws: the mean's standard error is 0.022, the variance's 0.032.
    EXPECT_NEAR(mean, means[label], 0.1) << "class " << label;
    EXPECT_NEAR(var, 1.0, 0.15) << "class " << label;
  }
}

TEST(GaussianBlobs, DependsOnlyOnTheSeed) {
  manual_seed(5);
  TensorList a = gaussian_blobs(10, 3);
  manual_seed(6);
  TensorList b = gaussian_blobs(10, 3);
  EXPECT_EQ(a[0].to_vector<float>(), b[0].to_vector<float>());
  EXPECT_NE(a[0].to_vector<float>(), gaussian_blobs(10, 4)[0].to_vector<float>());
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "expected points_per_class > 0",
                      error_of([] { gaussian_blobs(0, 1); }));
}

}  // namespace
}  // namespace axon::data
