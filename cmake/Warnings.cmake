# One warning set for every Clift target; the build is kept clean under it.
add_library(clift_warnings INTERFACE)
target_compile_options(clift_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion)
