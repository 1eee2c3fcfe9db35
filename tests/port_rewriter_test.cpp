// The rewriter of `axon port` on the inputs where text-replacing tools go
// wrong: "cuda" in comments, identifiers and paths, raw and multi-line
// strings, escaped quotes, #if blocks, invalid UTF-8; per language.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "port/report.h"
#include "port/rewriter.h"

namespace {

using axon::port::FilePort;
using axon::port::Language;
using testing::ElementsAre;
using testing::Pair;

FilePort port(std::string_view text, Language language = Language::cxx) {
  return axon::port::port_text(text, language, "mlu");
}

// (line, "rule,rule") per changed line.
std::vector<std::pair<int, std::string>> changed_lines(const FilePort& p) {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& c : p.changes)
    out.emplace_back(c.line, fmt::format("{}", fmt::join(c.rules, ",")));
  return out;
}

// (line, "rule: found") per review item.
std::vector<std::pair<int, std::string>> review(const FilePort& p) {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& f : p.review) out.emplace_back(f.line, f.rule + ": " + f.found);
  return out;
}

// Porting the port changes nothing.
void expect_idempotent(const FilePort& first, Language language) {
  const FilePort again = port(first.text, language);
  EXPECT_TRUE(again.changes.empty()) << again.changes.front().before;
  EXPECT_EQ(again.text, first.text);
}

TEST(PortRewriter, RewritesDeviceStringsOfTheDeviceApi) {
  const FilePort p = port(
      "auto& d = axon::device(\"cuda:1\");\n"
      "const char* name = axon::is_available(\"cuda\") ? \"cuda\" : \"cpu\";\n"
      "if (d.type() == u8\"cuda\") {}\n");
  EXPECT_EQ(p.text,
            "auto& d = axon::device(\"mlu:1\");\n"
            "const char* name = axon::is_available(\"mlu\") ? \"mlu\" : \"cpu\";\n"
            "if (d.type() == u8\"mlu\") {}\n");
  EXPECT_THAT(changed_lines(p), ElementsAre(Pair(1, "device-string"), Pair(2, "device-string"),
                                            Pair(3, "device-string")));
  EXPECT_EQ(p.changes[0].before, "auto& d = axon::device(\"cuda:1\");");
  EXPECT_EQ(p.changes[0].after, "auto& d = axon::device(\"mlu:1\");");
  expect_idempotent(p, Language::cxx);
}

TEST(PortRewriter, LeavesCommentsIdentifiersAndPathsAlone) {
  const std::string text =
      "// runs on \"cuda\" (--device cuda)\n"
      "/* \"cuda:0\" */ int my_cuda_helper = cuda_count;\n"
      "const char* data = \"/opt/cuda/data.bin\", *other = \"cuda_fast\", *up = \"CUDA\";\n"
      "const char* message = \"cuda is not available\";  // \"cuda\"\n"
      "// a comment whose line ends in a backslash goes on \\\n"
      "   auto d = \"cuda\";\n";
  const FilePort p = port(text);
  EXPECT_EQ(p.text, text);
  EXPECT_TRUE(p.changes.empty());
  EXPECT_TRUE(p.review.empty());
}

TEST(PortRewriter, KnowsRawAndMultiLineStrings) {
  const FilePort p = port(
      "auto exact = R\"(cuda)\";\n"  // 1: a raw string that is a device name
      "auto config = R\"x({\"device\": \"cuda\"} )\" still)x\";\n"  // 2: ends at )x" only
      "auto usage = R\"(\n"                                         // 3
      "  train --device cuda\n"                                     // 4: a flag in the text
      "  // \"cuda:1\" is no comment here\n"                        // 5
      ")\";\n"                                                      // 6
      "auto continued = \"two \\\n"                                 // 7: a string continued on
      "lines\"; auto d = \"cuda\";\n");                             // 8: the next line
  EXPECT_THAT(changed_lines(p), ElementsAre(Pair(1, "device-string"), Pair(4, "device-flag"),
                                            Pair(8, "device-string")));
  EXPECT_THAT(p.text, testing::HasSubstr("R\"(mlu)\""));
  EXPECT_THAT(p.text, testing::HasSubstr("  train --device mlu\n"));
  EXPECT_THAT(review(p), ElementsAre(Pair(2, "embedded-device-string: cuda"),
                                     Pair(5, "embedded-device-string: cuda:1")));
  expect_idempotent(p, Language::cxx);
}

