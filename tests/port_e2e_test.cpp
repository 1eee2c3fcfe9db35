// Issue 4 end to end: apps/examples/cuda_mlp, written for CUDA, is ported to
// the mlu with `axon port`. The report lists every change at its line and the
// CUDA-only parts for review; the port builds against the build tree (like
// plugin_lion) and trains on the mlu to the accuracy the original reaches on
// the cpu; porting the port changes nothing. The original also runs unchanged
// on the mlu under AXON_DEVICE_MAP=cuda:mlu.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "program_run.h"

namespace {

namespace fs = std::filesystem;
using axon::testing_util::numbers_matching;
using axon::testing_util::ProgramRun;
using axon::testing_util::run_command;
using testing::HasSubstr;

const fs::path kExample = fs::path(AXON_TEST_GOLDEN_DIR) / "../../apps/examples/cuda_mlp";
const fs::path kBuildDir = fs::path(AXON_TEST_BIN_DIR) / "..";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The 1-based number of the first line of `file` in the example holding `text`.
int line_of(const std::string& file, const std::string& text) {
  std::ifstream in(kExample / file);
  int number = 1;
  for (std::string line; std::getline(in, line); ++number) {
    if (line.find(text) != std::string::npos) return number;
  }
  ADD_FAILURE() << file << " has no line with " << text;
  return -1;
}

using Entry = std::tuple<std::string, int, std::string>;  // file, line, rule

// Every file below `root`, relative, except the reports at its root.
std::set<std::string> files_below(const fs::path& root) {
  std::set<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string rel = e.path().lexically_relative(root).generic_string();
    if (e.is_regular_file() && rel != "report.md" && rel != "report.json") files.insert(rel);
  }
  return files;
}

// Ports the example once per test process (ctest runs each test in its own).
class PortCudaMlp : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "axon_port_test_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    port_ = axon(fmt::format("port '{}' -o '{}'", kExample.string(), ported().string()));
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  void SetUp() override { ASSERT_EQ(port_.status, 0) << port_.output; }

  static ProgramRun axon(const std::string& args) {
    return run_command(dir_, fmt::format("'{}/axon' {}", AXON_TEST_BIN_DIR, args));
  }
  static nlohmann::json report() { return nlohmann::json::parse(read(ported() / "report.json")); }
  static fs::path ported() { return dir_ / "cuda_mlp_mlu"; }

  // Configures and builds the original (without its CUDA part: this machine
  // may have no toolkit) and the port, side by side, against the build tree.
  static void build_both() {
    const ProgramRun builds = run_command(
        dir_, fmt::format("({} > original.log 2>&1; echo $? > original.rc) & "
                          "({} > ported.log 2>&1; echo $? > ported.rc) & wait",
                          build_command(kExample, "original-build", "-DAXON_WITH_CUDA=OFF"),
                          build_command(ported(), "ported-build", "")));
    ASSERT_EQ(read(dir_ / "original.rc"), "0\n") << builds.output << read(dir_ / "original.log");
    ASSERT_EQ(read(dir_ / "ported.rc"), "0\n") << builds.output << read(dir_ / "ported.log");
  }
  static std::string build_command(const fs::path& source, const std::string& build,
                                   const std::string& options) {
    return fmt::format("cmake -S '{}' -B {} -Daxon_DIR='{}/cmake-package' {} && cmake --build {}",
                       source.string(), build, kBuildDir.string(), options, build);
  }
  // The example's run.sh (which passes --device from its .env) with a build of it.
  static ProgramRun run_example(const fs::path& source, const std::string& build,
                                const std::string& env = "") {
    return run_command(
        dir_, fmt::format("{} sh '{}/run.sh' '{}'", env, source.string(), (dir_ / build).string()));
  }
  // The last epoch's validation accuracy.
  static double last_accuracy(const std::string& output) {
    const auto rows =
        numbers_matching(output, R"(\[epoch 10\] loss [0-9.]+ val_accuracy ([0-9.]+))");
    return rows.size() == 1 ? rows[0][0] : -1.0;
  }

  static inline fs::path dir_;
  static inline ProgramRun port_;
};

