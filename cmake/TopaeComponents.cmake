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

# TOPAE_WITH_GUDHI: the GUDHI headers (persistent homology) for the topology module.
#   AUTO (default): on if the headers are found;  ON: required;  OFF: not used.
# When on, topae::topology gets GUDHI's include dir and the definition TOPAE_HAVE_GUDHI=1.
set(TOPAE_WITH_GUDHI AUTO CACHE STRING "Use the GUDHI headers in topae::topology: AUTO (if found), ON (required) or OFF")
set_property(CACHE TOPAE_WITH_GUDHI PROPERTY STRINGS AUTO ON OFF)
string(TOUPPER "${TOPAE_WITH_GUDHI}" _topae_gudhi)
if(_topae_gudhi MATCHES "^(ON|YES|TRUE|Y|1)$")
  set(_topae_gudhi ON)
elseif(_topae_gudhi MATCHES "^(OFF|NO|FALSE|N|0)$")
  set(_topae_gudhi OFF)
elseif(NOT _topae_gudhi STREQUAL "AUTO")
  message(FATAL_ERROR "TOPAE_WITH_GUDHI is '${TOPAE_WITH_GUDHI}'; it must be AUTO, ON or OFF")
endif()
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
  message(STATUS "  tests / bench      ${TOPAE_BUILD_TESTS} / ${TOPAE_BUILD_BENCH} (fuzz engine: ${TOPAE_FUZZ_ENGINE})")
  message(STATUS "  install prefix     ${CMAKE_INSTALL_PREFIX}")
endfunction()
