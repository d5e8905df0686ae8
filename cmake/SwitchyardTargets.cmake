# Compiler settings for the project's own code. Targets link
# switchyard_options PRIVATE so the warnings and defines never leak onto
# third-party code.

add_library(switchyard_options INTERFACE)
target_compile_definitions(switchyard_options INTERFACE
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_FOREACH
  QT_USE_QSTRINGBUILDER
  QT_DISABLE_DEPRECATED_UP_TO=0x060800)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(switchyard_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough -Werror
    # Designated initialisers that leave members at their defaults are the point.
    -Wno-missing-field-initializers)
elseif(MSVC)
  target_compile_options(switchyard_options INTERFACE /W4 /WX /permissive- /Zc:__cplusplus)
endif()

if(SWITCHYARD_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(switchyard_options INTERFACE ${_san})
  target_link_options(switchyard_options INTERFACE ${_san})
endif()

# Every target of the fuzz build is instrumented for libFuzzer's coverage and
# checked by ASan + UBSan; only the fuzz targets link libFuzzer's main. Clang
# finds other warnings than GCC: they are shown but stop nothing there.
if(SWITCHYARD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SWITCHYARD_FUZZ needs clang (the fuzz preset sets it)")
  endif()
  set(_fuzz -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_compile_options(switchyard_options INTERFACE ${_fuzz} -Wno-error)
  target_link_options(switchyard_options INTERFACE -fsanitize=address,undefined)
endif()

# Benchmarks are kept out of ctest; ./yard bench runs every executable listed in
# benchmarks.txt and keeps the lines that start with "bench: ".
function(switchyard_add_benchmark name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE switchyard_options)
  set_property(GLOBAL APPEND PROPERTY SWITCHYARD_BENCHMARKS ${name})
endfunction()

function(switchyard_write_benchmark_list)
  get_property(benches GLOBAL PROPERTY SWITCHYARD_BENCHMARKS)
  set(content "")
  foreach(b IN LISTS benches)
    string(APPEND content "$<TARGET_FILE:${b}>\n")
  endforeach()
  file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/benchmarks.txt" CONTENT "${content}")
endfunction()
