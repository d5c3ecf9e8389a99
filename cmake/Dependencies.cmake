# Every library comes from the system (tools/install-deps.sh); nothing is fetched at build time.
find_package(Threads REQUIRED)
find_package(TBB REQUIRED)
find_package(xsimd REQUIRED)
# Debian's xsimd 8 config lists "xtl" as a link library, but xsimd is header-only and uses xtl only
# for xtl's complex type, which Clift does not; without this the link asks for a missing -lxtl.
set_target_properties(xsimd PROPERTIES INTERFACE_LINK_LIBRARIES "")
find_package(PkgConfig REQUIRED)
pkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET hwloc)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
find_package(nlohmann_json 3.10 REQUIRED)
if(CLIFT_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(CLIFT_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
