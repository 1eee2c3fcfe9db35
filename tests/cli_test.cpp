// The `axon` tool, run as a subprocess: `plugins`, `plugins --json`,
// `devices`, and the environments a process can only be started with
// (AXON_PLUGIN_PATH, AXON_NO_DEFAULT_PLUGINS).
#include <axon/version.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

struct Result {
  int code = -1;
  std::string out, err;
};

// A fresh folder under the temp dir, removed with its contents at the end of the test.
struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "axon_cli_test_XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

// Runs `env axon args` and returns the exit code, stdout and stderr.
Result axon(const std::string& args, const std::string& env = "") {
  TempDir tmp;
  const fs::path err = tmp.path / "stderr";
  const std::string command =
      fmt::format("{} {}/axon {} 2>{}", env, AXON_TEST_BIN_DIR, args, err.string());
  Result run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err);
  run.err.assign(std::istreambuf_iterator<char>(in), {});
  return run;
}

const nlohmann::json* find_plugin(const nlohmann::json& plugins, const std::string& file) {
  for (const auto& p : plugins) {
    if (fs::path(p["path"].get<std::string>()).filename() == file) return &p;
  }
  return nullptr;
}

TEST(Cli, PluginsListsEveryPluginFile) {
  const Result run = axon("plugins");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("loaded   "));
  EXPECT_THAT(run.out, HasSubstr("libaxon_cpu.so"));
  EXPECT_THAT(run.out, HasSubstr("activation ("));
  EXPECT_THAT(run.out, HasSubstr(" rejected\n"));
}

TEST(Cli, PluginsVerboseShowsTheSearchFolders) {
  const Result run = axon("plugins --verbose");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("search folders, in order:"));
  EXPECT_THAT(run.out, HasSubstr("lib/axon/plugins"));
  EXPECT_THAT(run.out, HasSubstr("found via: default"));
  EXPECT_THAT(run.out, HasSubstr("relu:cpu"));  // kernels are listed one by one
}

TEST(Cli, PluginsJsonParses) {
  const Result run = axon("plugins --json");
  ASSERT_EQ(run.code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_TRUE(j["plugins"].is_array());
  const auto* cpu = find_plugin(j["plugins"], "libaxon_cpu.so");
  ASSERT_NE(cpu, nullptr) << run.out;
  EXPECT_TRUE((*cpu)["loaded"].get<bool>());
  EXPECT_EQ((*cpu)["origin"], "default");
  EXPECT_EQ((*cpu)["registered"]["device"], nlohmann::json::array({"cpu"}));
  EXPECT_EQ((*cpu)["abi_version"], AXON_PLUGIN_ABI_VERSION);
  EXPECT_FALSE(j["search_dirs"].empty());
}

TEST(Cli, DevicesShowsEachTypeAndTheBest) {
  const Result run = axon("devices --coverage");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("cpu (priority"));
  EXPECT_THAT(run.out, HasSubstr("  cpu:0  "));
  EXPECT_THAT(run.out, HasSubstr("native primitives: "));
  EXPECT_THAT(run.out, HasSubstr("best device: cpu:0\n"));
}

TEST(Cli, EmptyPluginFolderIsAClearError) {
  TempDir empty;
  const std::string env =
      fmt::format("AXON_NO_DEFAULT_PLUGINS=1 AXON_PLUGIN_PATH={}", empty.path.string());
  const Result devices = axon("devices", env);
  EXPECT_EQ(devices.code, 1);
  EXPECT_EQ(devices.out, "");
  EXPECT_THAT(devices.err, HasSubstr("axon: error: no device backend is loaded: no plugins were "
                                     "found (searched: " +
                                     empty.path.string() + ")"));
  const Result plugins = axon("plugins", env);
  EXPECT_EQ(plugins.code, 0);
  EXPECT_THAT(plugins.out, HasSubstr("no plugin files found in: " + empty.path.string()));
}

TEST(Cli, PluginPathLoadsAPluginBeforeTheDefaultFolder) {
  TempDir dir;
  const fs::path good = fs::path(AXON_TEST_FIXTURE_DIR) / "libaxon_test_good.so";
  fs::create_symlink(good, dir.path / "libaxon_test_good.so");
  const std::string env = "AXON_PLUGIN_PATH=" + dir.path.string();
  const Result run = axon("plugins --json", env);
  ASSERT_EQ(run.code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["search_dirs"][0], dir.path.string());
  ASSERT_FALSE(j["plugins"].empty());
  const auto& first = j["plugins"][0];  // AXON_PLUGIN_PATH comes before the default folder
  EXPECT_EQ(first["path"], fs::canonical(good).string());
  EXPECT_EQ(first["origin"], "AXON_PLUGIN_PATH");
  EXPECT_TRUE(first["loaded"].get<bool>()) << first["reason"];
  EXPECT_EQ(first["registered"]["layer"], nlohmann::json::array({"test_scale"}));

  const Result devices = axon("devices", env);
  ASSERT_EQ(devices.code, 0) << devices.err;
  EXPECT_THAT(devices.out, HasSubstr("  testdev:1  test device"));
  EXPECT_THAT(devices.out, HasSubstr("testgone (priority -101"));
  EXPECT_THAT(devices.out, HasSubstr("  unavailable: no test hardware here"));
}

TEST(Cli, BadPluginsAreRejectedAndTheRestLoad) {
  const std::string env =
      fmt::format("AXON_NO_DEFAULT_PLUGINS=1 AXON_PLUGIN_PATH={}", AXON_TEST_FIXTURE_DIR);
  const Result run = axon("plugins --json", env);
  ASSERT_EQ(run.code, 0) << run.err;
  const auto plugins = nlohmann::json::parse(run.out)["plugins"];
  auto reason = [&](const std::string& file) {
    const auto* p = find_plugin(plugins, file);
    return p == nullptr ? "(missing)" : (*p)["reason"].get<std::string>();
  };
  EXPECT_THAT(reason("libaxon_test_bad_abi.so"), HasSubstr("has plugin ABI version 999"));
  EXPECT_THAT(reason("libaxon_test_garbage.so"), HasSubstr("invalid ELF header"));
  EXPECT_EQ(reason("libaxon_test_not_plugin.so"), "not an axon plugin: no symbol axon_plugin_abi");
  EXPECT_THAT(reason("libaxon_test_throws.so"), HasSubstr("refusing to register"));
  EXPECT_EQ(reason("libaxon_test_good.so"), "");
  // Without the activations plugin, the name "relu" is free.
  EXPECT_EQ(reason("libaxon_test_dup.so"), "");
  std::vector<std::string> files;
  for (const auto& p : plugins) files.push_back(fs::path(p["path"].get<std::string>()).filename());
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
}

TEST(Cli, UsageErrorsExitWithOne) {
  const Result run = axon("frobnicate");
  EXPECT_EQ(run.code, 1);
  EXPECT_FALSE(run.err.empty());
  EXPECT_EQ(axon("devices --no-such-flag").code, 1);
  EXPECT_EQ(axon("--help").code, 0);
}

}  // namespace
