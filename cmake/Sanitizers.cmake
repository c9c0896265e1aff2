# -DCRMARENA_SANITIZE=ON instruments everything (our code and tests) with
# ASan and UBSan; UBSan findings abort so CI cannot miss them.
if(CRMARENA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
