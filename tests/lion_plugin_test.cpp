// Issue 5's drop-in proof: the Lion optimizer of apps/examples/plugin_lion is
// configured and built out of tree against the build tree's cmake package,
// then found through AXON_PLUGIN_PATH by `axon plugins`, described by
// `axon plugins --describe`, and used by mlp2d_train --optimizer lion.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

const std::string kSourceDir = AXON_TEST_GOLDEN_DIR "/../..";
const std::string kBuildDir = AXON_TEST_BIN_DIR "/..";
// Lion wants a 3-10x smaller step than SGD's 0.1: 0.01 reaches 0.995 on this set.
constexpr double kLionLr = 0.01;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
};

Result run(const std::string& command) {
  Result result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Builds the plugin once for the whole suite into a temp folder.
class LionPlugin : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("command -v cmake >/dev/null 2>&1") != 0) return;
    std::string pattern = (fs::temp_directory_path() / "axon_lion_test_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    const Result configure =
        run(fmt::format("cmake -S {}/apps/examples/plugin_lion -B {} -Daxon_DIR={}/cmake-package",
                        kSourceDir, dir_.string(), kBuildDir));
    const Result build =
        configure.code == 0 ? run(fmt::format("cmake --build {}", dir_.string())) : configure;
    built_ = build.code == 0;
    log_ = build.out;
  }
  static void TearDownTestSuite() {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void SetUp() override {
    if (dir_.empty()) GTEST_SKIP() << "cmake is not on PATH: cannot build the plugin out of tree";
    ASSERT_TRUE(built_) << "building apps/examples/plugin_lion failed:\n" << log_;
  }

  // `AXON_PLUGIN_PATH=<plugin dir> <bin>/<program> <args>`
  static Result with_lion(const std::string& program, const std::string& args) {
    return run(fmt::format("AXON_PLUGIN_PATH={} {}/{} {}", dir_.string(), AXON_TEST_BIN_DIR,
                           program, args));
  }

  static inline fs::path dir_;
  static inline bool built_ = false;
  static inline std::string log_;
};

TEST_F(LionPlugin, IsListedAsAnOptimizer) {
  const Result r = with_lion("axon", "plugins --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto plugins = nlohmann::json::parse(r.out)["plugins"];
  const auto lion = std::find_if(plugins.begin(), plugins.end(), [](const auto& p) {
    return fs::path(p["path"].template get<std::string>()).filename() == "libaxon_lion.so";
  });
  ASSERT_NE(lion, plugins.end()) << r.out;
  EXPECT_TRUE((*lion)["loaded"].get<bool>()) << (*lion)["reason"];
  EXPECT_EQ((*lion)["origin"], "AXON_PLUGIN_PATH");
  EXPECT_EQ((*lion)["registered"]["optimizer"], nlohmann::json::array({"lion"}));
}

TEST_F(LionPlugin, TrainsTheMlp) {
  const fs::path model = dir_ / "mlp2d_lion.safetensors";
  const Result r = with_lion("mlp2d_train", fmt::format("--optimizer lion --lr {} --save-path {}",
                                                        kLionLr, model.string()));
  ASSERT_EQ(r.code, 0) << r.out;
  // The last epoch's line, not only the best one.
  const std::regex epoch(R"(\[epoch 10\] loss [0-9.]+ val_accuracy ([0-9.]+))");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(r.out, match, epoch)) << r.out;
  EXPECT_GE(std::stod(match[1]), 0.99) << r.out;
  EXPECT_TRUE(fs::exists(model));
}

TEST_F(LionPlugin, DescribeShowsTheOptionsAndDefaults) {
  const Result r = with_lion("axon", "plugins --describe lion");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("lion (optimizer)"));
  EXPECT_THAT(r.out, HasSubstr("libaxon_lion.so"));
  EXPECT_THAT(r.out, testing::ContainsRegex(R"(lr +number +default 0\.0001 )"));
  EXPECT_THAT(r.out, testing::ContainsRegex(R"(betas +list of numbers +default \[0\.9, 0\.99\] )"));
  EXPECT_THAT(r.out, testing::ContainsRegex(R"(weight_decay +number +default 0\.0 )"));

  const Result json = with_lion("axon", "plugins --describe lion --json");
  ASSERT_EQ(json.code, 0) << json.out;
  const auto entry = nlohmann::json::parse(json.out);
  EXPECT_EQ(entry["kind"], "optimizer");
  // The core may add options of its own to every optimizer: look lion's up by name.
  const auto& options = entry["options"];
  const auto betas = std::find_if(options.begin(), options.end(),
                                  [](const auto& o) { return o["name"] == "betas"; });
  ASSERT_NE(betas, options.end()) << json.out;
  EXPECT_EQ((*betas)["default"], "[0.9, 0.99]");
}

TEST_F(LionPlugin, DescribeOfAnUnknownNameFails) {
  const Result unknown = with_lion("axon", "plugins --describe nosuch");
  EXPECT_EQ(unknown.code, 1);
  EXPECT_THAT(unknown.out, HasSubstr("unknown name 'nosuch'"));
  EXPECT_THAT(unknown.out, HasSubstr("lion"));  // among the known names

  const Result typo = with_lion("axon", "plugins --describe lino");
  EXPECT_EQ(typo.code, 1);
  EXPECT_THAT(typo.out, HasSubstr("did you mean 'lion'?"));
}

}  // namespace
