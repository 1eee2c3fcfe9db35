// DataLoader: batches of a dataset in order or shuffled (epoch e uses the
// permutation of seed + e), optionally moved to a device and transformed.
#include <axon/data.h>
#include <axon/error.h>

#include <algorithm>
#include <numeric>

namespace axon::data {

namespace {

std::vector<int64_t> epoch_order(int64_t size, const LoaderOptions& options, int64_t epoch) {
  if (options.shuffle) return randperm(size, options.seed + static_cast<uint64_t>(epoch));
  std::vector<int64_t> order(static_cast<size_t>(size));
  std::iota(order.begin(), order.end(), int64_t{0});
  return order;
}

}  // namespace

DataLoader::DataLoader(DatasetPtr dataset, LoaderOptions options)
    : dataset_(std::move(dataset)), options_(options) {
  AXON_CHECK(dataset_ != nullptr, "DataLoader: expected a dataset, got null");
  AXON_CHECK(options_.batch_size > 0,
             "DataLoader: batch_size should be a positive integer value, but got batch_size={}",
             options_.batch_size);
  // batch() before any begin() sees the first epoch's order.
  order_ = epoch_order(dataset_->size(), options_, 0);
}

int64_t DataLoader::num_batches() const {
  const int64_t n = dataset_->size();
  const int64_t b = options_.batch_size;
  return options_.drop_last ? n / b : (n + b - 1) / b;
}

DataLoader::Iterator DataLoader::begin() {
  order_ = epoch_order(dataset_->size(), options_, epoch_++);
  return Iterator(this, 0);
}

TensorList DataLoader::batch(int64_t index) const {
  AXON_CHECK(index >= 0 && index < num_batches(),
             "DataLoader: batch {} is out of range for {} batches", index, num_batches());
  const auto first = static_cast<size_t>(index * options_.batch_size);
  const size_t last = std::min(order_.size(), first + static_cast<size_t>(options_.batch_size));
  TensorList batch =
      dataset_->get_batch(std::vector<int64_t>(order_.begin() + static_cast<std::ptrdiff_t>(first),
                                               order_.begin() + static_cast<std::ptrdiff_t>(last)));
  if (options_.device != nullptr) {
    for (Tensor& t : batch) t = t.to(*options_.device);
  }
  if (options_.transform) batch[0] = options_.transform(batch[0]);
  return batch;
}

}  // namespace axon::data
