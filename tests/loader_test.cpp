// The plugin loader, the registry and the device registry, with the fixture
// plugins of tests/plugins (loaded explicitly: they are not in the default
// plugin folder). Default plugins load once per process; tests that need
// another environment (AXON_PLUGIN_PATH) run the `axon` tool (cli_test.cpp).
#include <axon/dispatcher.h>
#include <axon/error.h>
#include <axon/nn.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "test_util.h"

#include <filesystem>

namespace {

using testing::HasSubstr;
using testing::StartsWith;

std::string fixture(const std::string& name) {
  return std::string(AXON_TEST_FIXTURE_DIR) + "/libaxon_" + name + ".so";
}

using axon::testing_util::error_of;

// The good fixture: layer test_scale, optimizer test_opt, device types testdev
// (2 devices) and testgone (unavailable), kernel test_fused on testdev.
const axon::PluginReport& good_plugin() {
  static const axon::PluginReport report = axon::load_plugin(fixture("test_good"));
  return report;
}

TEST(Loader, LoadsAGoodPluginExplicitly) {
  const auto& r = good_plugin();
  ASSERT_TRUE(r.loaded) << r.reason;
  EXPECT_EQ(r.origin, "explicit");
  EXPECT_EQ(r.name, "test_good");
  EXPECT_EQ(r.abi_version, AXON_PLUGIN_ABI_VERSION);
  EXPECT_EQ(r.axon_version, AXON_VERSION_STRING);
  EXPECT_THAT(r.registered,
              testing::Contains(std::make_pair(std::string("layer"), std::string("test_scale"))));
  EXPECT_EQ(axon::registry_entry("layer", "test_scale").library, r.path);
  EXPECT_EQ(axon::make_layer("test_scale", {{"factor", int64_t{3}}})->describe(),
            "TestScale(factor=3.0, tag=None)");
}

TEST(Loader, NeverLoadsTheSameFileTwice) {
  const auto& first = good_plugin();
  const auto again =
      axon::load_plugin(std::string(AXON_TEST_FIXTURE_DIR) + "/./libaxon_test_good.so");
  EXPECT_TRUE(again.loaded) << again.reason;
  EXPECT_EQ(again.path, first.path);
  const auto reports = axon::plugin_reports();
  EXPECT_EQ(std::count_if(reports.begin(), reports.end(),
                          [&](const auto& r) { return r.path == first.path; }),
            1);
}

TEST(Loader, RejectsAWrongAbiNamingTheFileAndBothVersions) {
  const auto r = axon::load_plugin(fixture("test_bad_abi"));
  EXPECT_FALSE(r.loaded);
  EXPECT_EQ(r.abi_version, 999u);
  EXPECT_EQ(r.reason,
            fmt::format("{} has plugin ABI version 999, this axon {} expects ABI version {} "
                        "(rebuild the plugin against it)",
                        fixture("test_bad_abi"), AXON_VERSION_STRING, AXON_PLUGIN_ABI_VERSION));
}

TEST(Loader, RejectsAnotherStandardLibrary) {
  const auto r = axon::load_plugin(fixture("test_bad_stdlib"));
  EXPECT_FALSE(r.loaded);
  EXPECT_EQ(r.reason, fmt::format("{} was built with libc++ 170000, this axon with {} (C++ objects "
                                  "cannot cross them)",
                                  fixture("test_bad_stdlib"), AXON_STDLIB_ID));
}

TEST(Loader, RejectsALibraryThatIsNotAPlugin) {
  const auto r = axon::load_plugin(fixture("test_not_plugin"));
  EXPECT_FALSE(r.loaded);
  EXPECT_EQ(r.reason, "not an axon plugin: no symbol axon_plugin_abi");
}

TEST(Loader, RejectsAFileThatIsNotALibraryWithDlopensMessage) {
  const auto r = axon::load_plugin(fixture("test_garbage"));
  EXPECT_FALSE(r.loaded);
  EXPECT_EQ(r.reason, fmt::format("cannot open: {}: invalid ELF header", fixture("test_garbage")));
}

TEST(Loader, RejectsAMissingFile) {
  const auto r = axon::load_plugin("/nonexistent/libaxon_nothing.so");
  EXPECT_FALSE(r.loaded);
  EXPECT_THAT(r.reason, HasSubstr("No such file or directory"));
}

TEST(Loader, RejectsAPluginWhoseRegisterThrowsAndLoadsTheOthers) {
  const auto r = axon::load_plugin(fixture("test_throws"));
  EXPECT_FALSE(r.loaded);
  EXPECT_EQ(r.reason,
            "axon_plugin_register threw: test_throws: refusing to register (test fixture)");
  EXPECT_TRUE(r.registered.empty());
  EXPECT_THAT(error_of([] { axon::registry_entry("layer", "test_never"); }),
              StartsWith("unknown layer 'test_never'"));
  EXPECT_TRUE(good_plugin().loaded);
}

TEST(Loader, RefusesATakenNameNamingBothLibraries) {
  axon::load_default_plugins();
  const std::string owner =
      axon::registry_entry("layer", "relu").library;  // the activations plugin
  const auto r = axon::load_plugin(fixture("test_dup"));
  EXPECT_FALSE(r.loaded);
  EXPECT_EQ(r.reason, fmt::format("layer 'relu' is already registered by {} (while loading {})",
                                  owner, fixture("test_dup")));
  // Nothing of a refused plugin is registered, not even its free names.
  EXPECT_THAT(error_of([] { axon::make_layer(std::string("test_dup_only")); }),
              StartsWith("unknown layer 'test_dup_only'"));
  EXPECT_EQ(axon::registry_entry("layer", "relu").library, owner);
}

TEST(Loader, RejectsAPluginWhoseDeviceFactoryThrows) {
  const auto r = axon::load_plugin(fixture("test_bad_device"));
  EXPECT_FALSE(r.loaded);
  EXPECT_EQ(r.reason,
            "device type 'testbroken': creating its devices failed: testbroken: the simulated "
            "driver failed (test fixture)");
  EXPECT_THAT(error_of([] { axon::device("testbroken"); }),
              StartsWith("unknown device type 'testbroken'"));
}

TEST(Loader, DefaultFolderIsNextToTheCoreLibrary) {
  namespace fs = std::filesystem;
  const auto dirs = axon::plugin_search_dirs();
  ASSERT_FALSE(dirs.empty());
  const fs::path expected = fs::path(AXON_TEST_BIN_DIR).parent_path() / "lib" / "axon" / "plugins";
  EXPECT_EQ(fs::weakly_canonical(dirs.back()), fs::weakly_canonical(expected));
}

TEST(Registrar, CommitsAllOrNothing) {
  const std::string good = good_plugin().path;
  auto layer = [](const axon::Options&) -> axon::LayerPtr { return nullptr; };
  axon::Registrar taken("in-process test");
  taken.add_layer("test_inproc_free", "layer", "", {}, layer);
  taken.add_layer("test_scale", "activation", "", {}, layer);
  EXPECT_EQ(taken.pending().size(), 2u);
  EXPECT_EQ(error_of([&] { taken.commit(); }),
            fmt::format("activation 'test_scale' is already registered by {} (while loading "
                        "in-process test)",
                        good));
  EXPECT_THAT(error_of([] { axon::registry_entry("layer", "test_inproc_free"); }),
              StartsWith("unknown layer"));

  axon::Registrar kernel("in-process test");
  kernel.add_kernel("test_fused", "testdev", [](const axon::KernelArgs&) {});
  EXPECT_EQ(error_of([&] { kernel.commit(); }),
            fmt::format("kernel 'test_fused' for device type 'testdev' is already registered by "
                        "{} (while loading in-process test)",
                        good));

  axon::Registrar twice("in-process test");
  twice.add_loss("test_inproc_loss", "", {}, [](const axon::Options&) { return nullptr; });
  twice.add_loss("test_inproc_loss", "", {}, [](const axon::Options&) { return nullptr; });
  EXPECT_EQ(error_of([&] { twice.commit(); }),
            "loss 'test_inproc_loss' is registered twice by in-process test");
}

TEST(Registry, UnknownNameListsKnownAndClosestMatch) {
  ASSERT_TRUE(good_plugin().loaded);
  const std::string e =
      error_of([] { axon::make_optimizer("test_op", std::vector<axon::ParamGroup>(1)); });
  EXPECT_THAT(e, StartsWith("unknown optimizer 'test_op' (did you mean 'test_opt'?; known: "));
  EXPECT_THAT(e, HasSubstr("test_opt"));
  EXPECT_THAT(error_of([] { axon::registry_entry("layer", "zzzzzzzz"); }),
              StartsWith("unknown layer 'zzzzzzzz' (known: "));
  EXPECT_THAT(error_of([] { axon::registry_entry("", "test_scal"); }),
              StartsWith("unknown name 'test_scal' (did you mean 'test_scale'?; known: "));
  EXPECT_THAT(error_of([] { axon::registry_entry("activation", "test_scale"); }),
              StartsWith("unknown activation 'test_scale'"));
}

TEST(Registry, OptimizerGroupsAreDefaultsOverriddenByTheGroup) {
  ASSERT_TRUE(good_plugin().loaded);
  std::vector<axon::ParamGroup> groups(2);
  groups[1].options.set("lr", 0.5);
  auto opt = axon::make_optimizer("test_opt", groups, {{"momentum", 0.9}});
  const auto& g = opt->param_groups();
  EXPECT_EQ(g[0].options.str(), "lr=0.1, momentum=0.9, l1=0.0");
  EXPECT_EQ(g[1].options.str(), "lr=0.5, momentum=0.9, l1=0.0");
  groups[1].options.set("lrr", 1.0);
  EXPECT_EQ(error_of([&] { axon::make_optimizer("test_opt", groups); }),
            "test_opt: unknown option 'lrr' (known: lr, momentum, l1) (did you mean 'lr'?)");
  EXPECT_EQ(error_of([] { axon::make_optimizer("test_opt", axon::TensorList{}); }),
            "test_opt: optimizer got an empty parameter list");
}

TEST(Registry, MakesLayersFromJson) {
  ASSERT_TRUE(good_plugin().loaded);
  auto spec = nlohmann::json::parse(R"({"type": "test_scale", "factor": 4, "tag": "x"})");
  EXPECT_EQ(axon::make_layer_from_json(spec)->describe(), "TestScale(factor=4.0, tag=x)");
  auto list = nlohmann::json::parse(R"([{"type": "test_scale"}, {"type": "relu"}])");
  EXPECT_EQ(axon::make_layer_from_json(list)->children().size(), 2u);
  EXPECT_THAT(error_of([] { axon::make_layer_from_json(nlohmann::json(42)); }),
              HasSubstr("expected {\"type\": name, ...options} or a list of them, got 42"));
  EXPECT_EQ(
      error_of([] {
        axon::make_layer_from_json(nlohmann::json::parse(R"({"type": "test_scale", "factr": 1})"));
      }),
      "test_scale: unknown option 'factr' (known: factor, tag) (did you mean 'factor'?)");
  EXPECT_THAT(error_of([] {
                axon::make_layer_from_json(
                    nlohmann::json::parse(R"({"type": "test_scale", "layers": []})"));
              }),
              HasSubstr("'test_scale' is not a container"));
}

TEST(Registry, EntriesAreSortedAndFilteredByKind) {
  ASSERT_TRUE(good_plugin().loaded);
  const auto all = axon::registry_entries();
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  }));
  const auto optimizers = axon::registry_entries("optimizer");
  EXPECT_TRUE(std::all_of(optimizers.begin(), optimizers.end(),
                          [](const auto& e) { return e.kind == "optimizer"; }));
  const auto& entry = axon::registry_entry("optimizer", "test_opt");
  EXPECT_EQ(entry.description, "does nothing");
  EXPECT_EQ(entry.schema.names(), (std::vector<std::string>{"lr", "momentum", "l1"}));
}

