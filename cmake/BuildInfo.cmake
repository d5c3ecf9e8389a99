# Provenance that every report carries: the compiler and the flags of this build, fixed at
# configure time, and the commit, taken at every build (clift_build_commit) because it changes
# without a reconfigure.
string(TOUPPER "${CMAKE_BUILD_TYPE}" _clift_build_type)
set(CLIFT_BUILD_FLAGS "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_clift_build_type}}")
string(STRIP "${CLIFT_BUILD_FLAGS}" CLIFT_BUILD_FLAGS)
configure_file("${CMAKE_SOURCE_DIR}/cmake/build_info.hpp.in"
  "${CMAKE_BINARY_DIR}/generated/clift/build_info.hpp" @ONLY)

add_custom_target(clift_build_commit
  COMMAND "${CMAKE_COMMAND}" -DSOURCE_DIR="${CMAKE_SOURCE_DIR}"
          -DOUTPUT="${CMAKE_BINARY_DIR}/generated/clift/build_commit.hpp"
          -P "${CMAKE_SOURCE_DIR}/cmake/WriteBuildCommit.cmake"
  BYPRODUCTS "${CMAKE_BINARY_DIR}/generated/clift/build_commit.hpp"
  COMMENT "Recording the commit")
