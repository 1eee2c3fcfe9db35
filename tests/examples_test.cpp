// End to end: the example programs built next to the tests (AXON_TEST_BIN_DIR)
// run in a scratch folder and do what the course's listings do.
#include <axon/axon.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <regex>

namespace {

namespace fs = std::filesystem;

struct ProgramRun {
  int status;
  std::string output;  // stdout and stderr
};

class Examples : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           fmt::format("axon_examples_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs a shell command in the scratch folder.
  ProgramRun run_command(const std::string& command) const {
    ProgramRun result{-1, ""};
    FILE* pipe = ::popen(fmt::format("cd '{}' && {} 2>&1", dir_.string(), command).c_str(), "r");
    if (pipe == nullptr) return result;
    char chunk[4096];
    size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0) result.output.append(chunk, n);
    result.status = ::pclose(pipe);
    return result;
  }

  // Runs bin/<program> <args> in the scratch folder.
  ProgramRun run(const std::string& program, const std::string& args) const {
    const fs::path binary = fs::path(AXON_TEST_BIN_DIR) / program;
    EXPECT_TRUE(fs::exists(binary)) << binary << " is missing: build the examples first";
    return run_command(fmt::format("'{}' {}", binary.string(), args));
  }

  fs::path dir_;
};

struct Epoch {
  int number;
  double loss;
  double val_accuracy;
};

std::vector<Epoch> parse_epochs(const std::string& output) {
  static const std::regex line(R"(\[epoch (\d+)\] loss ([0-9.]+) val_accuracy ([0-9.]+))");
  std::vector<Epoch> epochs;
  for (auto it = std::sregex_iterator(output.begin(), output.end(), line);
       it != std::sregex_iterator(); ++it) {
    epochs.push_back({std::stoi((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3])});
  }
  return epochs;
}

TEST_F(Examples, Mlp2dTrainReachesTheNotesAccuracy) {
  const ProgramRun train = run("mlp2d_train", "--device cpu --save-path best.safetensors");
  ASSERT_EQ(train.status, 0) << train.output;
  const std::vector<Epoch> epochs = parse_epochs(train.output);
  ASSERT_EQ(epochs.size(), 10u) << train.output;
  EXPECT_EQ(epochs.back().number, 10);
  EXPECT_LT(epochs.back().loss, epochs.front().loss) << train.output;
  EXPECT_GE(epochs.back().val_accuracy, 0.99) << train.output;

  const axon::StateDict saved = axon::load_safetensors((dir_ / "best.safetensors").string());
  EXPECT_EQ(saved.keys(), (std::vector<std::string>{"n_hidden.weight", "n_hidden.bias",
                                                    "out.weight", "out.bias"}));
  EXPECT_EQ(saved.at("n_hidden.weight").shape(), (axon::Shape{4, 2}));
  EXPECT_EQ(saved.at("out.weight").shape(), (axon::Shape{3, 4}));
}

TEST_F(Examples, Mlp2dInferPredictsClassZeroForAPointNearOne) {
  ASSERT_EQ(run("mlp2d_train", "--device cpu").status, 0);
  const ProgramRun infer = run("mlp2d_infer", "--device cpu");
  ASSERT_EQ(infer.status, 0) << infer.output;
  EXPECT_NE(infer.output.find("predicted class 0"), std::string::npos) << infer.output;
  std::smatch probabilities;
  ASSERT_TRUE(std::regex_search(infer.output, probabilities,
                                std::regex(R"(probabilities \[([0-9.]+), ([0-9.]+), ([0-9.]+)\])")))
      << infer.output;
  const double sum =
      std::stod(probabilities[1]) + std::stod(probabilities[2]) + std::stod(probabilities[3]);
  EXPECT_NEAR(sum, 1.0, 1e-3);
  EXPECT_GT(std::stod(probabilities[1]), 0.5);
}