TEST(PortRewriter, KnowsEscapedQuotesCharLiteralsAndDigitSeparators) {
  const FilePort p = port(
      "auto a = \"\\\"\"; auto b = \"cuda\";\n"
      "auto c = \"\\\\\"; auto d = \"cuda:1\";\n"
      "auto e = \"{\\\"device\\\": \\\"cuda\\\"}\";\n"
      "char q = '\"'; auto f = \"cuda\";\n"
      "int n = 1'000; auto g = \"cuda\"; char h = '\\'';\n");
  EXPECT_THAT(changed_lines(p), ElementsAre(Pair(1, "device-string"), Pair(2, "device-string"),
                                            Pair(4, "device-string"), Pair(5, "device-string")));
  EXPECT_THAT(review(p), ElementsAre(Pair(3, "embedded-device-string: cuda")));
  EXPECT_THAT(p.text, testing::HasSubstr("auto d = \"mlu:1\";"));
}

TEST(PortRewriter, ScansEveryBranchOfIfBlocks) {
  const FilePort p = port(
      "#if AXON_WITH_CUDA\n"
      "#include <cuda_runtime.h>\n"
      "#include \"cuda_helpers.h\"\n"
      "void* pinned(size_t n) { void* p; cudaMallocHost(&p, n); return p; }\n"
      "#else\n"
      "static const char* kDevice = \"cuda:0\";\n"
      "#endif\n"
      "#error \"cuda\" can't be used: don't build\n"
      "#define DEFAULT_DEVICE \\\n"
      "  \"cuda\"\n");
  EXPECT_THAT(changed_lines(p), ElementsAre(Pair(6, "device-string"), Pair(10, "device-string")));
  EXPECT_THAT(review(p), ElementsAre(Pair(2, "cuda-include: cuda_runtime.h"),
                                     Pair(4, "cuda-runtime-api: cudaMallocHost")));
  EXPECT_THAT(p.text, testing::StartsWith("#if AXON_WITH_CUDA\n"));
}

TEST(PortRewriter, ListsKernelsAndLibraryCallsWithoutTouchingThem) {
  const std::string text =
      "__global__ void scale(float* x) { x[threadIdx.x] *= 2; }\n"
      "scale<<<1, 32>>>(x); cudaMemcpy(h, x, n, cudaMemcpyDeviceToHost);\n"
      "cublasSgemm(handle, CUBLAS_OP_N); cudnnCreate(&dnn);\n";
  const FilePort p = port(text);
  EXPECT_EQ(p.text, text);
  EXPECT_THAT(review(p),
              ElementsAre(Pair(1, "cuda-kernel: __global__"), Pair(2, "cuda-kernel: <<<"),
                          Pair(2, "cuda-runtime-api: cudaMemcpy, cudaMemcpyDeviceToHost"),
                          Pair(3, "cuda-library-api: cublasSgemm, cudnnCreate")));
}

TEST(PortRewriter, CudaSourcesAreOnlyListed) {
  const std::string text =
      "#include \"k.cuh\"\nconst char* d = \"cuda\";\n__global__ void k() {}\n";
  const FilePort p = port(text, Language::cuda);
  EXPECT_EQ(p.text, text);
  EXPECT_TRUE(p.changes.empty());
  EXPECT_THAT(review(p),
              ElementsAre(Pair(0, "cuda-source: CUDA source"), Pair(1, "cuda-include: k.cuh"),
                          Pair(3, "cuda-kernel: __global__")));
}

