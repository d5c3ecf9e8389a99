# Provenance that every report carries: the commit, the compiler and the flags of this build.
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}" OUTPUT_VARIABLE CLIFT_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT CLIFT_GIT_COMMIT)
  set(CLIFT_GIT_COMMIT "unknown")
endif()
string(TOUPPER "${CMAKE_BUILD_TYPE}" _clift_build_type)
set(CLIFT_BUILD_FLAGS "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_clift_build_type}}")
string(STRIP "${CLIFT_BUILD_FLAGS}" CLIFT_BUILD_FLAGS)
configure_file("${CMAKE_SOURCE_DIR}/cmake/build_info.hpp.in"
  "${CMAKE_BINARY_DIR}/generated/clift/build_info.hpp" @ONLY)
