// PyTorch's torch.utils.data.random_split: disjoint subsets of a random
// permutation, by lengths or by fractions.
#include <axon/data.h>
#include <axon/error.h>

#include <cmath>
#include <numeric>

namespace axon::data {

std::vector<DatasetPtr> random_split(const DatasetPtr& dataset, const std::vector<int64_t>& lengths,
                                     uint64_t seed) {
  AXON_CHECK(dataset != nullptr, "random_split: expected a dataset, got null");
  const int64_t total = std::accumulate(lengths.begin(), lengths.end(), int64_t{0});
  AXON_CHECK(total == dataset->size(),
             "random_split: sum of input lengths ({}) does not equal the length of the input "
             "dataset ({})",
             total, dataset->size());
  std::vector<int64_t> order = randperm(total, seed);
  std::vector<DatasetPtr> parts;
  auto first = order.begin();
  for (int64_t length : lengths) {
    AXON_CHECK(length >= 0, "random_split: expected non-negative lengths, got {}", lengths);
    parts.push_back(std::make_shared<Subset>(dataset, std::vector<int64_t>(first, first + length)));
    first += length;
  }
  return parts;
}

// Fractions become floor(n * f) each; the remainder goes one by one to the
// parts in order (round-robin), as PyTorch does.
std::vector<DatasetPtr> random_split(const DatasetPtr& dataset,
                                     const std::vector<double>& fractions, uint64_t seed) {
  AXON_CHECK(dataset != nullptr, "random_split: expected a dataset, got null");
  AXON_CHECK(!fractions.empty(), "random_split: expected at least one fraction, got none");
  const double total = std::accumulate(fractions.begin(), fractions.end(), 0.0);
  AXON_CHECK(std::abs(total - 1.0) < 1e-6, "random_split: fractions must sum to 1, got {} (sum {})",
             fractions, total);
  const int64_t n = dataset->size();
  std::vector<int64_t> lengths;
  for (double fraction : fractions) {
    AXON_CHECK(fraction >= 0.0 && fraction <= 1.0,
               "random_split: fraction at index {} is not between 0 and 1: {}", lengths.size(),
               fraction);
    lengths.push_back(static_cast<int64_t>(std::floor(static_cast<double>(n) * fraction)));
  }
  const int64_t remainder = n - std::accumulate(lengths.begin(), lengths.end(), int64_t{0});
  for (int64_t i = 0; i < remainder; ++i) lengths[i % lengths.size()] += 1;
  return random_split(dataset, lengths, seed);
}

}  // namespace axon::data
