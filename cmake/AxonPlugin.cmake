# axon_add_plugin(<name> SOURCES <files...> [LIBRARIES <libs...>] [OUTPUT_DIRECTORY <dir>])
#
# Builds a plugin: a MODULE library named libaxon_<name>.so that exports the two
# C entry points (ABI query, register function) defined in plugin_entry.cpp.
# Used for axon's own plugins and, through find_package(axon), for out-of-tree
# ones. In the build tree plugins land in lib/axon/plugins next to the core.
if(NOT DEFINED AXON_PLUGIN_ENTRY_SOURCE)
  set(AXON_PLUGIN_ENTRY_SOURCE ${CMAKE_CURRENT_LIST_DIR}/plugin_entry.cpp)
endif()

function(axon_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  set(target axon_${name})
  add_library(${target} MODULE ${ARG_SOURCES} ${AXON_PLUGIN_ENTRY_SOURCE})
  target_link_libraries(${target} PRIVATE axon::core ${ARG_LIBRARIES})
  target_compile_definitions(${target} PRIVATE AXON_PLUGIN_NAME="${name}")
  if(ARG_OUTPUT_DIRECTORY)
    set(outdir ${ARG_OUTPUT_DIRECTORY})
  elseif(DEFINED AXON_PLUGIN_OUTPUT_DIRECTORY)
    set(outdir ${AXON_PLUGIN_OUTPUT_DIRECTORY})
  else()
    set(outdir ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${outdir} PREFIX "lib")
  if(AXON_INSTALLING_PLUGINS)
    install(TARGETS ${target} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/axon/plugins)
  endif()
endfunction()
