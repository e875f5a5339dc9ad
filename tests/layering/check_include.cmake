# Compiles a one-line source `#include "<HEADER>"` with the include path of a module's own
# sources (the module's INCLUDE_DIRECTORIES: its staged include root and those of the modules
# it links, see cmake/TopaeModules.cmake), and checks the outcome:
#   EXPECT=compiles    the compiler succeeds
#   EXPECT=not-found   the compiler fails because HEADER is not found (any other failure fails)
#
#   cmake -DCXX=c++ -DINCLUDE_DIRS="a|b" -DHEADER=topae/report/figure.hpp -DEXPECT=not-found
#         -DWORK=dir -P check_include.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var IN ITEMS CXX INCLUDE_DIRS HEADER EXPECT WORK)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_include.cmake: -D${var}=... is required")
  endif()
endforeach()

string(REPLACE "|" ";" dirs "${INCLUDE_DIRS}")
set(flags "")
foreach(dir IN LISTS dirs)
  list(APPEND flags -I${dir})
endforeach()
file(MAKE_DIRECTORY ${WORK})
set(source ${WORK}/include_check.cpp)
file(WRITE ${source} "#include \"${HEADER}\"\n")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only ${flags} ${source}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REPLACE ";" " " shown "${CXX} -std=c++20 -fsyntax-only ${flags} ${source}")

if(EXPECT STREQUAL "compiles")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "expected '#include \"${HEADER}\"' to compile, but it failed (${rc}):\n${shown}\n${out}")
  endif()
  message(STATUS "'#include \"${HEADER}\"' compiles, as it should")
elseif(EXPECT STREQUAL "not-found")
  string(REGEX REPLACE "([.+])" "\\\\\\1" header_re "${HEADER}")
  # GCC: "fatal error: H: No such file or directory"; clang: "fatal error: 'H' file not found".
  if(rc EQUAL 0)
    message(FATAL_ERROR "'#include \"${HEADER}\"' compiled: the module can see a header it must not\n${shown}")
  elseif(NOT out MATCHES "${header_re}'?:? (No such file or directory|file not found)")
    message(FATAL_ERROR "'#include \"${HEADER}\"' failed, but not because the header is not found (${rc}):\n${shown}\n${out}")
  endif()
  message(STATUS "'#include \"${HEADER}\"' is not found, as it should not be")
else()
  message(FATAL_ERROR "check_include.cmake: EXPECT is '${EXPECT}'; it must be compiles or not-found")
endif()
