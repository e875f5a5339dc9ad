# install(): the module libraries, the public headers, the topae executable, the CMake package
# (topaeConfig.cmake, topaeConfigVersion.cmake, topaeTargets.cmake with namespace topae::) and
# a pkg-config file topae.pc. Everything is relocatable: `cmake --install build --prefix DIR`.
include(CMakePackageConfigHelpers)

set(TOPAE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/topae CACHE STRING
    "Where topaeConfig.cmake goes, relative to the prefix")
mark_as_advanced(TOPAE_INSTALL_CMAKEDIR)

list(TRANSFORM TOPAE_MODULES PREPEND topae_ OUTPUT_VARIABLE _topae_module_targets)
install(TARGETS ${_topae_module_targets} topae_all
        EXPORT topaeTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS topae RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(module IN LISTS TOPAE_MODULES)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/topae/${module}
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/topae
          FILES_MATCHING PATTERN "*.hpp")
endforeach()

install(EXPORT topaeTargets NAMESPACE topae:: DESTINATION ${TOPAE_INSTALL_CMAKEDIR})
configure_package_config_file(cmake/topaeConfig.cmake.in ${PROJECT_BINARY_DIR}/topaeConfig.cmake
                              INSTALL_DESTINATION ${TOPAE_INSTALL_CMAKEDIR}
                              NO_SET_AND_CHECK_MACRO)
# 0.x: a minor version may break the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/topaeConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/topaeConfig.cmake ${PROJECT_BINARY_DIR}/topaeConfigVersion.cmake
        DESTINATION ${TOPAE_INSTALL_CMAKEDIR})

# topae.pc. Libs: the modules highest first (a static library before those it uses). The
# third-party libraries come through Requires where Debian ships a .pc file for them, else
# as flags found here.
set(_topae_pc_libs "")
set(_topae_reversed ${TOPAE_MODULES})
list(REVERSE _topae_reversed)
foreach(module IN LISTS _topae_reversed)
  string(APPEND _topae_pc_libs " -ltopae_${module}")
endforeach()
set(TOPAE_PC_CFLAGS "${OpenMP_CXX_FLAGS} -Wno-expansion-to-defined")
if(TOPAE_NATIVE)
  string(APPEND TOPAE_PC_CFLAGS " -march=native")
endif()
if(TOPAE_HAVE_GUDHI)
  string(APPEND TOPAE_PC_CFLAGS " -DTOPAE_HAVE_GUDHI=1")
endif()
set(_topae_pc_extra_libs "")
set(TOPAE_PC_REQUIRES "")
find_package(PkgConfig QUIET)
foreach(pc IN ITEMS eigen3 fmt nlohmann_json hdf5)
  set(_found FALSE)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(_topae_pc_${pc} QUIET ${pc})
    set(_found ${_topae_pc_${pc}_FOUND})
  endif()
  if(_found)
    list(APPEND TOPAE_PC_REQUIRES ${pc})
  elseif(pc STREQUAL "eigen3")
    string(APPEND TOPAE_PC_CFLAGS " -I${EIGEN3_INCLUDE_DIR}")
  elseif(pc STREQUAL "fmt")
    string(APPEND _topae_pc_extra_libs " -lfmt")
  elseif(pc STREQUAL "hdf5")
    foreach(lib IN LISTS HDF5_C_LIBRARIES)
      string(APPEND _topae_pc_extra_libs " ${lib}")
    endforeach()
  endif()  # nlohmann_json: header-only; found in the compiler's default include path or not at all
endforeach()
list(JOIN TOPAE_PC_REQUIRES " " TOPAE_PC_REQUIRES)
foreach(dir IN ITEMS ${RANDOM123_INCLUDE_DIR} ${GUDHI_INCLUDE_DIR})
  if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    string(APPEND TOPAE_PC_CFLAGS " -I${dir}")
  endif()
endforeach()
# topae::physics's event files and jets (CMakeLists.txt links them by path; none has a .pc
# in Debian).
foreach(lib IN ITEMS ${HEPMC3_LIB} ${FASTJET_LIBRARY} ${BOOST_IOSTREAMS_LIBRARY})
  string(APPEND _topae_pc_extra_libs " ${lib}")
endforeach()
set(TOPAE_PC_LIBS "${_topae_pc_libs}${_topae_pc_extra_libs} ${OpenMP_CXX_FLAGS}")
string(STRIP "${TOPAE_PC_LIBS}" TOPAE_PC_LIBS)

# Paths relative to the .pc file's own folder, so that the prefix can move.
file(RELATIVE_PATH TOPAE_PC_PREFIX_FROM_PCDIR "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" TOPAE_PC_PREFIX_FROM_PCDIR "${TOPAE_PC_PREFIX_FROM_PCDIR}")
foreach(kind IN ITEMS LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(TOPAE_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(TOPAE_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(cmake/topae.pc.in ${PROJECT_BINARY_DIR}/topae.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/topae.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
