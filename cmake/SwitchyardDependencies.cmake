# Every external package Switchyard builds against, at the versions it needs.
# Included by the real build and by cmake/probe, which ./yard uses to decide
# whether the host's toolchain is good enough, so the two cannot disagree.
# The Debian 13 names of these packages are in packaging/build-deps.txt.

find_package(Qt6 6.8 REQUIRED COMPONENTS Core Network HttpServer Gui Widgets Charts Svg Test DBus LinguistTools)
find_package(KF6SyntaxHighlighting 6.0 REQUIRED)
find_package(Qt6Keychain REQUIRED)
find_package(SQLite3 3.40 REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)
find_package(md4c REQUIRED)
find_package(llhttp REQUIRED)
# md4c's CMake package carries no version; its pkg-config file does. Only the
# About dialog wants it, so a missing pkg-config leaves it empty.
find_package(PkgConfig QUIET)
# llhttp (Node.js's HTTP parser) reads the answers of LoopbackNetworkAccess's
# own HTTP client strictly. Debian ships a pkg-config file; where there is
# none, the header and library are looked for directly.
if(PkgConfig_FOUND)
  pkg_check_modules(LLHTTP QUIET IMPORTED_TARGET libllhttp)
endif()
if(TARGET PkgConfig::LLHTTP)
  add_library(switchyard_llhttp ALIAS PkgConfig::LLHTTP)
else()
  find_path(SWITCHYARD_LLHTTP_INCLUDE llhttp.h REQUIRED)
  find_library(SWITCHYARD_LLHTTP_LIBRARY llhttp REQUIRED)
  add_library(switchyard_llhttp_found UNKNOWN IMPORTED)
  set_target_properties(switchyard_llhttp_found PROPERTIES
    IMPORTED_LOCATION "${SWITCHYARD_LLHTTP_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SWITCHYARD_LLHTTP_INCLUDE}")
  add_library(switchyard_llhttp ALIAS switchyard_llhttp_found)
endif()
set(SWITCHYARD_MD4C_VERSION "")
if(PkgConfig_FOUND)
  pkg_check_modules(SWITCHYARD_MD4C_PC QUIET md4c)
  set(SWITCHYARD_MD4C_VERSION "${SWITCHYARD_MD4C_PC_VERSION}")
endif()

include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS -std=c++23)
check_cxx_source_compiles([[
#include <expected>
int main() { std::expected<int, int> e = 1; return *e - 1; }
]] SWITCHYARD_HAVE_STD_EXPECTED)
unset(CMAKE_REQUIRED_FLAGS)
if(NOT SWITCHYARD_HAVE_STD_EXPECTED)
  message(FATAL_ERROR "The C++ compiler lacks C++23 std::expected (GCC 14 or Clang 19 needed)")
endif()
