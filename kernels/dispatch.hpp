#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kernels/kernel_set.hpp"

namespace clift::kernels {

// Backends compiled into this binary, best last: scalar, then avx2 and avx512 on x86-64 or neon
// on AArch64.
std::vector<std::string> compiled_backends();

// The compiled backends this CPU can run, best last.
std::vector<std::string> supported_backends();

// The kernel set for a backend name; "auto" is the best supported one. An unknown name or one the
// CPU cannot run throws clift::Error before any of its instructions execute.
const KernelSet& select_backend(std::string_view name);

}  // namespace clift::kernels
