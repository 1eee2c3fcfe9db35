// axon port SRC [--from cuda] [--to mlu] [-o OUT] [--dry-run] [--strict]: the
// gpu2mlu exercise. Copies an application's tree to OUT (default SRC_mlu),
// rewriting what must change for it to run on the target device, and writes
// OUT/report.md and OUT/report.json; --dry-run writes nothing and prints
// report.md instead. `axon port --rules` prints the rule table.
#include <axon/error.h>
#include <fmt/format.h>

#include <memory>

#include "commands.h"
#include "port/tree.h"

namespace axon::cli {
namespace {

struct PortArgs {
  port::PortOptions options;
  bool strict = false;
  bool rules = false;
};

void run_port(const PortArgs& args) {
  if (args.rules) {
    fmt::print("{}", port::rules_markdown());
    return;
  }
  AXON_CHECK(!args.options.source.empty(),
             "port: expected the folder to port (axon port SRC --from cuda --to mlu)");
  const port::Report report = port::port_tree(args.options);
  if (report.dry_run) {
    fmt::print("{}", port::report_markdown(report));
  } else {
    fmt::print(
        "ported {} -> {}: {} files ({} scanned, {} changed, {} copied unchanged), {} lines "
        "changed, {} items need manual review\nwrote {} (report: {}/report.md)\n",
        report.from, report.to, report.files, report.files_scanned, report.files_changed,
        report.files - report.files_changed, report.changes.size(), report.review.size(),
        report.output, report.output);
  }
  AXON_CHECK(!args.strict || report.review.empty(),
             "port: --strict: {} items need manual review (see the report)", report.review.size());
}

}  // namespace

void add_port_command(CLI::App& app) {
  auto args = std::make_shared<PortArgs>();
  CLI::App* cmd = app.add_subcommand(
      "port", "Port an application's tree from CUDA to another device (gpu2mlu), with a report");
  cmd->add_option("source", args->options.source, "The application's folder");
  cmd->add_option("--from", args->options.from, "The device it was written for")
      ->capture_default_str();
  cmd->add_option("--to", args->options.to, "The device type to port it to")->capture_default_str();
  cmd->add_option("-o,--output", args->options.output,
                  "Where the port goes (default: SRC_<to>); a non-empty folder must be a previous "
                  "port, which is replaced");
  cmd->add_flag("--dry-run", args->options.dry_run,
                "Write nothing; print the report (report.md) on stdout");
  cmd->add_flag("--strict", args->strict, "Exit with 1 when anything needs manual review");
  cmd->add_flag("--rules", args->rules, "Print the rule table and exit");
  cmd->callback([args] { run_port(*args); });
}

}  // namespace axon::cli