// The checkpoint loads into the notes' PyTorch network and gives the same answer.
TEST_F(Examples, Mlp2dCheckpointLoadsInPyTorch) {
  const std::string python = "/usr/bin/python3";
  if (run_command(python + " -c 'import torch'").status != 0) {
    GTEST_SKIP() << python << " with torch is not installed";
  }
  ASSERT_EQ(run("mlp2d_train", "--device cpu").status, 0);
  const ProgramRun infer = run("mlp2d_infer", "--device cpu");
  std::smatch input;
  ASSERT_TRUE(
      std::regex_search(infer.output, input, std::regex(R"(input \[([-0-9.]+), ([-0-9.]+)\])")))
      << infer.output;
  const fs::path script = fs::path(AXON_TEST_GOLDEN_DIR).parent_path().parent_path() /
                          "apps/examples/mlp2d_torch_infer.py";
  const ProgramRun torch = run_command(fmt::format(
      "{} '{}' mlp2d.safetensors {} {}", python, script.string(), input[1].str(), input[2].str()));
  ASSERT_EQ(torch.status, 0) << torch.output;
  const std::regex answer(R"(probabilities \[[0-9., ]+\]\npredicted class \d)");
  std::smatch axon_answer, torch_answer;
  ASSERT_TRUE(std::regex_search(infer.output, axon_answer, answer)) << infer.output;
  ASSERT_TRUE(std::regex_search(torch.output, torch_answer, answer)) << torch.output;
  EXPECT_EQ(axon_answer.str(), torch_answer.str());
}

// On the simulated accelerator: the same accuracy as on the cpu, and per
// training step exactly the transfers the loop asks for (the batch's x and y
// in, loss.item() out), with no fallback.
TEST_F(Examples, Mlp2dTrainsOnTheMluWithoutHiddenHostRoundTrips) {
  const ProgramRun cpu = run("mlp2d_train", "--device cpu --save-path cpu.safetensors");
  const ProgramRun mlu = run("mlp2d_train", "--device mlu --stats");
  ASSERT_EQ(mlu.status, 0) << mlu.output;
  EXPECT_NE(mlu.output.find("using mlu:0 device."), std::string::npos) << mlu.output;
  const std::vector<Epoch> on_cpu = parse_epochs(cpu.output), on_mlu = parse_epochs(mlu.output);
  ASSERT_EQ(on_mlu.size(), 10u) << mlu.output;
  ASSERT_EQ(on_cpu.size(), 10u) << cpu.output;
  EXPECT_NEAR(on_mlu.back().val_accuracy, on_cpu.back().val_accuracy, 1e-9);
  EXPECT_NEAR(on_mlu.back().loss, on_cpu.back().loss, 1e-3);
  EXPECT_NE(mlu.output.find("fallbacks to the cpu: none"), std::string::npos) << mlu.output;
  std::smatch per_step;
  ASSERT_TRUE(std::regex_search(
      mlu.output, per_step,
      std::regex(R"(per training step \(\d+ steps\): ([0-9.]+) kernels, ([0-9.]+) host->device )"
                 R"(copies, ([0-9.]+) device->host copies)")))
      << mlu.output;
  EXPECT_GT(std::stod(per_step[1]), 10.0);
  EXPECT_EQ(std::stod(per_step[2]), 2.0);
  EXPECT_EQ(std::stod(per_step[3]), 1.0);
  const ProgramRun infer = run("mlp2d_infer", "--device mlu");
  EXPECT_NE(infer.output.find("predicted class 0"), std::string::npos) << infer.output;
}

TEST_F(Examples, Mlp2dInferNamesAMissingModel) {
  const ProgramRun infer = run("mlp2d_infer", "--device cpu --model absent.safetensors");
  EXPECT_NE(infer.status, 0);
  EXPECT_NE(infer.output.find("absent.safetensors': cannot open"), std::string::npos)
      << infer.output;
}

}  // namespace
