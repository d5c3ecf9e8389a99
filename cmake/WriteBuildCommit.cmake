# Run at every build (cmake -P), not at configure time, so a report never names a stale commit:
# writes OUTPUT with the checkout's commit, marked -dirty when the tree has uncommitted changes,
# and touches it only when that changes, so nothing rebuilds otherwise.
execute_process(COMMAND git describe --always --dirty --abbrev=12
  WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE commit
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT commit)
  set(commit "unknown")
endif()
set(content "#pragma once\n\n// Generated at build time by cmake/WriteBuildCommit.cmake.\nnamespace clift::build_info {\ninline constexpr const char* kCommit = \"${commit}\";\n}  // namespace clift::build_info\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
