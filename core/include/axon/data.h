// Datasets and the loader: TensorDataset, random_split, DataLoader (batch,
// shuffle with a seed, drop_last, a per-batch transform), and the synthetic
// sets of the course. File datasets (MNIST, CSV) are in datasets.h, the
// transforms in transforms.h.
#pragma once

#include <axon/tensor.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace axon::data {

// A dataset is a list of examples; an example is a list of tensors (x, y).
class Dataset {
 public:
  virtual ~Dataset();
  virtual int64_t size() const = 0;
  // The examples at `indices`, stacked along a new dim 0.
  virtual TensorList get_batch(const std::vector<int64_t>& indices) const = 0;
  TensorList get(int64_t index) const;  // one example (batch dim removed)
};

using DatasetPtr = std::shared_ptr<Dataset>;

// Tensors that share their first dim.
class TensorDataset : public Dataset {
 public:
  explicit TensorDataset(TensorList tensors);
  int64_t size() const override;
  TensorList get_batch(const std::vector<int64_t>& indices) const override;
  const TensorList& tensors() const { return tensors_; }

 private:
  TensorList tensors_;
};

// A view of some examples of another dataset.
class Subset : public Dataset {
 public:
  Subset(DatasetPtr base, std::vector<int64_t> indices);
  int64_t size() const override;
  TensorList get_batch(const std::vector<int64_t>& indices) const override;
  const std::vector<int64_t>& indices() const { return indices_; }

 private:
  DatasetPtr base_;
  std::vector<int64_t> indices_;
};

// Splits a random permutation into parts of the given lengths (which must sum
// to the size), or fractions summing to 1 (PyTorch's random_split).
std::vector<DatasetPtr> random_split(const DatasetPtr& dataset, const std::vector<int64_t>& lengths,
                                     uint64_t seed);
std::vector<DatasetPtr> random_split(const DatasetPtr& dataset,
                                     const std::vector<double>& fractions, uint64_t seed);

// A function of a batch of inputs (N, *) -> (N, *'); see transforms.h.
using Transform = std::function<Tensor(const Tensor&)>;

struct LoaderOptions {
  int64_t batch_size = 1;
  bool shuffle = false;
  uint64_t seed = 0;  // the shuffle of epoch e uses seed + e
  bool drop_last = false;
  Device* device = nullptr;  // where batches go (nullptr: where the data is)
  // Applied to each batch's inputs (element 0) after the move to `device`:
  // images travel as u8 and become f32 there, batch by batch. On the loader
  // rather than the dataset, so that the parts of one split can differ (the
  // training part augmented, the validation part not).
  Transform transform = nullptr;
};

class DataLoader {
 public:
  DataLoader(DatasetPtr dataset, LoaderOptions options);
  int64_t num_batches() const;
  int64_t dataset_size() const { return dataset_->size(); }

  class Iterator {
   public:
    Iterator(const DataLoader* loader, int64_t batch) : loader_(loader), batch_(batch) {}
    TensorList operator*() const { return loader_->batch(batch_); }
    Iterator& operator++() { return ++batch_, *this; }
    bool operator!=(const Iterator& other) const { return batch_ != other.batch_; }

   private:
    const DataLoader* loader_;
    int64_t batch_;
  };
  // Each begin() starts a new epoch (a new shuffle when shuffling).
  Iterator begin();
  Iterator end() const { return Iterator(this, num_batches()); }
  TensorList batch(int64_t index) const;
  void set_device(Device* device) { options_.device = device; }

 private:
  DatasetPtr dataset_;
  LoaderOptions options_;
  std::vector<int64_t> order_;
  int64_t epoch_ = 0;
};

// The notes' 3-class 2-D set: n points per class, each coordinate drawn from
// N(1, 1), N(-4, 1), N(5, 1); labels 0, 1, 2 (i64). Returns {x (3n, 2), y (3n)}.
TensorList gaussian_blobs(int64_t points_per_class, uint64_t seed);

}  // namespace axon::data
