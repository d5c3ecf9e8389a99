# Cross-compiling for 64-bit Arm Linux with Debian's g++-aarch64-linux-gnu and the arm64 (multiarch)
# development packages; .ci/cross-aarch64.sh installs both and runs the result under qemu.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Libraries and CMake packages come from the arm64 multiarch folders; programs (pkg-config, the
# host's cmake modules) from the build machine.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for arm64")

# Test executables run through qemu, so gtest_discover_tests can list them at build time. "-L /":
# the loader and libraries all come from the arm64 multiarch folders; .ci/cross-aarch64.sh says why.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L /)
