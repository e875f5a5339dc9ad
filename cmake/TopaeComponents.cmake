# Optional components: each is switched by an option and says at configure time whether it is
# on and why. topae_components_summary() prints one line per component at the end.

# TOPAE_WITH_FIGURES: figures are drawn by running gnuplot at run time (report/figure_writer);
# nothing is compiled differently. The option only checks that gnuplot is there now, so that
# a build that will draw no PNGs says so before anyone runs it.
option(TOPAE_WITH_FIGURES "Check for gnuplot, which topae runs to draw figures (PNG, SVG)" ON)
if(TOPAE_WITH_FIGURES)
  find_program(TOPAE_GNUPLOT gnuplot)
  if(TOPAE_GNUPLOT)
    set(TOPAE_FIGURES_SUMMARY "gnuplot found at ${TOPAE_GNUPLOT}")
  else()
    set(TOPAE_FIGURES_SUMMARY "gnuplot not found: figure data and .gp scripts only, no PNGs")
    message(WARNING "gnuplot not found: topae will write figure data and .gp scripts but no PNGs "
                    "(install gnuplot-nox, or pass -DTOPAE_WITH_FIGURES=OFF to silence this)")
  endif()
else()
  string(CONCAT TOPAE_FIGURES_SUMMARY "gnuplot not checked (TOPAE_WITH_FIGURES=OFF); topae still draws "
                "figures whenever gnuplot is on PATH at run time (--no-figures turns that off)")
endif()

# An AUTO/ON/OFF cache option NAME (default AUTO), its value normalised into OUT: ON, OFF or AUTO.
function(topae_auto_option name out doc)
  set(${name} AUTO CACHE STRING "${doc}")
  set_property(CACHE ${name} PROPERTY STRINGS AUTO ON OFF)
  string(TOUPPER "${${name}}" value)
  if(value MATCHES "^(ON|YES|TRUE|Y|1)$")
    set(value ON)
  elseif(value MATCHES "^(OFF|NO|FALSE|N|0)$")
    set(value OFF)
  elseif(NOT value STREQUAL "AUTO")
    message(FATAL_ERROR "${name} is '${${name}}'; it must be AUTO, ON or OFF")
  endif()
  set(${out} ${value} PARENT_SCOPE)
endfunction()

# TOPAE_WITH_GUDHI: the GUDHI headers (persistent homology) for the topology module.
#   AUTO (default): on if the headers are found;  ON: required;  OFF: not used.
# When on, topae::topology gets GUDHI's include dir and the definition TOPAE_HAVE_GUDHI=1.
topae_auto_option(TOPAE_WITH_GUDHI _topae_gudhi
                  "Use the GUDHI headers in topae::topology: AUTO (if found), ON (required) or OFF")
set(TOPAE_HAVE_GUDHI OFF)
if(_topae_gudhi STREQUAL "OFF")
  set(TOPAE_GUDHI_SUMMARY "off (TOPAE_WITH_GUDHI=OFF)")
else()
  find_path(GUDHI_INCLUDE_DIR gudhi/Simplex_tree.h DOC "Folder holding gudhi/Simplex_tree.h")
  if(GUDHI_INCLUDE_DIR)
    set(TOPAE_HAVE_GUDHI ON)
    set(TOPAE_GUDHI_SUMMARY "on (headers in ${GUDHI_INCLUDE_DIR})")
  elseif(_topae_gudhi STREQUAL "ON")
    message(FATAL_ERROR "TOPAE_WITH_GUDHI=ON but the GUDHI headers (gudhi/Simplex_tree.h) were not found: "
                        "install libgudhi-dev, point GUDHI_INCLUDE_DIR at them, or use -DTOPAE_WITH_GUDHI=AUTO")
  else()
    set(TOPAE_GUDHI_SUMMARY "off (GUDHI headers not found; install libgudhi-dev)")
    message(STATUS "GUDHI headers not found: topae::topology builds without them (TOPAE_HAVE_GUDHI unset)")
  endif()
endif()

# TOPAE_PYTHON: the Python module `topae` (python/; pybind11-dev and python3-dev).
#   AUTO (default): on if pybind11 and Python's headers are found;  ON: required;  OFF: not built.
# The interpreter is Debian's /usr/bin/python3 when there is one (numpy, pandas, pytest come from
# Debian's packages); set Python3_EXECUTABLE to build for another.
topae_auto_option(TOPAE_PYTHON _topae_python
                  "Build the Python module: AUTO (if pybind11 is found), ON (required) or OFF")
set(TOPAE_HAVE_PYTHON OFF)
if(_topae_python STREQUAL "OFF")
  set(TOPAE_PYTHON_SUMMARY "off (TOPAE_PYTHON=OFF)")
else()
  if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The interpreter the Python module is built for")
  endif()
  find_package(Python3 COMPONENTS Interpreter Development.Module)
  set(PYBIND11_FINDPYTHON ON)
  if(Python3_FOUND)
    find_package(pybind11 2.6 CONFIG QUIET)
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(TOPAE_HAVE_PYTHON ON)
    set(TOPAE_PYTHON_SUMMARY "on (pybind11 ${pybind11_VERSION}, ${Python3_EXECUTABLE} ${Python3_VERSION})")
  elseif(_topae_python STREQUAL "ON")
    message(FATAL_ERROR "TOPAE_PYTHON=ON but pybind11 or Python's headers were not found: install pybind11-dev "
                        "and python3-dev, or use -DTOPAE_PYTHON=AUTO")
  else()
    set(TOPAE_PYTHON_SUMMARY "off (pybind11 or Python's headers not found; install pybind11-dev python3-dev)")
  endif()
endif()

# After the modules exist.
function(topae_apply_components)
  if(TOPAE_HAVE_GUDHI)
    target_include_directories(topae_topology SYSTEM PUBLIC $<BUILD_INTERFACE:${GUDHI_INCLUDE_DIR}>)
    target_compile_definitions(topae_topology PUBLIC TOPAE_HAVE_GUDHI=1)
  endif()
endfunction()

function(topae_components_summary)
  if(TOPAE_NATIVE)
    set(native "ON: -march=native, runs only on CPUs like this one's")
  else()
    set(native "OFF: no -march flag, runs on any CPU of the target architecture")
  endif()
  message(STATUS "topae ${PROJECT_VERSION} configuration:")
  message(STATUS "  build type         ${CMAKE_BUILD_TYPE}")
  message(STATUS "  TOPAE_NATIVE       ${native}")
  message(STATUS "  figures            ${TOPAE_FIGURES_SUMMARY}")
  message(STATUS "  GUDHI              ${TOPAE_GUDHI_SUMMARY}")
  message(STATUS "  Python module      ${TOPAE_PYTHON_SUMMARY}")
  message(STATUS "  tests / bench      ${TOPAE_BUILD_TESTS} / ${TOPAE_BUILD_BENCH} (fuzz engine: ${TOPAE_FUZZ_ENGINE})")
  message(STATUS "  install prefix     ${CMAKE_INSTALL_PREFIX}")
endfunction()