TEST_F(PortCudaMlp, ReportListsEveryChangeAtItsLine) {
  const std::set<Entry> expected = {
      {".env", line_of(".env", "AXON_DEVICE=cuda:0"), "device-setting"},
      {"CMakeLists.txt", line_of("CMakeLists.txt", "option(AXON_WITH_CUDA"), "build-option"},
      {"CMakeLists.txt", line_of("CMakeLists.txt", "--device cuda:0"), "device-flag"},
      {"config/train.json", line_of("config/train.json", R"("device": "cuda")"), "device-string"},
      {"run.sh", line_of("run.sh", "${AXON_DEVICE:-cuda}"), "device-setting"},
      {"src/main.cpp", line_of("src/main.cpp", R"(std::string device = "cuda:0";)"),
       "device-string"},
      {"src/main.cpp", line_of("src/main.cpp", R"(device.type() == "cuda")"), "device-string"},
  };
  const nlohmann::json j = report();
  std::set<Entry> listed;
  for (const auto& c : j["changes"]) {
    ASSERT_EQ(c["rules"].size(), 1u) << c;
    listed.insert(
        {c["file"].get<std::string>(), c["line"].get<int>(), c["rules"][0].get<std::string>()});
  }
  EXPECT_EQ(listed, expected);
  const auto& summary = j["summary"];
  EXPECT_EQ(summary["lines_changed"], expected.size());
  EXPECT_EQ(summary["files_changed"], 5);
  EXPECT_EQ(summary["files"],
            summary["files_changed"].get<int>() + summary["files_copied"].get<int>());

  const std::string md = read(ported() / "report.md");
  EXPECT_THAT(md, testing::StartsWith("# axon port report: cuda -> mlu\n"));
  EXPECT_THAT(md, HasSubstr("## Summary\n"));
  EXPECT_THAT(md,
              HasSubstr("| No. | File:Line | Rule | Before | After |\n|---|---|---|---|---|\n"));
  EXPECT_THAT(md, HasSubstr(fmt::format("| 4 | `config/train.json:{}` | device-string | "
                                        "`\"device\": \"cuda\",` | `\"device\": \"mlu\",` |\n",
                                        line_of("config/train.json", "device"))));
}

TEST_F(PortCudaMlp, ChangesOnlyTheReportedLinesAndKeepsComments) {
  const nlohmann::json j = report();
  std::set<std::pair<std::string, int>> reported;
  for (const auto& c : j["changes"])
    reported.insert({c["file"].get<std::string>(), c["line"].get<int>()});
  ASSERT_EQ(files_below(ported()), files_below(kExample));
  for (const std::string& file : files_below(kExample)) {
    std::ifstream original(kExample / file), port(ported() / file);
    int number = 1;
    for (std::string a, b; std::getline(original, a) && std::getline(port, b); ++number) {
      EXPECT_EQ(a != b, reported.count({file, number}) == 1) << file << ":" << number << "\n" << b;
    }
    EXPECT_EQ(fs::status(kExample / file).permissions(), fs::status(ported() / file).permissions());
  }
  // A comment that quotes a device string, kept word for word.
  EXPECT_THAT(read(ported() / "src/main.cpp"),
              HasSubstr(R"(// Like train.py: torch.device("cuda:0" if torch.cuda.is_available())"));
  EXPECT_EQ(read(ported() / "README.md"), read(kExample / "README.md"));
}

TEST_F(PortCudaMlp, ListsWhatNeedsManualReview) {
  const std::set<Entry> expected = {
      {"src/gpu_warmup.cu", 0, "cuda-source"},
      {"src/gpu_warmup.cu", line_of("src/gpu_warmup.cu", "__global__"), "cuda-kernel"},
      {"src/gpu_warmup.cu", line_of("src/gpu_warmup.cu", "<<<"), "cuda-kernel"},
      {"src/gpu_warmup.cu", line_of("src/gpu_warmup.cu", "cudaMalloc("), "cuda-runtime-api"},
      {"src/main.cpp", line_of("src/main.cpp", "#include <cuda_runtime.h>"), "cuda-include"},
      {"src/main.cpp", line_of("src/main.cpp", "cudaSetDevice"), "cuda-runtime-api"},
      {"CMakeLists.txt", line_of("CMakeLists.txt", "enable_language(CUDA)"), "cmake-cuda"},
      {"CMakeLists.txt", line_of("CMakeLists.txt", "CUDA::cudart"), "cmake-cuda"},
      {".env", line_of(".env", "CUDA_VISIBLE_DEVICES"), "cuda-env"},
      {"run.sh", line_of("run.sh", "nvidia-smi --query"), "cuda-tool"},
  };
  const nlohmann::json j = report();
  std::set<Entry> listed;
  for (const auto& item : j["needs_manual_review"]) {
    listed.insert({item["file"].get<std::string>(),
                   item["line"].is_null() ? 0 : item["line"].get<int>(),
                   item["rule"].get<std::string>()});
    EXPECT_FALSE(item["why"].get<std::string>().empty());
  }
  for (const Entry& e : expected)
    EXPECT_EQ(listed.count(e), 1u) << std::get<0>(e) << ":" << std::get<1>(e);
  EXPECT_THAT(read(ported() / "report.md"),
              HasSubstr("| 1 | `.env:4` | cuda-env | `CUDA_VISIBLE_DEVICES` |"));
}

