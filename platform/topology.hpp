#pragma once

#include <cstddef>
#include <vector>

namespace clift {

// The machine as hwloc sees it, reduced to what the kernels and the scheduler size themselves by.
struct Topology {
  std::size_t packages = 1;
  std::size_t numa_nodes = 1;
  std::size_t physical_cores = 1;
  std::size_t logical_cpus = 1;
  std::size_t l1d_bytes = 32 * 1024;       // per core
  std::size_t l2_bytes = 512 * 1024;       // per core
  std::size_t l3_bytes = 8 * 1024 * 1024;  // per package (shared)
};

// Read once from hwloc; fields hwloc cannot tell keep the defaults above.
const Topology& host_topology();

}  // namespace clift
