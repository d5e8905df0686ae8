#include "allocationcounter.h"

#include <atomic>
#include <cstdlib>

extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *ptr, std::size_t size);
}

namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::size_t> g_count{0};

void note()
{
    if (g_counting.load(std::memory_order_relaxed))
        g_count.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

extern "C" {
void *malloc(std::size_t size)
{
    note();
    return __libc_malloc(size);
}
void *calloc(std::size_t count, std::size_t size)
{
    note();
    return __libc_calloc(count, size);
}
void *realloc(void *ptr, std::size_t size)
{
    note();
    return __libc_realloc(ptr, size);
}
}

namespace AllocationCounter {

void start()
{
    g_count = 0;
    g_counting = true;
}

std::size_t stop()
{
    g_counting = false;
    return g_count;
}

} // namespace AllocationCounter
