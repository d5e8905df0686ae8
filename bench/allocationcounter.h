#pragma once

#include <cstddef>

/// Counts heap allocations (malloc, calloc, realloc, operator new — Qt's
/// containers use malloc) while counting is switched on, so a benchmark can
/// report allocations per operation. Works by interposing glibc's malloc in
/// the benchmark executable; not meant for sanitizer builds.
namespace AllocationCounter {

void start();
/// Stops counting and returns the number of allocations since start().
std::size_t stop();

} // namespace AllocationCounter