// The only test that builds (once each); the others read the port.
TEST_F(PortCudaMlp, BuildsAndTrainsOnTheMluLikeTheOriginalOnTheCpu) {
  if (std::system("command -v cmake >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "cmake is not on PATH: cannot build the example";
  ASSERT_NO_FATAL_FAILURE(build_both());
  const ProgramRun original = run_example(kExample, "original-build");
  ASSERT_EQ(original.status, 0) << original.output;
  EXPECT_THAT(original.output, HasSubstr("using cpu:0 device."));
  EXPECT_GE(last_accuracy(original.output), 0.99) << original.output;

  const ProgramRun port = run_example(ported(), "ported-build");
  ASSERT_EQ(port.status, 0) << port.output;
  EXPECT_THAT(port.output, HasSubstr("using mlu:0 device."));
  const auto kernels =
      numbers_matching(port.output, R"(mlu:0 ran ([0-9]+) kernels \(.*matmul ([0-9]+))");
  ASSERT_EQ(kernels.size(), 1u) << port.output;
  EXPECT_GT(kernels[0][1], 0) << port.output;
  EXPECT_EQ(last_accuracy(port.output), last_accuracy(original.output)) << port.output;

  // The original, not rebuilt, on the mlu under the run-time remap; said once, on stderr.
  const ProgramRun mapped = run_example(kExample, "original-build", "AXON_DEVICE_MAP=cuda:mlu");
  ASSERT_EQ(mapped.status, 0) << mapped.output;
  EXPECT_THAT(mapped.output, HasSubstr("using mlu:0 device."));
  EXPECT_EQ(last_accuracy(mapped.output), last_accuracy(original.output)) << mapped.output;
  const ProgramRun stderr_only = run_command(
      dir_, fmt::format("AXON_DEVICE_MAP=cuda:mlu original-build/cuda_mlp --device cuda --config "
                        "'{}' --epochs 1 --save-path m.safetensors 2>&1 >/dev/null",
                        (kExample / "config/train.json").string()));
  EXPECT_EQ(stderr_only.output, "axon: AXON_DEVICE_MAP: cuda -> mlu\n");
}

TEST_F(PortCudaMlp, PortingThePortChangesNothing) {
  const ProgramRun again = axon(fmt::format("port '{}' -o again", ported().string()));
  ASSERT_EQ(again.status, 0) << again.output;
  const auto j = nlohmann::json::parse(read(dir_ / "again/report.json"));
  EXPECT_EQ(j["summary"]["lines_changed"], 0);
  EXPECT_EQ(j["summary"]["files_changed"], 0);
  EXPECT_TRUE(j["changes"].empty());
  EXPECT_EQ(j["needs_manual_review"].size(), report()["needs_manual_review"].size());
  EXPECT_THAT(read(dir_ / "again/report.md"), HasSubstr("No line needed a change."));
  ASSERT_EQ(files_below(dir_ / "again"), files_below(ported()));
  for (const std::string& file : files_below(ported()))
    EXPECT_EQ(read(dir_ / "again" / file), read(ported() / file)) << file;
}

TEST_F(PortCudaMlp, DryRunWritesNothingAndStrictFails) {
  const ProgramRun dry = axon(fmt::format("port '{}' -o dry --dry-run", kExample.string()));
  ASSERT_EQ(dry.status, 0) << dry.output;
  EXPECT_THAT(dry.output, testing::StartsWith("# axon port report: cuda -> mlu\n"));
  EXPECT_THAT(dry.output, HasSubstr("(a dry run: nothing was written)"));
  EXPECT_FALSE(fs::exists(dir_ / "dry"));

  const ProgramRun strict = axon(fmt::format("port '{}' -o strict --strict", kExample.string()));
  EXPECT_EQ(WEXITSTATUS(strict.status), 1);
  EXPECT_THAT(strict.output, HasSubstr("axon: error: port: --strict: "));
  EXPECT_TRUE(fs::exists(dir_ / "strict/report.md"));
}

}  // namespace
