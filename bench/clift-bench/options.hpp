#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clift::bench {

enum class OutputFormat { kMarkdown, kCsv, kJson, kJsonl };

// One test of the sweep, as llama-bench names them: ppP (prefill P tokens), tgN (decode N tokens)
// or ppP+tgN (both, one combined rate), each after an untimed context of n_depth tokens.
struct TestSpec {
  std::size_t n_prompt = 0;
  std::size_t n_gen = 0;
  std::size_t n_depth = 0;

  std::string name() const;  // "pp512", "tg128", "pp512+tg128", with "@d4096" after a depth
  bool operator==(const TestSpec&) const = default;
};

// The command line, parsed but not yet checked against the machine or the files. Every list is a
// sweep dimension: the bench runs their cross product.
struct BenchOptions {
  std::vector<std::string> model_paths;                         // -m
  std::vector<std::string> synthetic_presets;                   // --synthetic
  std::vector<std::size_t> n_prompt{512};                       // -p; 0 drops the prefill tests
  std::vector<std::size_t> n_gen{128};                          // -n; 0 drops the decode tests
  std::vector<std::pair<std::size_t, std::size_t>> prompt_gen;  // -pg P,N (repeatable)
  std::vector<std::size_t> n_depth{0};                          // -d
  std::vector<std::size_t> threads;                             // -t; empty: physical cores
  std::vector<std::size_t> batch{512};                          // -b
  std::vector<std::string> backends{"auto"};                    // --backend
  std::vector<std::string> numa{"none"};                        // --numa
  std::vector<std::string> dtypes{"f32"};                       // --dtype
  std::size_t repetitions = 5;                                  // -r
  OutputFormat output = OutputFormat::kMarkdown;                // -o
  bool profile = false;                                         // --profile
  std::optional<std::string> plot_dir;                          // --plot
  std::optional<std::size_t> bandwidth_mib;  // --bw-mib; default max(1 GiB, 8 x L3)
  bool verbose = false;                      // -v
  bool help = false;                         // -h

  // The tests in the order they run: every prefill, then every decode, then every combined test,
  // each at every depth (llama-bench's order).
  std::vector<TestSpec> tests() const;
};

// Parses argv[1..argc). Throws clift::Error naming the option and the value at fault.
BenchOptions parse_options(int argc, const char* const* argv);

std::string usage();

}  // namespace clift::bench
