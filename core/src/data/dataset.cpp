// Dataset, TensorDataset and Subset: examples addressed by index, fetched in
// batches so that a loader makes one index_select per tensor, not one per example.
#include <axon/data.h>
#include <axon/error.h>
#include <axon/ops.h>

namespace axon::data {

namespace {

void check_indices(const std::vector<int64_t>& indices, int64_t size, const char* owner) {
  for (int64_t index : indices) {
    AXON_CHECK(index >= 0 && index < size, "{}: index {} is out of bounds for a dataset of size {}",
               owner, index, size);
  }
}

}  // namespace

Dataset::~Dataset() = default;

TensorList Dataset::get(int64_t index) const {
  TensorList batch = get_batch({index});
  for (Tensor& t : batch) t = t.select(0, 0);
  return batch;
}

TensorDataset::TensorDataset(TensorList tensors) : tensors_(std::move(tensors)) {
  AXON_CHECK(!tensors_.empty(), "TensorDataset: expected at least one tensor, got none");
  for (size_t i = 0; i < tensors_.size(); ++i) {
    const Tensor& t = tensors_[i];
    AXON_CHECK(t.defined() && t.dim() >= 1,
               "TensorDataset: expected tensors with a first (example) dim, but tensor {} is {}", i,
               t.defined() ? "0-dim" : "undefined");
    AXON_CHECK(t.size(0) == tensors_[0].size(0),
               "TensorDataset: size mismatch between tensors: tensor 0 has {} examples, "
               "tensor {} has {}",
               tensors_[0].size(0), i, t.size(0));
  }
}

int64_t TensorDataset::size() const { return tensors_[0].size(0); }

// Each tensor: (N, *) -> (len(indices), *).
TensorList TensorDataset::get_batch(const std::vector<int64_t>& indices) const {
  check_indices(indices, size(), "TensorDataset");
  const auto count = static_cast<int64_t>(indices.size());
  TensorList batch;
  batch.reserve(tensors_.size());
  for (const Tensor& t : tensors_) {
    Tensor index = from_vector(indices, {count}, TensorOptions(DType::i64).device(t.device()));
    batch.push_back(index_select(t, 0, index));
  }
  return batch;
}

Subset::Subset(DatasetPtr base, std::vector<int64_t> indices)
    : base_(std::move(base)), indices_(std::move(indices)) {
  AXON_CHECK(base_ != nullptr, "Subset: expected a dataset, got null");
  check_indices(indices_, base_->size(), "Subset");
}

int64_t Subset::size() const { return static_cast<int64_t>(indices_.size()); }

TensorList Subset::get_batch(const std::vector<int64_t>& indices) const {
  check_indices(indices, size(), "Subset");
  std::vector<int64_t> base_indices;
  base_indices.reserve(indices.size());
  for (int64_t index : indices) base_indices.push_back(indices_[index]);
  return base_->get_batch(base_indices);
}

}  // namespace axon::data
