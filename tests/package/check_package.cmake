# Installs the build into a fresh prefix and uses it from outside, as a user would.
#
#   cmake -DMODE=find_package|pkg_config -DBUILD_DIR=... -DWORK=... [options below] -P check_package.cmake
#
# MODE=find_package: configures tests/package/ (find_package(topae)) with
#   CMAKE_PREFIX_PATH=<prefix>, builds it, checks that topae came from <prefix>, runs it.
# MODE=pkg_config: compiles and links tests/package/main.cpp with the flags of
#   `pkg-config --cflags --libs topae` (PKG_CONFIG_PATH=<prefix>/<libdir>/pkgconfig), runs it.
#
# Other variables: CONFIG (build type), LIBDIR (relative libdir), CXX, CXX_FLAGS and
# LINKER_FLAGS (the build's, so that sanitizer builds link), GENERATOR, MAKE_PROGRAM, LAUNCHER.
# WORK is emptied first; each test has its own, and its files stay there after a failure.
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS MODE BUILD_DIR WORK CXX LIBDIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_package.cmake: -D${var}=... is required")
  endif()
endforeach()
set(source_dir ${CMAKE_CURRENT_LIST_DIR})
set(prefix ${WORK}/prefix)
string(REPLACE "|" ";" CXX_FLAGS "${CXX_FLAGS}")
string(REPLACE "|" ";" LINKER_FLAGS "${LINKER_FLAGS}")

function(run what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "COMMAND")
  string(REPLACE ";" " " shown "${arg_COMMAND}")
  message(STATUS "${what}: ${shown}")
  execute_process(COMMAND ${arg_COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

set(install_config "")
if(CONFIG)
  set(install_config --config ${CONFIG})
endif()
run("install" COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${install_config})
foreach(file IN ITEMS include/topae/core/rng.hpp ${LIBDIR}/libtopae_core.a ${LIBDIR}/cmake/topae/topaeConfig.cmake
                      ${LIBDIR}/cmake/topae/topaeTargets.cmake ${LIBDIR}/pkgconfig/topae.pc bin/topae)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "install: ${prefix}/${file} is missing")
  endif()
endforeach()

if(MODE STREQUAL "find_package")
  set(generator "")
  if(GENERATOR)
    set(generator -G ${GENERATOR})
    if(MAKE_PROGRAM)
      list(APPEND generator -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
    endif()
  endif()
  if(NOT CONFIG)
    set(CONFIG Release)
  endif()
  list(JOIN CXX_FLAGS " " cxx_flags)
  list(JOIN LINKER_FLAGS " " linker_flags)
  # Only the fresh prefix: a topae installed elsewhere on the machine must not be picked up.
  run("configure" COMMAND ${CMAKE_COMMAND} -S ${source_dir} -B ${WORK}/build ${generator}
      -DCMAKE_BUILD_TYPE=${CONFIG} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
      -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${cxx_flags}" "-DCMAKE_EXE_LINKER_FLAGS=${linker_flags}"
      -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
  file(STRINGS ${WORK}/build/CMakeCache.txt topae_dir REGEX "^topae_DIR:")
  string(REGEX REPLACE "^topae_DIR:[A-Z]+=" "" topae_dir "${topae_dir}")
  file(REAL_PATH "${topae_dir}" topae_dir)
  file(REAL_PATH "${prefix}" real_prefix)
  string(FIND "${topae_dir}/" "${real_prefix}/" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "find_package(topae) found ${topae_dir}, not the package installed in ${prefix}")
  endif()
  run("build" COMMAND ${CMAKE_COMMAND} --build ${WORK}/build --config ${CONFIG})
  set(program ${WORK}/build/circle_k2)
elseif(MODE STREQUAL "pkg_config")
  find_program(PKG_CONFIG NAMES pkg-config pkgconf REQUIRED)
  set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
  unset(ENV{PKG_CONFIG_LIBDIR})
  run("pkg-config" COMMAND ${PKG_CONFIG} --cflags --libs topae)
  string(STRIP "${output}" flags)
  message(STATUS "pkg-config --cflags --libs topae: ${flags}")
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run("pkg-config" COMMAND ${PKG_CONFIG} --variable=includedir topae)
  string(STRIP "${output}" includedir)
  file(REAL_PATH "${includedir}" includedir)
  file(REAL_PATH "${prefix}/include" expected)
  if(NOT includedir STREQUAL expected)
    message(FATAL_ERROR "topae.pc's includedir is ${includedir}, not ${expected}: the .pc file is not relocatable")
  endif()
  set(compile ${CXX} -std=c++20 ${CXX_FLAGS} -O2 ${source_dir}/main.cpp -o ${WORK}/circle_k2 ${flags} ${LINKER_FLAGS})
  if(LAUNCHER)
    list(PREPEND compile ${LAUNCHER})
  endif()
  run("compile and link" COMMAND ${compile})
  set(program ${WORK}/circle_k2)
else()
  message(FATAL_ERROR "check_package.cmake: MODE is '${MODE}'; it must be find_package or pkg_config")
endif()

run("run" COMMAND ${program} ${WORK})
message(STATUS "${output}")
