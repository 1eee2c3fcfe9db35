// End to end: the course's small programs (linear regression, gradient
// descent, XOR; fashion_mlp on a small generated folder) do what the notes'
// listings do. SlowExamples: fashion_mlp's accuracy on Fashion-MNIST, run
// only by the `slow` ctest label (tests/CMakeLists.txt).
#include <axon/axon.h>
#include <gtest/gtest.h>

#include <cmath>

#include "data_files.h"
#include "program_run.h"

namespace {

using axon::testing_util::numbers_matching;
using axon::testing_util::ProgramRun;
using axon::testing_util::run_program;
using axon::testing_util::ScratchDir;

TEST(LinearRegression, TakesTheSgdStepsOfTheNotesAndConvergesToW2B0) {
  ScratchDir dir;
  const ProgramRun run = run_program(dir.path(), "linear_regression", "--device cpu --seed 3");
  ASSERT_EQ(run.status, 0) << run.output;
  const std::string line = " loss {} w {} b {}";
  const auto initial = numbers_matching(run.output, R"(\[initial\])" + line);
  const auto epochs = numbers_matching(run.output, R"(\[epoch (\d+)\])" + line);
  ASSERT_EQ(initial.size(), 1u) << run.output;
  ASSERT_EQ(epochs.size(), 11u) << run.output;  // epoch 1 and every 100th of 1000
  // The first step by hand: loss = sum (w x + b - 2x)^2 over x = 1, 2, 3, then
  // w -= 0.01 dloss/dw, b -= 0.01 dloss/db.
  const double w = initial[0][1], b = initial[0][2];
  double loss = 0, dw = 0, db = 0;
  for (double x : {1.0, 2.0, 3.0}) {
    const double error = w * x + b - 2 * x;
    loss += error * error;
    dw += 2 * error * x;
    db += 2 * error;
  }
  EXPECT_NEAR(initial[0][0], loss, 1e-5 * std::max(1.0, loss));
  EXPECT_NEAR(epochs[0][1], loss, 1e-5 * std::max(1.0, loss));
  EXPECT_NEAR(epochs[0][2], w - 0.01 * dw, 2e-6);
  EXPECT_NEAR(epochs[0][3], b - 0.01 * db, 2e-6);
  const std::vector<double>& last = epochs.back();
  EXPECT_EQ(last[0], 1000);
  EXPECT_NEAR(last[2], 2.0, 0.01) << run.output;
  EXPECT_NEAR(last[3], 0.0, 0.02) << run.output;
  EXPECT_LT(last[1], 1e-3);
  const axon::StateDict saved =
      axon::load_safetensors((dir.path() / "linear_regression.safetensors").string());
  EXPECT_EQ(saved.keys(), (std::vector<std::string>{"linear.weight", "linear.bias"}));
}

TEST(GradientDescent, StepsFollowTheClosedForm) {
  ScratchDir dir;
  const ProgramRun run = run_program(dir.path(), "gradient_descent", "--device cpu");
  ASSERT_EQ(run.status, 0) << run.output;
  const auto steps = numbers_matching(run.output, R"(step (\d+): x = {} y = {} dy/dx = {})");
  ASSERT_EQ(steps.size(), 31u) << run.output;
  for (const std::vector<double>& step : steps) {
    // x_k = 0.75 (1 - 0.6^k): x <- x - 0.1 (4x - 3) = 0.6 x + 0.3 from x = 0.
    const double x = 0.75 * (1.0 - std::pow(0.6, step[0]));
    EXPECT_NEAR(step[1], x, 2e-6) << "step " << step[0];
    EXPECT_NEAR(step[2], 2 * x * x - 3 * x + 1, 2e-6) << "step " << step[0];
    EXPECT_NEAR(step[3], 4 * x - 3, 2e-6) << "step " << step[0];
  }
  EXPECT_NEAR(steps.back()[2], -0.125, 1e-6);
}

TEST(Xor, APerceptronCannotLearnItAndATwoLayerNetworkCan) {
  ScratchDir dir;
  const ProgramRun run = run_program(dir.path(), "xor", "--device cpu");
  ASSERT_EQ(run.status, 0) << run.output;
  const auto perceptron = numbers_matching(run.output, "perceptron accuracy {}");
  const auto mlp = numbers_matching(run.output, "mlp accuracy {}");
  ASSERT_EQ(perceptron.size(), 1u) << run.output;
  ASSERT_EQ(mlp.size(), 1u) << run.output;
  EXPECT_LE(perceptron[0][0], 0.75) << run.output;  // at most 3 of the 4 points
  EXPECT_EQ(mlp[0][0], 1.0) << run.output;
  EXPECT_NE(run.output.find("mlp predictions [0, 1, 1, 0]"), std::string::npos) << run.output;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "xor_mlp.safetensors"));
}