TEST(Registry, NnHelpersBuildRegisteredLayers) {
  auto model =
      axon::nn::Sequential({axon::nn::Linear(2, 4), axon::nn::ReLU(), axon::nn::Linear(4, 3)});
  ASSERT_EQ(model->children().size(), 3u);
  EXPECT_EQ(model->children()[0].first, "0");
  EXPECT_EQ(model->children()[0].second->describe(),
            "Linear(in_features=2, out_features=4, bias=true)");
  EXPECT_EQ(model->num_parameters(), 2 * 4 + 4 + 4 * 3 + 3);
}

TEST(Devices, ParsesSpecsAndIndexes) {
  ASSERT_TRUE(good_plugin().loaded);
  EXPECT_EQ(axon::device("testdev").name(), "testdev:0");
  EXPECT_EQ(axon::device("testdev:1").index(), 1);
  EXPECT_EQ(axon::device("testdev:1").type_id(), axon::dispatch::device_type_id("testdev"));
  EXPECT_EQ(error_of([] { axon::device("testdev:2"); }),
            "device 'testdev:2' is out of range (testdev has 2 devices)");
  EXPECT_EQ(error_of([] { axon::device("testgone"); }),
            "device 'testgone' is unavailable: no test hardware here");
  EXPECT_THAT(error_of([] { axon::device("testdevv"); }),
              StartsWith("unknown device type 'testdevv' (did you mean 'testdev'?; known: "));
  EXPECT_THAT(error_of([] { axon::device("testdev:x"); }),
              StartsWith("invalid device 'testdev:x'"));
  EXPECT_THAT(error_of([] { axon::device(":1"); }), StartsWith("invalid device ':1'"));
}

TEST(Devices, TypesBestDeviceAndSeeds) {
  ASSERT_TRUE(good_plugin().loaded);
  const auto types = axon::device_types();
  const auto gone =
      std::find_if(types.begin(), types.end(), [](const auto& t) { return t.type == "testgone"; });
  ASSERT_NE(gone, types.end());
  EXPECT_TRUE(gone->devices.empty());
  EXPECT_EQ(gone->library, good_plugin().path);
  EXPECT_TRUE(std::is_sorted(types.begin(), types.end(),
                             [](const auto& a, const auto& b) { return a.priority > b.priority; }));
  // The cpu backend outranks the fixture's devices.
  EXPECT_EQ(axon::best_device().name(), "cpu:0");
  axon::manual_seed(42);
  EXPECT_EQ(axon::device("testdev:1").generator().seed, 42u);
  EXPECT_EQ(axon::device("testdev:1").generator().offset, 0u);
}

}  // namespace
