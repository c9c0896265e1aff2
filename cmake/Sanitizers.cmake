# -DCRMARENA_SANITIZE=ON instruments everything (our code and tests) with
# ASan and UBSan; UBSan findings abort so CI cannot miss them.
# -DCRMARENA_TSAN=ON instruments everything with ThreadSanitizer instead
# (TSan cannot be combined with ASan). scripts/ci_sanitizers.sh runs both.
option(CRMARENA_TSAN "Build with ThreadSanitizer" OFF)
if(CRMARENA_SANITIZE AND CRMARENA_TSAN)
  message(FATAL_ERROR "CRMARENA_SANITIZE (ASan+UBSan) and CRMARENA_TSAN are mutually exclusive")
endif()
if(CRMARENA_SANITIZE)
  # Without vptr: oneTBB 2021.8's graph_task::destruct_and_deallocate
  # (oneapi/tbb/detail/_flow_graph_impl.h) downcasts a task after running its
  # destructor; UBSan reports that inside the library's headers on every flow
  # graph task, and a report on an invalid vptr cannot be suppressed at run
  # time. Every other UBSan check stays on and aborts.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CRMARENA_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
# RapidJSON's SSE4.2 string scan (RAPIDJSON_SSE42, top-level CMakeLists.txt)
# reads whole aligned 16-byte blocks, past the end of the string (never past
# its page): harmless, but exactly what ASan reports as heap-buffer-overflow
# (and TSan as heap-use-after-free) on parses. Instrumented builds use the plain scalar scan.
if(CRMARENA_SANITIZE OR CRMARENA_TSAN OR CRMARENA_FUZZ)
  get_directory_property(crm_defs COMPILE_DEFINITIONS)
  list(REMOVE_ITEM crm_defs RAPIDJSON_SSE42)
  set_directory_properties(PROPERTIES COMPILE_DEFINITIONS "${crm_defs}")
endif()