// The epochs' (number, loss, test accuracy, samples/s) of fashion_mlp's output.
std::vector<std::vector<double>> fashion_epochs(const std::string& output) {
  return numbers_matching(output, R"(\[epoch (\d+)\] loss {} test_accuracy {} samples/s {})");
}

TEST(FashionMlp, TrainsOnAnyMnistFormatFolderAndSavesTheNotesNet) {
  ScratchDir dir;
  std::filesystem::create_directory(dir.path() / "data");
  axon::testing_util::write_mnist_folder(dir.file("data"), 200, 50, true);
  const ProgramRun run = run_program(dir.path(), "fashion_mlp",
                                     "--device cpu --epochs 2 --data data --save-path m.st");
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("200 training and 50 test images from data"), std::string::npos);
  const auto epochs = fashion_epochs(run.output);
  ASSERT_EQ(epochs.size(), 2u) << run.output;
  for (const std::vector<double>& epoch : epochs) {
    EXPECT_GE(epoch[2], 0.0);
    EXPECT_LE(epoch[2], 1.0);
    EXPECT_GT(epoch[3], 0.0);
  }
  EXPECT_NE(run.output.find("Ankle boot"), std::string::npos) << run.output;  // the report
  const axon::StateDict saved = axon::load_safetensors((dir.path() / "m.st").string());
  EXPECT_EQ(saved.keys(),
            (std::vector<std::string>{"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"}));
  EXPECT_EQ(saved.at("fc1.weight").shape(), (axon::Shape{500, 784}));
  EXPECT_EQ(saved.at("fc2.weight").shape(), (axon::Shape{10, 500}));
}

TEST(FashionMlp, NamesAMissingDataFolder) {
  ScratchDir dir;
  const ProgramRun run = run_program(dir.path(), "fashion_mlp", "--device cpu --data absent");
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.output.find("fashion_mlp: MnistDataset: found neither 'train-images-idx3-ubyte' "
                            "nor 'train-images-idx3-ubyte.gz' in 'absent'"),
            std::string::npos)
      << run.output;
}

// The course's recipe, 5 epochs. Its test accuracy after 5 epochs depends on
// the seed, in PyTorch 1.13 as here (0.868 to 0.882 below): PyTorch's MLP
// (apps/bench/course_torch.py --net mlp --train-epochs 5) gave 0.880, 0.879,
// 0.869, 0.882, 0.879 for seeds 0-4,
// fashion_mlp 0.873, 0.868, 0.875, 0.880, 0.880, 0.880, 0.877, 0.878 for
// seeds 0-7 (2 threads). The test pins seed 5 (0.880) so that it checks the
// recipe, not the luck of a draw.
TEST(SlowExamples, FashionMlpReachesTheCourseAccuracyInFiveEpochs) {
  const std::string data = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(data + "/train-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed (" << data << ")";
  ScratchDir dir;
  const ProgramRun run = run_program(dir.path(), "fashion_mlp", "--device cpu --epochs 5 --seed 5");
  ASSERT_EQ(run.status, 0) << run.output;
  const auto epochs = fashion_epochs(run.output);
  ASSERT_EQ(epochs.size(), 5u) << run.output;
  EXPECT_LT(epochs.back()[1], epochs.front()[1]) << run.output;
  EXPECT_GE(epochs.back()[2], 0.875) << run.output;
}

}  // namespace
