# The process allocator. Release builds link mimalloc, which replaces malloc
# and operator new for the whole process (our code, SQLite, OpenSSL, Asio).
#
# Why: with 1,000 episodes in flight the heap holds thousands of 2-20 KB
# texts (prompts, observations, request and response bodies) made on one
# thread and freed on another. glibc's malloc then spends its time
# coalescing and re-sorting large chunks in cold memory and locking the
# other thread's arena; the engine's instruction count per call stays the
# same from 100 to 1,000 in flight while its CPU time grows by a third.
# mimalloc's per-size pages and lock-free cross-thread frees remove most of
# that growth (figures: README, Performance).
#
# Instrumented builds (ASan, TSan, libFuzzer) keep the system allocator:
# the sanitizers must own malloc. -DCRMARENA_MIMALLOC=OFF does the same.
option(CRMARENA_MIMALLOC "Link mimalloc as the process allocator" ON)
set(CRM_WITH_MIMALLOC OFF)
if(CRMARENA_MIMALLOC AND NOT (CRMARENA_SANITIZE OR CRMARENA_TSAN OR CRMARENA_FUZZ))
  find_package(mimalloc CONFIG)
  if(NOT mimalloc_FOUND)
    message(FATAL_ERROR "mimalloc not found: apt-get install libmimalloc-dev "
                        "(scripts/install_deps.sh does), or configure with -DCRMARENA_MIMALLOC=OFF")
  endif()
  set(CRM_WITH_MIMALLOC ON)
endif()

# crmarena_link_allocator(target): called on crm_core, so every binary
# (crmarena, tests, benchmarks) gets it. --no-as-needed keeps the library
# loaded ahead of libc even where nothing calls it by name; that load order
# is what makes its malloc the process's malloc.
function(crmarena_link_allocator target)
  if(CRM_WITH_MIMALLOC)
    target_link_libraries(${target} PUBLIC "-Wl,--push-state,--no-as-needed" mimalloc "-Wl,--pop-state")
    target_compile_definitions(${target} PRIVATE CRM_WITH_MIMALLOC=1)  # only allocator.cc asks
  endif()
endfunction()
