# -DCRMARENA_SANITIZE=ON instruments everything (our code and tests) with
# ASan and UBSan; UBSan findings abort so CI cannot miss them.
# -DCRMARENA_TSAN=ON instruments everything with ThreadSanitizer instead
# (TSan cannot be combined with ASan). scripts/ci_sanitizers.sh runs both.
option(CRMARENA_TSAN "Build with ThreadSanitizer" OFF)
if(CRMARENA_SANITIZE AND CRMARENA_TSAN)
  message(FATAL_ERROR "CRMARENA_SANITIZE (ASan+UBSan) and CRMARENA_TSAN are mutually exclusive")
endif()
if(CRMARENA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CRMARENA_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
