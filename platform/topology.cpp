#include "platform/topology.hpp"

#include <hwloc.h>

#include <algorithm>

namespace clift {
namespace {

std::size_t count(hwloc_topology_t topo, hwloc_obj_type_t type) {
  const int n = hwloc_get_nbobjs_by_type(topo, type);
  return n > 0 ? static_cast<std::size_t>(n) : 1;
}

std::size_t cache_size(hwloc_topology_t topo, hwloc_obj_type_t type, std::size_t fallback) {
  hwloc_obj_t obj = hwloc_get_obj_by_type(topo, type, 0);
  return obj != nullptr && obj->attr != nullptr && obj->attr->cache.size > 0
             ? static_cast<std::size_t>(obj->attr->cache.size)
             : fallback;
}

Topology detect() {
  Topology t;
  hwloc_topology_t topo = nullptr;
  if (hwloc_topology_init(&topo) != 0) return t;
  if (hwloc_topology_load(topo) == 0) {
    t.packages = count(topo, HWLOC_OBJ_PACKAGE);
    t.numa_nodes = count(topo, HWLOC_OBJ_NUMANODE);
    t.physical_cores = count(topo, HWLOC_OBJ_CORE);
    t.logical_cpus = std::max(count(topo, HWLOC_OBJ_PU), t.physical_cores);
    t.l1d_bytes = cache_size(topo, HWLOC_OBJ_L1CACHE, t.l1d_bytes);
    t.l2_bytes = cache_size(topo, HWLOC_OBJ_L2CACHE, t.l2_bytes);
    t.l3_bytes = cache_size(topo, HWLOC_OBJ_L3CACHE, t.l3_bytes);
  }
  hwloc_topology_destroy(topo);
  return t;
}

}  // namespace

const Topology& host_topology() {
  static const Topology topology = detect();
  return topology;
}

}  // namespace clift
