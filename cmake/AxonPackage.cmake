# Install rules and the package config, so that out-of-tree plugins and
# applications can use find_package(axon).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
