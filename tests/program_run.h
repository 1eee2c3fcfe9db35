// Runs a program built next to the tests (AXON_TEST_BIN_DIR), or any shell
// command, and reads what it prints, for the end-to-end tests of the examples.
#pragma once

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace axon::testing_util {

struct ProgramRun {
  int status;
  std::string output;  // stdout and stderr
};

// Runs a shell command in `dir`; `status` is pclose's (0 when it exited with 0).
inline ProgramRun run_command(const std::filesystem::path& dir, const std::string& command) {
  ProgramRun result{-1, ""};
  FILE* pipe = ::popen(fmt::format("cd '{}' && ( {} ) 2>&1", dir.string(), command).c_str(), "r");
  if (pipe == nullptr) return result;
  char chunk[4096];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;)
    result.output.append(chunk, n);
  result.status = ::pclose(pipe);
  return result;
}

// Runs bin/<program> <args> in `dir`.
inline ProgramRun run_program(const std::filesystem::path& dir, const std::string& program,
                              const std::string& args) {
  const std::filesystem::path binary = std::filesystem::path(AXON_TEST_BIN_DIR) / program;
  EXPECT_TRUE(std::filesystem::exists(binary)) << binary << " is missing: build the examples first";
  return run_command(dir, fmt::format("'{}' {}", binary.string(), args));
}

// The captures of every match of `pattern` in `output`, as numbers: one row
// per match. In `pattern`, each {} stands for a captured number.
inline std::vector<std::vector<double>> numbers_matching(const std::string& output,
                                                         std::string pattern) {
  for (size_t at; (at = pattern.find("{}")) != std::string::npos;)
    pattern.replace(at, 2, "([-0-9.e+]+)");
  const std::regex re(pattern);
  std::vector<std::vector<double>> rows;
  for (auto it = std::sregex_iterator(output.begin(), output.end(), re);
       it != std::sregex_iterator(); ++it) {
    std::vector<double> row;
    for (size_t i = 1; i < it->size(); ++i) row.push_back(std::stod((*it)[i]));
    rows.push_back(row);
  }
  return rows;
}

}  // namespace axon::testing_util
