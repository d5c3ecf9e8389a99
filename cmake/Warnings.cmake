# One warning set for every Clift target; the build is kept clean under it.
# Designated initializers leave the defaulted members out on purpose, hence no missing-field warning.
add_library(clift_warnings INTERFACE)
target_compile_options(clift_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor
  -Wno-missing-field-initializers -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion)
