// The `axon` tool, run as a subprocess: `plugins`, `plugins --json`,
// `devices`, and the environments a process can only be started with
// (AXON_PLUGIN_PATH, AXON_NO_DEFAULT_PLUGINS).
#include <axon/kernels.h>
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

TEST(Cli, DevicesShowsTheMluAndTheOpsItLeavesOut) {
  const Result run =
      axon("devices --coverage", "AXON_MLU_DEVICES=2 AXON_MLU_MEMORY=1G AXON_MLU_DISABLE=softmax");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("  mlu:1  axon simulated MLU, memory 1.0 GiB total"));
  EXPECT_THAT(run.out, HasSubstr("disabled ops: softmax"));
  const size_t total = axon::primitive_names().size();
  EXPECT_THAT(run.out, HasSubstr(fmt::format("native primitives: {} of {}", total - 1, total)));
  EXPECT_THAT(run.out, HasSubstr("without a kernel (fallback): softmax\n"));
}

TEST(Cli, BadMluSettingsMakeTheTypeUnavailableWithTheReason) {
  const Result run = axon("devices", "AXON_MLU_MEMORY=lots AXON_MLU_DISABLE=sofmax");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("unavailable: AXON_MLU_MEMORY: expected a size such as"));
  const Result typo = axon("devices", "AXON_MLU_DISABLE=sofmax");
  EXPECT_THAT(typo.out, HasSubstr("'sofmax' is not a primitive op (did you mean 'softmax'?)"));
  const Result none = axon("devices", "AXON_MLU_DEVICES=0");
  EXPECT_THAT(none.out, HasSubstr("unavailable: AXON_MLU_DEVICES=0"));
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

TEST(Cli, ConformancePrintsOneLinePerOpAndASummary) {
  const Result run = axon("conformance --device cpu --op '^add$'");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out,
              testing::MatchesRegex("cpu:0 +add +OK +\\([0-9]+ cases, max nmse [0-9.e+-]+\\)\n"
                                    "\ncpu:0: 1 ok, 0 failed, 0 not supported\n"));
}

TEST(Cli, ConformanceCsvHasAHeaderAndOneRowPerOp) {
  const Result run = axon("conformance --device cpu --op '^(exp|add)$' --grad --csv");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, testing::MatchesRegex("device,op,status,cases,max_nmse,message\n"
                                             "cpu:0,exp,OK,[0-9]+,[0-9.e+-]+,\n"
                                             "cpu:0,add,OK,[0-9]+,[0-9.e+-]+,\n"));
}

TEST(Cli, ConformanceReportsADeviceWithoutKernelsAsNotSupported) {
  TempDir dir;
  fs::create_symlink(fs::path(AXON_TEST_FIXTURE_DIR) / "libaxon_test_good.so",
                     dir.path / "libaxon_test_good.so");
  const Result run = axon("conformance --device testremote --op '^(exp|add)$'",
                          "AXON_PLUGIN_PATH=" + dir.path.string());
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(
      run.out,
      HasSubstr("testremote:0  exp  NOT SUPPORTED  no exp kernel for device type testremote\n"));
  EXPECT_THAT(run.out, HasSubstr("testremote:0: 0 ok, 0 failed, 2 not supported\n"));
}

TEST(Cli, ConformanceOnAnUnknownDeviceIsAnError) {
  const Result run = axon("conformance --device nosuch");
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.err, HasSubstr("axon: error: unknown device type 'nosuch'"));
}

TEST(Cli, UsageErrorsExitWithOne) {
  const Result run = axon("frobnicate");
  EXPECT_EQ(run.code, 1);
  EXPECT_FALSE(run.err.empty());
  EXPECT_EQ(axon("devices --no-such-flag").code, 1);
  EXPECT_EQ(axon("--help").code, 0);
}

}  // namespace

namespace {

TEST(Cli, DeviceMapSendsARequestToAnotherDeviceAndSaysSoOnce) {
  const Result run =
      axon("conformance --device cuda --op '^(add|exp)$'", "AXON_DEVICE_MAP=cuda:mlu");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("mlu:0: 2 ok, 0 failed, 0 not supported\n"));
  EXPECT_EQ(run.err, "axon: AXON_DEVICE_MAP: cuda -> mlu\n");
}

TEST(Cli, MalformedDeviceMapsAreClearErrors) {
  const std::string op = "conformance --device cpu --op '^add$'";
  EXPECT_THAT(axon(op, "AXON_DEVICE_MAP=cuda").err,
              HasSubstr("axon: error: AXON_DEVICE_MAP: expected FROM:TO device types separated by "
                        "commas (cuda:mlu), got 'cuda'"));
  EXPECT_THAT(axon(op, "AXON_DEVICE_MAP=cuda:mlu,").err,
              HasSubstr("expected FROM:TO device types separated by commas (cuda:mlu), got ''"));
  EXPECT_THAT(axon(op, "AXON_DEVICE_MAP=cuda:mlu:1").err, HasSubstr("got 'cuda:mlu:1'"));
  EXPECT_THAT(axon(op, "AXON_DEVICE_MAP=cpu:mlu").err,
              HasSubstr("AXON_DEVICE_MAP: the cpu cannot be remapped (got 'cpu:mlu')"));
  EXPECT_THAT(axon(op, "AXON_DEVICE_MAP=cuda:mlu,cuda:cpu").err,
              HasSubstr("AXON_DEVICE_MAP: 'cuda' is mapped twice (mlu and cpu)"));
  const Result unknown = axon("conformance --device cuda:0", "AXON_DEVICE_MAP=cuda:mlx");
  EXPECT_EQ(unknown.code, 1);
  // The known types include cuda where its backend was built.
  EXPECT_THAT(unknown.err,
              HasSubstr("unknown device type 'mlx' (did you mean 'mlu'?; known: cpu, "));
  EXPECT_THAT(unknown.err, HasSubstr("mlu) (AXON_DEVICE_MAP maps 'cuda:0' to 'mlx:0')"));
}

}  // namespace
