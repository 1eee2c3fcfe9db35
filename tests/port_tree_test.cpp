// `axon port` on a whole tree (port::port_tree): what is rewritten, what is
// copied byte for byte, and which outputs it refuses.
#include <axon/error.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "port/tree.h"

namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

axon::port::PortOptions options(const fs::path& source, const fs::path& output,
                                const std::string& to = "mlu") {
  axon::port::PortOptions o;
  o.source = source;
  o.output = output;
  o.to = to;
  return o;
}

std::string error_of(const axon::port::PortOptions& o) {
  try {
    axon::port::port_tree(o);
  } catch (const axon::Error& e) {
    return e.what();
  }
  return "(no error)";
}

class PortTree : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "axon_port_tree_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    src_ = dir_ / "app";
    write(src_ / "main.cpp", "auto& d = axon::device(\"cuda\");\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  axon::port::Report port(const fs::path& output, bool dry_run = false) {
    axon::port::PortOptions o = options(src_, output);
    o.dry_run = dry_run;
    return axon::port::port_tree(o);
  }

  fs::path dir_, src_;
};

TEST_F(PortTree, RewritesWhatItKnowsAndCopiesTheRestByteForByte) {
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  write(src_ / "data/weights.bin", binary);
  write(src_ / "tools/train.py", "device = torch.device(\"cuda\")\n");
  write(src_ / "tools/run", "#!/bin/bash\n./app --device cuda\n");
  fs::permissions(src_ / "tools/run", fs::perms::owner_all);
  write(src_ / "legacy.cpp", "const char* d = \"cuda\"; // caf\xE9\n");
  write(src_ / ".hidden/notes.txt", "cuda everywhere\n");
  fs::create_symlink("main.cpp", src_ / "link.cpp");
  ASSERT_EQ(mkfifo((src_ / "queue").c_str(), 0600), 0);

  const axon::port::Report report = port(dir_ / "out");
  const fs::path out = dir_ / "out";
  EXPECT_EQ(read(out / "main.cpp"), "auto& d = axon::device(\"mlu\");\n");
  EXPECT_EQ(read(out / "tools/run"), "#!/bin/bash\n./app --device mlu\n");
  EXPECT_EQ(fs::status(out / "tools/run").permissions(), fs::perms::owner_all);
  for (const char* same : {"data/weights.bin", "tools/train.py", "legacy.cpp", ".hidden/notes.txt"})
    EXPECT_EQ(read(out / same), read(src_ / same)) << same;
  EXPECT_EQ(fs::read_symlink(out / "link.cpp"), "main.cpp");

  EXPECT_EQ(report.files, 7);
  EXPECT_EQ(report.files_scanned, 2);  // main.cpp and tools/run; legacy.cpp is not UTF-8
  EXPECT_EQ(report.files_changed, 2);
  ASSERT_EQ(report.review.size(), 2u);
  EXPECT_EQ(report.review[0].file, "legacy.cpp");
  EXPECT_EQ(report.review[0].finding.rule, "invalid-utf8");
  EXPECT_EQ(report.review[1].file, "queue");
  EXPECT_EQ(report.review[1].finding.rule, "special-file");
  EXPECT_FALSE(fs::exists(out / "queue"));
  EXPECT_TRUE(fs::exists(out / "report.md"));
  EXPECT_TRUE(fs::exists(out / "report.json"));
}

TEST_F(PortTree, ReplacesAPreviousPortAndRefusesAnyOtherFolder) {
  port(dir_ / "out");
  write(dir_ / "out/stale.txt", "from an older port\n");
  port(dir_ / "out");
  EXPECT_FALSE(fs::exists(dir_ / "out/stale.txt"));

  write(dir_ / "mine/keep.txt", "mine\n");
  EXPECT_THAT(
      error_of(options(src_, dir_ / "mine")),
      HasSubstr(fmt::format("the output folder '{}' is not empty and is not a previous port",
                            (dir_ / "mine").string())));
  EXPECT_EQ(read(dir_ / "mine/keep.txt"), "mine\n");
  EXPECT_THAT(error_of(options(src_, src_ / "ported")), HasSubstr("is inside the source folder"));
  EXPECT_THAT(error_of(options(src_, dir_)), HasSubstr("is inside the output"));
  EXPECT_THAT(error_of(options(dir_ / "nosuch", "")),
              HasSubstr(fmt::format("expected a source folder, got '{}' (no such file or folder)",
                                    (dir_ / "nosuch").string())));
  EXPECT_THAT(error_of(options(src_, "", "mlu:1")),
              HasSubstr("--to: expected a device type other than cuda (mlu, cpu), got 'mlu:1'"));
}

TEST_F(PortTree, DefaultOutputDryRunAndReportsInTheSource) {
  const axon::port::Report dry = port("", true);
  EXPECT_EQ(dry.output, (dir_ / "app_mlu").string());
  EXPECT_TRUE(dry.dry_run);
  EXPECT_EQ(dry.changes.size(), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "app_mlu"));
  EXPECT_EQ(fs::directory_iterator(dir_)->path(), src_);  // no temporary folder left

  // A previous port's reports are replaced; a report of the user's own is refused.
  port(dir_ / "out");
  src_ = dir_ / "out";
  EXPECT_EQ(port(dir_ / "again").files, 1);
  write(dir_ / "app/report.md", "my notes\n");
  EXPECT_THAT(error_of(options(dir_ / "app", dir_ / "third")),
              HasSubstr("has a report.md of its own at its root"));
}

}  // namespace
