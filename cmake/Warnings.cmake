# crmarena_warnings(target): our code builds with -Wall -Wextra and, by
# default, -Werror. Third-party headers come in as SYSTEM includes.
function(crmarena_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wimplicit-fallthrough)
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s string
  # concatenation at -O2 (GCC bug 105329); they say nothing about our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(CRMARENA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
