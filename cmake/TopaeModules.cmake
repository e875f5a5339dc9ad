# topae_add_module(<name> [DEPENDS <module>...] [PUBLIC <lib>...] [PRIVATE <lib>...]
#                  [SOURCES <extra source>...])
#
# One module of the library: the static library topae_<name> (alias topae::<name>, exported
# as topae::<name>) built from every src/<name>/**/*.cpp, new files included at the next build
# (CONFIGURE_DEPENDS). DEPENDS names the modules it includes, which must already exist: a
# module is added after every module below it.
#
# Layering: a module sees only its own headers and those of the modules it links. Its include
# root is a folder of its own in the build tree,
#   ${TOPAE_MODULE_INCLUDE_ROOT}/<name>/topae/<name>  ->  include/topae/<name>  (a symlink)
# so `#include "topae/<other>/x.hpp"` resolves only if <other> is linked (directly or through a
# module below), and a wrong-way include fails to compile with "No such file or directory".
# Installed, every module's headers are in one include/topae/ tree (INSTALL_INTERFACE).
set(TOPAE_MODULE_INCLUDE_ROOT ${PROJECT_BINARY_DIR}/module-include)
set(TOPAE_MODULES "")

function(topae_add_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "DEPENDS;PUBLIC;PRIVATE;SOURCES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "topae_add_module(${name}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  foreach(dep IN LISTS arg_DEPENDS)
    if(NOT dep IN_LIST TOPAE_MODULES)
      message(FATAL_ERROR "topae_add_module(${name}): module '${dep}' must be added before '${name}'")
    endif()
  endforeach()

  set(target topae_${name})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  add_library(${target} STATIC ${sources} ${arg_SOURCES})
  add_library(topae::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME topae_${name})

  set(root ${TOPAE_MODULE_INCLUDE_ROOT}/${name})
  file(MAKE_DIRECTORY ${root}/topae)
  set(link ${root}/topae/${name})
  set(headers ${PROJECT_SOURCE_DIR}/include/topae/${name})
  if(IS_SYMLINK ${link})
    file(READ_SYMLINK ${link} current)
    if(NOT current STREQUAL headers)
      file(REMOVE ${link})
    endif()
  endif()
  if(NOT IS_SYMLINK ${link})
    file(CREATE_LINK ${headers} ${link} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${root}>
                                              $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  list(TRANSFORM arg_DEPENDS PREPEND topae_ OUTPUT_VARIABLE module_deps)
  target_link_libraries(${target} PUBLIC ${module_deps} ${arg_PUBLIC} PRIVATE ${arg_PRIVATE})

  list(APPEND TOPAE_MODULES ${name})
  set(TOPAE_MODULES ${TOPAE_MODULES} PARENT_SCOPE)
  set(TOPAE_MODULE_DEPENDS_${name} ${arg_DEPENDS} PARENT_SCOPE)
endfunction()

# Every folder of src/ must be a module, and no source may sit in src/ itself: such files
# would silently be left out of the library.
function(topae_check_modules)
  file(GLOB entries CONFIGURE_DEPENDS LIST_DIRECTORIES true RELATIVE ${PROJECT_SOURCE_DIR}/src
       ${PROJECT_SOURCE_DIR}/src/*)
  foreach(entry IN LISTS entries)
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/src/${entry})
      if(NOT entry IN_LIST TOPAE_MODULES)
        message(FATAL_ERROR "src/${entry}/ is not a module: add topae_add_module(${entry} DEPENDS ...) to "
                            "CMakeLists.txt, after the modules it includes (docs/building.md, \"Modules\")")
      endif()
    elseif(entry MATCHES "\\.(cpp|hpp)$")
      message(FATAL_ERROR "src/${entry} is in no module: move it into src/<module>/")
    endif()
  endforeach()
endfunction()
