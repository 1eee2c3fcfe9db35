// Classification metrics from a confusion matrix, with sklearn's definitions
// (and torchmetrics'): per class c, with tp, fp, fn counted over the examples,
//   precision = tp / (tp + fp), recall = tp / (tp + fn),
//   f1 = 2 tp / (2 tp + fp + fn)  (the harmonic mean of the two),
// and 0 wherever a denominator is 0 (sklearn's zero_division=0).
// Predictions are class indices (N) or scores (N, C), logits or
// probabilities, whose arg-max is the predicted class.
#pragma once

#include <axon/tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace axon::metrics {

// Counts (true class, predicted class) pairs; update() batch by batch, read
// the metrics at the end. The counts stay on the host (C x C numbers).
class ConfusionMatrix {
 public:
  explicit ConfusionMatrix(int64_t num_classes);

  // predicted: (N) class indices or (N, C) scores; target: (N) class indices.
  void update(const Tensor& predicted, const Tensor& target);

  int64_t num_classes() const { return num_classes_; }
  int64_t total() const;
  // (C, C) i64 on the cpu: rows are true classes, columns predicted ones (sklearn's layout).
  Tensor matrix() const;
  int64_t count(int64_t true_class, int64_t predicted_class) const;

  double accuracy() const;  // 0 when nothing was counted
  std::vector<double> precision() const;
  std::vector<double> recall() const;
  std::vector<double> f1() const;
  // Unweighted means over the classes present (see is_present).
  double macro_precision() const;
  double macro_recall() const;
  double macro_f1() const;

  // A class is present when it occurs as a true or a predicted class. One
  // that never occurs has 0 for every metric (0/0), and the macro means leave
  // it out: they are sklearn's defaults (labels = the union of y_true and
  // y_pred) and torchmetrics' (classes with tp + fp + fn = 0 are ignored), and
  // a small test set that lacks a class is not marked down for it. A class
  // that is predicted but has no true samples is present, and counts with
  // recall 0.
  bool is_present(int64_t c) const;

  // sklearn's classification_report: precision, recall, f1 and support per
  // class, then accuracy and the macro means. `names` (optional) label the rows.
  std::string report(const std::vector<std::string>& names = {}) const;

 private:
  int64_t true_count(int64_t c) const;       // row sum: tp + fn
  int64_t predicted_count(int64_t c) const;  // column sum: tp + fp
  double macro(const std::vector<double>& per_class) const;

  int64_t num_classes_;
  std::vector<int64_t> counts_;  // (C, C) row-major
};

// The predicted classes (N) i64 of class indices (N) or scores (N, C).
Tensor predicted_classes(const Tensor& predicted);
// Fraction of examples whose predicted class is the target (0 for none).
double accuracy(const Tensor& predicted, const Tensor& target);
// The (C, C) i64 confusion matrix of one batch (see ConfusionMatrix::matrix).
Tensor confusion_matrix(const Tensor& predicted, const Tensor& target, int64_t num_classes);

}  // namespace axon::metrics
