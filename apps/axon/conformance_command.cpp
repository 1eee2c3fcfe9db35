// axon conformance [--device D] [--op REGEX] [--grad] [--csv]: runs every
// primitive op's conformance cases on each available device (or the one
// named) against the cpu, prints one line per op and device and a summary
// per device, and fails (exit 1) when any op fails.
#include <axon/conformance.h>
#include <axon/error.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>

#include "commands.h"

namespace axon::cli {
namespace {

struct ConformanceArgs {
  ConformanceOptions options;
  bool csv = false;
};

// What follows the status: the case count and largest nmse, or the message.
std::string detail(const ConformanceResult& r) {
  if (r.status == ConformanceStatus::ok)
    return fmt::format("({} cases, max nmse {:.1e})", r.cases, r.max_nmse);
  return r.message;
}

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void print_csv(const std::vector<ConformanceResult>& results) {
  fmt::print("device,op,status,cases,max_nmse,message\n");
  for (const auto& r : results)
    fmt::print("{},{},{},{},{:.3e},{}\n", r.device, r.op, status_name(r.status), r.cases,
               r.max_nmse, csv_field(r.message));
}

// Lines as "mlu:0   softmax               OK             (4 cases, max nmse 3.1e-15)",
// then one summary line per device.
void print_table(const std::vector<ConformanceResult>& results) {
  // Per device, the number of ops with each status (indexed by ConformanceStatus).
  std::map<std::string, std::array<int, 3>> counts;
  size_t device_width = 0, op_width = 0;  // of the columns
  for (const auto& r : results) {
    device_width = std::max(device_width, r.device.size() + 2);
    op_width = std::max(op_width, r.op.size() + 2);
  }
  for (const auto& r : results) {
    fmt::print("{:<{}}{:<{}}{:<15}{}\n", r.device, device_width, r.op, op_width,
               status_name(r.status), detail(r));
    ++counts[r.device][static_cast<size_t>(r.status)];
  }
  fmt::print("\n");
  for (const auto& [device, n] : counts)
    fmt::print("{}: {} ok, {} failed, {} not supported\n", device, n[0], n[1], n[2]);
}

void run(const ConformanceArgs& args) {
  const std::vector<ConformanceResult> results = run_conformance(args.options);
  if (args.csv) {
    print_csv(results);
  } else {
    print_table(results);
  }
  int failed = 0;
  for (const auto& r : results) failed += r.status == ConformanceStatus::fail;
  AXON_CHECK(failed == 0, "conformance: {} of {} op runs failed", failed, results.size());
}

}  // namespace

void add_conformance_command(CLI::App& app) {
  auto args = std::make_shared<ConformanceArgs>();
  CLI::App* cmd = app.add_subcommand(
      "conformance", "Compare each primitive op on each device with the cpu reference");
  cmd->add_option("--device", args->options.device,
                  "Only this device (\"mlu\", \"mlu:1\"); default: every available type");
  cmd->add_option("--op", args->options.op, "Only the primitives whose name matches this regex");
  cmd->add_flag("--grad", args->options.grad, "Also compare the gradients of the inputs");
  cmd->add_flag("--csv", args->csv, "Print device,op,status,cases,max_nmse,message rows");
  cmd->callback([args] { run(*args); });
}

}  // namespace axon::cli
