// clift-bench: end-to-end prefill and decode sweeps held against the machine's own roofline.
// Results go to stdout in the chosen format and nothing else does; progress goes to stderr.
#include <cstdio>
#include <exception>
#include <iostream>

#include "bench/clift-bench/options.hpp"
#include "bench/clift-bench/plots.hpp"
#include "bench/clift-bench/sweep.hpp"

int main(int argc, char** argv) {
  using namespace clift::bench;
  try {
    const BenchOptions options = parse_options(argc, argv);
    if (options.help) {
      std::cout << usage();
      return 0;
    }
    RooflineOptions roofline;
    if (options.bandwidth_mib) roofline.buffer_bytes = *options.bandwidth_mib << 20;
    const auto rows = run_sweep(options, roofline, std::cout);
    if (options.plot_dir) {
      for (const auto& path : write_plots(rows, *options.plot_dir)) {
        std::fprintf(stderr, "clift-bench: wrote %s\n", path.c_str());
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clift-bench: %s\n", e.what());
    return 1;
  }
}
