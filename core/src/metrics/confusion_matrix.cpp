// The confusion matrix and the metrics read from it. Counting runs on the
// predictions' device (one index_add per batch); only the C x C counts come
// back to the host.
#include <axon/error.h>
#include <axon/metrics.h>
#include <axon/ops.h>

#include <numeric>

namespace axon::metrics {

namespace {

double ratio(int64_t numerator, int64_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

// classes (N) i64 with every value in [0, num_classes).
void check_classes(const Tensor& classes, int64_t num_classes, const char* what) {
  AXON_CHECK(classes.dtype() == DType::i64 && classes.dim() == 1,
             "ConfusionMatrix: expected {} as class indices (N) i64, got {} {}", what,
             dtype_name(classes.dtype()), shape_str(classes.shape()));
  if (classes.numel() == 0) return;
  const auto low = amin(classes).item<int64_t>(), high = amax(classes).item<int64_t>();
  AXON_CHECK(
      low >= 0 && high < num_classes,
      "ConfusionMatrix: {} class {} is out of range for {} classes (expected 0 <= class < {})",
      what, low < 0 ? low : high, num_classes, num_classes);
}

int64_t checked_num_classes(int64_t num_classes) {
  AXON_CHECK(num_classes > 0, "ConfusionMatrix: expected num_classes > 0, got {}", num_classes);
  return num_classes;
}

}  // namespace

Tensor predicted_classes(const Tensor& predicted) {
  AXON_CHECK(predicted.defined() && (predicted.dim() == 1 || predicted.dim() == 2),
             "predicted_classes: expected class indices (N) or scores (N, C), got {}",
             predicted.defined() ? shape_str(predicted.shape()) : "an undefined tensor");
  return predicted.dim() == 2 ? argmax(predicted, 1) : predicted;
}

ConfusionMatrix::ConfusionMatrix(int64_t num_classes)
    : num_classes_(checked_num_classes(num_classes)),
      counts_(static_cast<size_t>(num_classes_ * num_classes_)) {}

void ConfusionMatrix::update(const Tensor& predicted, const Tensor& target) {
  AXON_CHECK(predicted.defined() && target.defined(),
             "ConfusionMatrix: expected predictions and targets, got an undefined tensor");
  AXON_CHECK(predicted.dim() != 2 || predicted.size(1) == num_classes_,
             "ConfusionMatrix: expected scores (N, {}), got {}", num_classes_,
             shape_str(predicted.shape()));
  const Tensor classes = predicted_classes(predicted);
  check_classes(classes, num_classes_, "predicted");
  check_classes(target, num_classes_, "target");
  AXON_CHECK(classes.size(0) == target.size(0),
             "ConfusionMatrix: expected as many predictions as targets, got {} and {}",
             classes.size(0), target.size(0));
  if (target.numel() == 0) return;
  // Cell (t, p) of the row-major matrix is t * C + p.
  const Tensor cells =
      add(mul(target.to(classes.device()), static_cast<double>(num_classes_)), classes);
  const Tensor zero =
      zeros({num_classes_ * num_classes_}, TensorOptions(DType::i64).device(cells.device()));
  const Tensor batch = index_add(zero, 0, cells, ones_like(cells));
  const std::vector<int64_t> added = batch.to_vector<int64_t>();
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += added[i];
}

int64_t ConfusionMatrix::total() const {
  return std::accumulate(counts_.begin(), counts_.end(), int64_t{0});
}

Tensor ConfusionMatrix::matrix() const {
  return from_vector(counts_, {num_classes_, num_classes_});
}

int64_t ConfusionMatrix::count(int64_t true_class, int64_t predicted_class) const {
  AXON_CHECK(true_class >= 0 && true_class < num_classes_ && predicted_class >= 0 &&
                 predicted_class < num_classes_,
             "ConfusionMatrix::count: expected classes in [0, {}), got ({}, {})", num_classes_,
             true_class, predicted_class);
  return counts_[static_cast<size_t>(true_class * num_classes_ + predicted_class)];
}

int64_t ConfusionMatrix::true_count(int64_t c) const {
  int64_t sum = 0;
  for (int64_t p = 0; p < num_classes_; ++p) sum += count(c, p);
  return sum;
}

int64_t ConfusionMatrix::predicted_count(int64_t c) const {
  int64_t sum = 0;
  for (int64_t t = 0; t < num_classes_; ++t) sum += count(t, c);
  return sum;
}

bool ConfusionMatrix::is_present(int64_t c) const {
  return true_count(c) > 0 || predicted_count(c) > 0;
}

double ConfusionMatrix::accuracy() const {
  int64_t correct = 0;
  for (int64_t c = 0; c < num_classes_; ++c) correct += count(c, c);
  return ratio(correct, total());
}

std::vector<double> ConfusionMatrix::precision() const {
  std::vector<double> values;
  for (int64_t c = 0; c < num_classes_; ++c)
    values.push_back(ratio(count(c, c), predicted_count(c)));
  return values;
}

std::vector<double> ConfusionMatrix::recall() const {
  std::vector<double> values;
  for (int64_t c = 0; c < num_classes_; ++c) values.push_back(ratio(count(c, c), true_count(c)));
  return values;
}

// 2 tp / (2 tp + fp + fn), where 2 tp + fp + fn = true_count + predicted_count.
std::vector<double> ConfusionMatrix::f1() const {
  std::vector<double> values;
  for (int64_t c = 0; c < num_classes_; ++c)
    values.push_back(ratio(2 * count(c, c), true_count(c) + predicted_count(c)));
  return values;
}

double ConfusionMatrix::macro(const std::vector<double>& per_class) const {
  double sum = 0.0;
  int64_t present = 0;
  for (int64_t c = 0; c < num_classes_; ++c) {
    if (!is_present(c)) continue;
    sum += per_class[static_cast<size_t>(c)];
    ++present;
  }
  return present == 0 ? 0.0 : sum / static_cast<double>(present);
}

double ConfusionMatrix::macro_precision() const { return macro(precision()); }
double ConfusionMatrix::macro_recall() const { return macro(recall()); }
double ConfusionMatrix::macro_f1() const { return macro(f1()); }

std::string ConfusionMatrix::report(const std::vector<std::string>& names) const {
  AXON_CHECK(names.empty() || std::ssize(names) == num_classes_,
             "ConfusionMatrix::report: expected {} class names, got {}", num_classes_,
             names.size());
  const std::vector<double> p = precision(), r = recall(), f = f1();
  std::string out = fmt::format("{:>14} {:>9} {:>9} {:>9} {:>9}\n", "", "precision", "recall",
                                "f1-score", "support");
  for (int64_t c = 0; c < num_classes_; ++c) {
    const std::string name = names.empty() ? std::to_string(c) : names[static_cast<size_t>(c)];
    out += fmt::format("{:>14} {:>9.4f} {:>9.4f} {:>9.4f} {:>9}\n", name, p[c], r[c], f[c],
                       true_count(c));
  }
  out +=
      fmt::format("{:>14} {:>9} {:>9} {:>9.4f} {:>9}\n", "accuracy", "", "", accuracy(), total());
  out += fmt::format("{:>14} {:>9.4f} {:>9.4f} {:>9.4f} {:>9}\n", "macro avg", macro_precision(),
                     macro_recall(), macro_f1(), total());
  return out;
}

double accuracy(const Tensor& predicted, const Tensor& target) {
  const Tensor classes = predicted_classes(predicted);
  AXON_CHECK(target.defined() && target.dim() == 1 && target.size(0) == classes.size(0),
             "accuracy: expected targets (N) with N = {}, got {}", classes.size(0),
             target.defined() ? shape_str(target.shape()) : "an undefined tensor");
  if (target.numel() == 0) return 0.0;
  return sum(eq(classes, target)).item() / static_cast<double>(target.numel());
}

Tensor confusion_matrix(const Tensor& predicted, const Tensor& target, int64_t num_classes) {
  ConfusionMatrix matrix(num_classes);
  matrix.update(predicted, target);
  return matrix.matrix();
}

}  // namespace axon::metrics
