// Classification metrics against values computed by hand (sklearn's
// definitions, zero_division=0).
#include <axon/axon.h>
#include <axon/metrics.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace axon::metrics {
namespace {

using testing_util::error_of;

Tensor classes(const std::vector<int64_t>& values) {
  return from_vector(values, {static_cast<int64_t>(values.size())});
}

void expect_near(const std::vector<double>& got, const std::vector<double>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-12) << "class " << i;
}

// 3 classes, 8 examples:
//   target    0 0 1 1 2 2 2 0
//   predicted 0 1 1 1 2 0 2 0
// matrix (rows true, columns predicted): [[2, 1, 0], [0, 2, 0], [1, 0, 2]]
ConfusionMatrix three_classes() {
  ConfusionMatrix m(3);
  m.update(classes({0, 1, 1, 1, 2, 0, 2, 0}), classes({0, 0, 1, 1, 2, 2, 2, 0}));
  return m;
}

TEST(ConfusionMatrix, CountsTrueClassesInRowsAndPredictionsInColumns) {
  const ConfusionMatrix m = three_classes();
  EXPECT_EQ(m.matrix().shape(), (Shape{3, 3}));
  EXPECT_EQ(m.matrix().to_vector<int64_t>(), (std::vector<int64_t>{2, 1, 0, 0, 2, 0, 1, 0, 2}));
  EXPECT_EQ(m.total(), 8);
  EXPECT_EQ(m.count(2, 0), 1);
}

TEST(ConfusionMatrix, PerClassAndMacroMetrics) {
  const ConfusionMatrix m = three_classes();
  EXPECT_DOUBLE_EQ(m.accuracy(), 6.0 / 8.0);
  // precision = diagonal / column sums (3, 3, 2); recall = diagonal / row sums (3, 2, 3)
  expect_near(m.precision(), {2.0 / 3.0, 2.0 / 3.0, 1.0});
  expect_near(m.recall(), {2.0 / 3.0, 1.0, 2.0 / 3.0});
  expect_near(m.f1(), {2.0 / 3.0, 0.8, 0.8});
  EXPECT_NEAR(m.macro_precision(), 7.0 / 9.0, 1e-12);
  EXPECT_NEAR(m.macro_recall(), 7.0 / 9.0, 1e-12);
  EXPECT_NEAR(m.macro_f1(), (2.0 / 3.0 + 1.6) / 3.0, 1e-12);
}

// Class 2 is predicted but never true; class 3 occurs nowhere.
//   target    0 0 1 1
//   predicted 0 2 1 1
TEST(ConfusionMatrix, ZeroDivisionGivesZeroAndAbsentClassesLeaveTheMacroMeans) {
  ConfusionMatrix m(4);
  m.update(classes({0, 2, 1, 1}), classes({0, 0, 1, 1}));
  expect_near(m.precision(), {1.0, 1.0, 0.0, 0.0});
  expect_near(m.recall(), {0.5, 1.0, 0.0, 0.0});
  expect_near(m.f1(), {2.0 / 3.0, 1.0, 0.0, 0.0});
  EXPECT_TRUE(m.is_present(2));
  EXPECT_FALSE(m.is_present(3));
  // Means over classes 0, 1, 2 (sklearn: labels = the union of y_true and y_pred).
  EXPECT_NEAR(m.macro_precision(), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.macro_recall(), 0.5, 1e-12);
  EXPECT_NEAR(m.macro_f1(), 5.0 / 9.0, 1e-12);
  const ConfusionMatrix empty(2);
  EXPECT_EQ(empty.accuracy(), 0.0);
  EXPECT_EQ(empty.macro_f1(), 0.0);
}

TEST(ConfusionMatrix, TakesScoresAndAddsUpBatches) {
  // Arg-max of each row: 1, 0, 2.
  const Tensor logits = from_vector(
      std::vector<float>{0.1f, 2.0f, -1.0f, 3.0f, 0.0f, 0.0f, -5.0f, -4.0f, -3.0f}, {3, 3});
  ConfusionMatrix m(3);
  m.update(logits, classes({1, 1, 2}));
  m.update(classes({0}), classes({0}));
  EXPECT_EQ(m.matrix().to_vector<int64_t>(), (std::vector<int64_t>{1, 0, 0, 1, 1, 0, 0, 0, 1}));
  EXPECT_EQ(confusion_matrix(logits, classes({1, 1, 2}), 3).to_vector<int64_t>(),
            (std::vector<int64_t>{0, 0, 0, 1, 1, 0, 0, 0, 1}));
  EXPECT_DOUBLE_EQ(accuracy(logits, classes({1, 1, 2})), 2.0 / 3.0);
  EXPECT_EQ(predicted_classes(logits).to_vector<int64_t>(), (std::vector<int64_t>{1, 0, 2}));
}

TEST(ConfusionMatrix, RejectsClassesOutOfRangeAndMismatchedShapes) {
  ConfusionMatrix m(3);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "ConfusionMatrix: target class 3 is out of range for 3 classes",
                      error_of([&] {
                        m.update(classes({0, 1}), classes({0, 3}));
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "ConfusionMatrix: predicted class -1 is out of range for 3 classes",
                      error_of([&] {
                        m.update(classes({-1, 1}), classes({0, 1}));
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "ConfusionMatrix: expected scores (N, 3), got [2, 4]",
                      error_of([&] {
                        m.update(zeros({2, 4}), classes({0, 1}));
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "expected as many predictions as targets, got 2 and 3", error_of([&] {
                        m.update(classes({0, 1}), classes({0, 1, 2}));
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "ConfusionMatrix: expected target as class indices (N) i64, got f32 [2]",
                      error_of([&] {
                        m.update(classes({0, 1}), zeros({2}));
                      }));
  EXPECT_EQ(m.total(), 0);  // nothing was counted by the failed updates
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "ConfusionMatrix: expected num_classes > 0, got 0",
                      error_of([] { ConfusionMatrix(0); }));
}

TEST(ConfusionMatrix, ReportListsEveryClassThenTheAverages) {
  const std::string report = three_classes().report({"cat", "dog", "bird"});
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "precision    recall  f1-score   support", report);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "dog    0.6667    1.0000    0.8000         2",
                      report);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "accuracy                        0.7500         8",
                      report);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "macro avg    0.7778    0.7778    0.7556         8",
                      report);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "expected 3 class names, got 1",
                      error_of([] { three_classes().report({"cat"}); }));
}

}  // namespace
}  // namespace axon::metrics