TEST(PortRewriter, InvalidUtf8IsReportedAndLeftAsItIs) {
  const std::string text = "auto d = \"cuda\";\n// caf\xE9 \"cuda\"\n";
  const FilePort p = port(text);
  EXPECT_FALSE(p.scanned);
  EXPECT_EQ(p.text, text);
  EXPECT_THAT(review(p), ElementsAre(Pair(2, "invalid-utf8: byte 0xE9 at column 7")));
  // Overlong forms and surrogates are invalid too; real multi-byte text is not.
  EXPECT_FALSE(port("a \xC0\xAF").scanned);
  EXPECT_FALSE(port("a \xED\xA0\x80").scanned);
  EXPECT_FALSE(port("cut \xE2\x82").scanned);
  const FilePort utf8 = port("// caf\xC3\xA9 \xF0\x9F\x98\x80\nauto d = \"cuda\";\n");
  EXPECT_TRUE(utf8.scanned);
  EXPECT_THAT(changed_lines(utf8), ElementsAre(Pair(2, "device-string")));
}

TEST(PortRewriter, CMake) {
  const FilePort p = port(
      "# option(AXON_WITH_CUDA \"x\" ON) and --device cuda in a comment stay\n"
      "option(AXON_WITH_CUDA \"Build the \\\"CUDA\\\" kernels\" ON)\n"
      "set(AXON_WITH_CUDA AUTO CACHE STRING \"ON, OFF or AUTO\")\n"
      "enable_language(CUDA)\n"
      "find_package(CUDAToolkit REQUIRED)\n"
      "target_link_libraries(app PRIVATE CUDA::cudart)\n"
      "target_sources(app PRIVATE src/warmup.cu)\n"
      "add_test(NAME gpu COMMAND app --device cuda:0 #[[ --device cuda ]] )\n"
      "add_subdirectory(cuda)\n"
      "target_compile_definitions(app PRIVATE APP_DEVICE=\"cuda\" DATA=/opt/cuda/x.bin)\n",
      Language::cmake);
  EXPECT_THAT(changed_lines(p), ElementsAre(Pair(2, "build-option"), Pair(3, "build-option"),
                                            Pair(8, "device-flag"), Pair(10, "device-setting")));
  EXPECT_EQ(p.changes[0].after, "option(AXON_WITH_CUDA \"Build the \\\"CUDA\\\" kernels\" OFF)");
  EXPECT_EQ(p.changes[2].after,
            "add_test(NAME gpu COMMAND app --device mlu:0 #[[ --device cuda ]] )");
  EXPECT_THAT(review(p), ElementsAre(Pair(4, "cmake-cuda: enable_language(CUDA)"),
                                     Pair(5, "cmake-cuda: find_package(CUDAToolkit"),
                                     Pair(6, "cmake-cuda: CUDA::cudart"),
                                     Pair(7, "cmake-cuda: src/warmup.cu")));
  expect_idempotent(p, Language::cmake);
}

TEST(PortRewriter, ShellScriptsAndEnvFiles) {
  const FilePort p = port(
      "#!/bin/sh\n"
      "# on \"cuda\": --device cuda\n"
      "export AXON_DEVICE=cuda CUDA_VISIBLE_DEVICES=0\n"
      "./train --device \"${AXON_DEVICE:-cuda}\" --data /opt/cuda/d.bin --device=cuda:1  # cuda\n"
      "echo \"#1\" ${#args} it\\'s --device cuda\n"
      "command -v nvidia-smi && nvidia-smi -L\n"
      "cmake -S . -B build -DAXON_WITH_CUDA=ON\n",
      Language::shell);
  EXPECT_THAT(changed_lines(p),
              ElementsAre(Pair(3, "device-setting"), Pair(4, "device-setting,device-flag"),
                          Pair(5, "device-flag"), Pair(7, "build-option")));
  EXPECT_EQ(
      p.changes[1].after,
      "./train --device \"${AXON_DEVICE:-mlu}\" --data /opt/cuda/d.bin --device=mlu:1  # cuda");
  EXPECT_THAT(review(p), ElementsAre(Pair(3, "cuda-env: CUDA_VISIBLE_DEVICES"),
                                     Pair(6, "cuda-tool: nvidia-smi")));
  expect_idempotent(p, Language::shell);

  const FilePort env =
      port("AXON_DEVICE=cuda:0\n# AXON_DEVICE=cuda\nCUDA_HOME=/usr/local/cuda\n", Language::shell);
  EXPECT_EQ(env.text, "AXON_DEVICE=mlu:0\n# AXON_DEVICE=cuda\nCUDA_HOME=/usr/local/cuda\n");
  EXPECT_THAT(review(env), ElementsAre(Pair(3, "cuda-env: CUDA_HOME")));
}

