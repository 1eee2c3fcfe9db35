// axon: the command line tool.
#include <axon/version.h>

#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"axon " AXON_VERSION_STRING ": deep learning where every piece is a plugin"};
  app.require_subcommand(1);
  app.set_version_flag("--version", AXON_VERSION_STRING);
  axon::cli::add_plugins_command(app);
  axon::cli::add_devices_command(app);
  axon::cli::add_conformance_command(app);
  axon::cli::add_port_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; usage errors print CLI11's message and exit 1.
    return app.exit(e) == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "axon: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
