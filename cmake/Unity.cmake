# Unity ("jumbo") builds of our own layers: CRMARENA_UNITY_BUILD=ON compiles
# each library's sources in batches, each batch one translation unit, so the
# standard library, RapidJSON, Asio/Beast and TBB headers are parsed and their
# templates instantiated once per batch instead of once per file. Measured on
# 8 files of engine/tools: 20.7 s of CPU as 8 translation units, 5.9 s as one.
# scripts/quickstart.sh and scripts/test.sh turn it on; a developer's own
# build (an edit recompiles one file, not a batch) leaves it off.
#
# Every source of a layer must compile in one translation unit with every
# other: helpers in anonymous namespaces carry names specific to their file,
# and no file leaves a `using namespace` behind. CRMARENA_UNITY_BATCH=0 puts
# a whole layer in one unit, which is how that is checked.
option(CRMARENA_UNITY_BUILD "Compile each layer's sources in batches (faster cold builds)" OFF)
set(CRMARENA_UNITY_BATCH 12 CACHE STRING "Source files per unity batch (0: a whole layer in one)")

function(crmarena_unity target)
  if(CRMARENA_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${CRMARENA_UNITY_BATCH})
    # GCC does not warn about anonymous-namespace types inside the file it
    # compiles, only inside included ones, which every file of a batch is.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
      # A batch is one large unit, and GCC limits how much a unit larger
      # than large-unit-insns may grow by inlining (inline-unit-growth):
      # batches of 12 inlined less than the files alone did and ran 10% more
      # engine instructions per call (bench/instructions_per_call.sh). With
      # the threshold above any batch, each batch inlines as its files did.
      # Sanitizer builds are measured by what they find, not by speed.
      if(NOT CRMARENA_SANITIZE AND NOT CRMARENA_TSAN)
        target_compile_options(${target} PRIVATE --param=large-unit-insns=1000000)
      endif()
    endif()
  endif()
endfunction()
