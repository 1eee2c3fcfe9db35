# Install rules and the package config, so that out-of-tree plugins and
# applications can use find_package(axon) against an install tree or, with
# axon_DIR=<build>/cmake-package, against the build tree.
include(CMakePackageConfigHelpers)

install(TARGETS axon_core EXPORT axonTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/axon DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        PATTERN "*.in" EXCLUDE)
install(FILES ${PROJECT_BINARY_DIR}/core/include/axon/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/axon)

set(AXON_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/axon)
install(EXPORT axonTargets NAMESPACE axon:: DESTINATION ${AXON_CMAKE_INSTALL_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/cmake/AxonPlugin.cmake ${PROJECT_SOURCE_DIR}/cmake/plugin_entry.cpp
        DESTINATION ${AXON_CMAKE_INSTALL_DIR})

# The config file is the same for both trees: it finds the dependencies that
# axon's public headers use, then the targets and axon_add_plugin().
set(config_in ${PROJECT_SOURCE_DIR}/cmake/axonConfig.cmake.in)
configure_package_config_file(${config_in} ${PROJECT_BINARY_DIR}/axonConfig.cmake
                              INSTALL_DESTINATION ${AXON_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/axonConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/axonConfig.cmake ${PROJECT_BINARY_DIR}/axonConfigVersion.cmake
        DESTINATION ${AXON_CMAKE_INSTALL_DIR})

# Build tree: <build>/cmake-package holds the same files, with the targets
# exported from the build.
set(build_pkg ${PROJECT_BINARY_DIR}/cmake-package)
export(EXPORT axonTargets NAMESPACE axon:: FILE ${build_pkg}/axonTargets.cmake)
file(COPY ${PROJECT_SOURCE_DIR}/cmake/AxonPlugin.cmake ${PROJECT_SOURCE_DIR}/cmake/plugin_entry.cpp
     DESTINATION ${build_pkg})
configure_package_config_file(${config_in} ${build_pkg}/axonConfig.cmake
                              INSTALL_DESTINATION ${build_pkg} INSTALL_PREFIX ${PROJECT_BINARY_DIR})
file(COPY ${PROJECT_BINARY_DIR}/axonConfigVersion.cmake DESTINATION ${build_pkg})
