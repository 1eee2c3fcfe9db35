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

}  // namespace axon::cli
