// The batch transforms, alone, composed, and applied by the DataLoader.
#include <axon/axon.h>
#include <axon/transforms.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "test_util.h"

namespace axon::data::transforms {
namespace {

using testing_util::error_of;

// (n, 1, h, w) with the values 0, 1, 2, ... row-major.
Tensor counting_images(int64_t n, int64_t h, int64_t w, DType dtype = DType::f32) {
  return arange(0, n * h * w, 1, TensorOptions(dtype)).reshape({n, 1, h, w});
}

TEST(Transforms, ScaleMakesFloatsInTheUnitRange) {
  const Tensor pixels = from_vector(std::vector<uint8_t>{0, 51, 255}, {3});
  const Tensor scaled = scale()(pixels);
  EXPECT_EQ(scaled.dtype(), DType::f32);
  EXPECT_EQ(scaled.to_vector<float>(), (std::vector<float>{0.0f, 0.2f, 1.0f}));
  EXPECT_EQ(scale(2.0)(pixels).to_vector<float>(), (std::vector<float>{0.0f, 25.5f, 127.5f}));
}

TEST(Transforms, NormalizeUsesOneMeanAndStdPerChannel) {
  // (1, 2, 1, 2): channel 0 = [1, 3], channel 1 = [10, 20]
  const Tensor x = from_vector(std::vector<float>{1, 3, 10, 20}, {1, 2, 1, 2});
  EXPECT_EQ(normalize({2, 10}, {1, 5})(x).to_vector<float>(), (std::vector<float>{-1, 1, 0, 2}));
  EXPECT_EQ(normalize({1}, {2})(x).to_vector<float>(), (std::vector<float>{0, 1, 4.5f, 9.5f}));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "normalize: expected 3 channels in dim 1 of a batch (N, C, *), got shape "
                      "[1, 2, 1, 2]",
                      error_of([&] {
                        normalize({0, 0, 0}, {1, 1, 1})(x);
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "normalize: expected a floating-point batch (apply scale() first), got u8",
                      error_of([&] { normalize({0}, {1})(x.to(DType::u8)); }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "normalize: std evaluated to zero", error_of([] {
                        normalize({0, 0}, {1, 0});
                      }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "expected mean and std of the same nonzero length, got 2 and 1 values",
                      error_of([] {
                        normalize({0, 0}, {1});
                      }));
}

TEST(Transforms, FlattenKeepsTheBatchDim) {
  EXPECT_EQ(flatten()(counting_images(2, 3, 4)).shape(), (Shape{2, 12}));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "flatten: expected a batch (N, *) with at least 2 dims, got [5]",
                      error_of([] { flatten()(zeros({5})); }));
}

TEST(Transforms, ComposeAppliesInOrder) {
  const Tensor pixels = from_vector(std::vector<uint8_t>{0, 255, 51, 102}, {2, 1, 1, 2});
  const Tensor out = compose({scale(), normalize({0.5}, {0.5}), flatten()})(pixels);
  EXPECT_EQ(out.shape(), (Shape{2, 2}));
  const std::vector<float> values = out.to_vector<float>();
  const std::vector<float> expected{-1.0f, 1.0f, -0.6f, -0.2f};
  for (size_t i = 0; i < values.size(); ++i) EXPECT_NEAR(values[i], expected[i], 1e-6);
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "compose: transform 1 is empty", error_of([] {
                        compose({flatten(), Transform()});
                      }));
}

TEST(Transforms, HorizontalFlipWithProbabilityOneOrZero) {
  const Tensor x = counting_images(2, 2, 3, DType::u8);
  EXPECT_EQ(random_horizontal_flip(1, 1.0)(x).to_vector<uint8_t>(),
            (std::vector<uint8_t>{2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9}));
  EXPECT_EQ(random_horizontal_flip(1, 0.0)(x).to_vector<uint8_t>(), x.to_vector<uint8_t>());
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "random_horizontal_flip: expected p in [0, 1], got 1.5",
                      error_of([] { random_horizontal_flip(1, 1.5); }));
}

// Which examples of a (n, 1, 1, 2) batch [2i, 2i + 1] came out flipped.
std::vector<bool> flipped(const Tensor& out) {
  const std::vector<float> v = out.to_vector<float>();
  std::vector<bool> result;
  for (size_t i = 0; i < v.size(); i += 2) {
    const auto low = static_cast<float>(i), high = static_cast<float>(i + 1);
    EXPECT_TRUE((v[i] == low && v[i + 1] == high) || (v[i] == high && v[i + 1] == low)) << i;
    result.push_back(v[i] > v[i + 1]);
  }
  return result;
}

TEST(Transforms, HorizontalFlipIsRandomPerExampleAndReproducible) {
  const Tensor x = counting_images(1000, 1, 2);
  Transform flip = random_horizontal_flip(7);
  const std::vector<bool> first = flipped(flip(x)), second = flipped(flip(x));
  EXPECT_NE(first, second);  // the stream advances from batch to batch
  EXPECT_EQ(flipped(random_horizontal_flip(7)(x)), first);
  EXPECT_NE(flipped(random_horizontal_flip(8)(x)), first);
  const auto count = std::count(first.begin(), first.end(), true);
  EXPECT_GT(count, 430);  // Binomial(1000, 0.5): 7 sigma on each side
  EXPECT_LT(count, 570);
}

TEST(Transforms, RandomCropTakesWindowsOfThePaddedImage) {
  // One 2x2 image [[1, 2], [3, 4]], padded by 1 to 4x4, cut to 2x2: 9 windows.
  const Tensor image = from_vector(std::vector<uint8_t>{1, 2, 3, 4}, {1, 1, 2, 2});
  const Tensor batch = image.expand({400, 1, 2, 2}).contiguous();
  const Tensor crops = random_crop(2, 1, 3)(batch);
  EXPECT_EQ(crops.shape(), (Shape{400, 1, 2, 2}));
  EXPECT_EQ(crops.dtype(), DType::u8);
  // The 9 windows of [[0,0,0,0],[0,1,2,0],[0,3,4,0],[0,0,0,0]], row-major.
  const std::set<std::vector<int64_t>> windows{{0, 0, 0, 1}, {0, 0, 1, 2}, {0, 0, 2, 0},
                                               {0, 1, 0, 3}, {1, 2, 3, 4}, {2, 0, 4, 0},
                                               {0, 3, 0, 0}, {3, 4, 0, 0}, {4, 0, 0, 0}};
  std::set<std::vector<int64_t>> seen;
  for (int64_t i = 0; i < 400; ++i) {
    const std::vector<int64_t> crop = crops.select(0, i).to(DType::i64).to_vector<int64_t>();
    EXPECT_EQ(windows.count(crop), 1u) << i;
    seen.insert(crop);
  }
  EXPECT_EQ(seen, windows);  // every offset comes up in 400 draws
  EXPECT_EQ(random_crop(2, 1, 3)(batch).to_vector<uint8_t>(), crops.to_vector<uint8_t>());
}

TEST(Transforms, RandomCropWithoutPaddingOfTheFullSizeIsTheIdentity) {
  const Tensor x = counting_images(3, 4, 4);
  EXPECT_EQ(random_crop(4, 0, 5)(x).to_vector<float>(), x.to_vector<float>());
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "random_crop: crop size 7 is larger than the padded image 6x6",
                      error_of([&] { random_crop(7, 1, 5)(x); }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring,
                      "random_crop: expected a batch (N, *, H, W), got [4, 4]", error_of([] {
                        random_crop(2, 0, 5)(zeros({4, 4}));
                      }));
}

TEST(Transforms, TheLoaderTransformsEachBatch) {
  const Tensor images = counting_images(4, 1, 2, DType::u8);
  auto dataset = std::make_shared<TensorDataset>(TensorList{images, arange(0, 4)});
  DataLoader loader(dataset, {.batch_size = 3, .transform = compose({scale(255.0), flatten()})});
  std::vector<Shape> shapes;
  for (const TensorList& batch : loader) {
    EXPECT_EQ(batch[0].dtype(), DType::f32);
    EXPECT_EQ(batch[1].dtype(), DType::i64);  // labels are left alone
    shapes.push_back(batch[0].shape());
  }
  EXPECT_EQ(shapes, (std::vector<Shape>{{3, 2}, {1, 2}}));
  EXPECT_NEAR(loader.batch(1)[0].to_vector<float>()[1], 7.0 / 255.0, 1e-7);
}

}  // namespace
}  // namespace axon::data::transforms
