# crmarena_warnings(target): our code builds with -Wall -Wextra and, by
# default, -Werror. Third-party headers come in as SYSTEM includes.
function(crmarena_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(CRMARENA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
