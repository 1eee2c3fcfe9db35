// The subcommands of the `axon` tool. Each adds itself to the app; its
// callback runs the command and throws axon::Error for the user's mistakes
// (main prints the message and exits with 1).
#pragma once

#include <CLI/CLI.hpp>

namespace axon::cli {

// axon plugins [--verbose] [--json]: every plugin file and what became of it.
void add_plugins_command(CLI::App& app);
// axon devices [--coverage]: every device type, its devices, and the best one.
void add_devices_command(CLI::App& app);
// axon conformance [--device D] [--op REGEX] [--grad] [--csv]: each primitive op
// on each device compared with the cpu; exits 1 when one fails.
void add_conformance_command(CLI::App& app);
// axon port SRC [--from cuda] [--to mlu] [-o OUT] [--dry-run] [--strict] [--rules]:
// copies an application's tree, rewritten for another device, with a report.
void add_port_command(CLI::App& app);

}  // namespace axon::cli