TEST(PortRewriter, JsonValuesNotKeys) {
  const FilePort p = port(
      "{\"device\": \"cuda\", \"cuda\": \"cuda:1\", \"data\": \"/opt/cuda/x\",\n"
      " \"args\": [\"--device\", \"cuda\", \"--device=cuda\"],\n"
      " \"note\": \"say \\\"cuda\\\"\" // \"cuda\"\n"
      "}\n",
      Language::json);
  EXPECT_EQ(p.text,
            "{\"device\": \"mlu\", \"cuda\": \"mlu:1\", \"data\": \"/opt/cuda/x\",\n"
            " \"args\": [\"--device\", \"mlu\", \"--device=mlu\"],\n"
            " \"note\": \"say \\\"cuda\\\"\" // \"cuda\"\n"
            "}\n");
  EXPECT_THAT(changed_lines(p),
              ElementsAre(Pair(1, "device-string"), Pair(2, "device-string,device-flag")));
  EXPECT_THAT(review(p), ElementsAre(Pair(3, "embedded-device-string: cuda")));
}

TEST(PortRewriter, LanguageByName) {
  using axon::port::language_of;
  EXPECT_EQ(language_of("src/a.cpp", ""), Language::cxx);
  EXPECT_EQ(language_of("k.cuh", ""), Language::cuda);
  EXPECT_EQ(language_of("sub/CMakeLists.txt", ""), Language::cmake);
  EXPECT_EQ(language_of("cmake/deps.cmake", ""), Language::cmake);
  EXPECT_EQ(language_of("config/train.json", ""), Language::json);
  EXPECT_EQ(language_of(".env", ""), Language::shell);
  EXPECT_EQ(language_of(".env.local", ""), Language::shell);
  EXPECT_EQ(language_of("prod.env", ""), Language::shell);
  EXPECT_EQ(language_of("run", "#!/usr/bin/env bash\nset -e\n"), Language::shell);
  EXPECT_EQ(language_of("run", "#!/bin/sh\n"), Language::shell);
  EXPECT_EQ(language_of("run", "#!/usr/bin/python3\n"), Language::none);
  EXPECT_EQ(language_of("train.py", ""), Language::none);
  EXPECT_EQ(language_of("model.safetensors", ""), Language::none);
}

// Splits a Markdown table row into cells at the pipes that are not escaped.
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cell;
  for (size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '|' && row[i - 1] != '\\') {
      out.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return out;
}

TEST(PortReport, TableCellsKeepPipesAndBackticks) {
  axon::port::Report report;
  report.from = "cuda";
  report.to = "mlu";
  report.files = 1;
  report.changes.push_back(
      {"a|b.sh", {3, {"device-flag"}, "  x | y `--device cuda`", "  x | y `--device mlu`"}});
  report.review.push_back({"k.cu", {0, "cuda-source", "CUDA source"}});
  const std::string md = axon::port::report_markdown(report);
  EXPECT_THAT(md, testing::HasSubstr("| No. | File:Line | Rule | Before | After |\n"
                                     "|---|---|---|---|---|\n"));
  const size_t row = md.find("| 1 |");
  ASSERT_NE(row, std::string::npos) << md;
  const std::string line = md.substr(row, md.find('\n', row) - row);
  EXPECT_THAT(cells(line),
              ElementsAre(" 1 ", " `a\\|b.sh:3` ", " device-flag ",
                          " `` x \\| y `--device cuda` `` ", " `` x \\| y `--device mlu` `` "));
  EXPECT_THAT(md, testing::HasSubstr("| 1 | `k.cu` | cuda-source | `CUDA source` |\n"));
  EXPECT_THAT(md, testing::HasSubstr("- **cuda-source**: CUDA source, compiled by nvcc"));
}

}  // namespace
