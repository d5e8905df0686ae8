# Builds the libraries Switchyard needs that Qt's own installer does not bring,
# for the Windows and macOS workflows (.github/workflows/windows.yml, macos.yml):
#
#   cmake -DPREFIX=<dir> -DQT_PREFIX=<Qt dir> [-DEXTRA_PREFIX=<dir>] -P packaging/ci/third-party.cmake
#
# Each one is cloned at a release tag, built (Release, shared) and installed
# into PREFIX; its license texts are copied to PREFIX/licenses/<name>, which
# the installers ship (SWITCHYARD_THIRD_PARTY_LICENSES). Needs git, CMake,
# Ninja, a C++ compiler and Perl (KSyntaxHighlighting generates some of its
# syntax files with it). Linux builds use the distribution's packages instead.
cmake_minimum_required(VERSION 3.25)

if(NOT PREFIX OR NOT QT_PREFIX)
  message(FATAL_ERROR "usage: cmake -DPREFIX=<dir> -DQT_PREFIX=<Qt dir> -P third-party.cmake")
endif()
set(work "${PREFIX}/../third-party-src")
set(prefix_path "${PREFIX};${QT_PREFIX}")
if(EXTRA_PREFIX)
  list(APPEND prefix_path "${EXTRA_PREFIX}")
endif()

# name | git URL | tag | configure options (,-separated) | license files
set(components
  "md4c|https://github.com/mity/md4c.git|release-0.5.2|-DBUILD_MD2HTML_EXECUTABLE=OFF|LICENSE.md"
  "yaml-cpp|https://github.com/jbeder/yaml-cpp.git|0.8.0|-DYAML_BUILD_SHARED_LIBS=ON,-DYAML_CPP_BUILD_TESTS=OFF,-DYAML_CPP_BUILD_TOOLS=OFF|LICENSE"
  "extra-cmake-modules|https://invent.kde.org/frameworks/extra-cmake-modules.git|v6.8.0|-DBUILD_TESTING=OFF,-DBUILD_DOC=OFF|LICENSES"
  "syntax-highlighting|https://invent.kde.org/frameworks/syntax-highlighting.git|v6.8.0|-DBUILD_TESTING=OFF,-DBUILD_QCH=OFF|LICENSES"
  "qtkeychain|https://github.com/frankosterfeld/qtkeychain.git|0.15.0|-DBUILD_WITH_QT6=ON,-DBUILD_TRANSLATIONS=OFF,-DBUILD_TEST_APPLICATION=OFF|COPYING"
)

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc COMMAND_ECHO STDOUT)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}")
  endif()
endfunction()

foreach(component IN LISTS components)
  string(REPLACE "|" ";" fields "${component}")
  list(GET fields 0 name)
  list(GET fields 1 url)
  list(GET fields 2 tag)
  list(GET fields 3 options)
  list(GET fields 4 licenses)
  string(REPLACE "," ";" options "${options}")
  set(src "${work}/${name}")
  if(NOT EXISTS "${src}")
    run(git clone --depth 1 --branch "${tag}" "${url}" "${src}")
  endif()
  run("${CMAKE_COMMAND}" -S "${src}" -B "${src}/build" -G Ninja
      -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON
      "-DCMAKE_INSTALL_PREFIX=${PREFIX}" "-DCMAKE_PREFIX_PATH=${prefix_path}"
      ${options})
  run("${CMAKE_COMMAND}" --build "${src}/build")
  run("${CMAKE_COMMAND}" --install "${src}/build")
  if(NOT name STREQUAL "extra-cmake-modules") # a build tool, not shipped
    foreach(license IN LISTS licenses)
      if(IS_DIRECTORY "${src}/${license}")
        file(COPY "${src}/${license}/" DESTINATION "${PREFIX}/licenses/${name}")
      else()
        file(COPY "${src}/${license}" DESTINATION "${PREFIX}/licenses/${name}")
      endif()
    endforeach()
  endif()
endforeach()
message(STATUS "third-party libraries installed in ${PREFIX}")
