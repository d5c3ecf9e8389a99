#include "bench/clift-bench/options.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "platform/error.hpp"

namespace clift::bench {
namespace {

// Weight dtypes the design names; only f32 weights exist today, the others are kept apart so the
// message says "not yet" rather than "unknown".
// TODO(weight-dtypes): accept bf16, f16 and q8_0 once the runtime loads them.
constexpr std::string_view kDtypesPlanned[] = {"bf16", "f16", "q8_0"};
constexpr std::string_view kNumaPolicies[] = {"none", "distribute", "isolate"};

std::vector<std::string> split_list(std::string_view option, std::string_view value) {
  std::vector<std::string> items;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = value.find(',', begin);
    const std::string_view item = value.substr(begin, comma - begin);
    if (item.empty()) {
      throw Error(std::string(option) + ": empty item in list '" + std::string(value) + "'");
    }
    items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return items;
}

std::size_t parse_count(std::string_view option, std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw Error(std::string(option) + ": '" + std::string(text) +
                "' is not a non-negative integer");
  }
  return value;
}

std::vector<std::size_t> parse_counts(std::string_view option, std::string_view value,
                                      std::size_t minimum) {
  std::vector<std::size_t> counts;
  for (const auto& item : split_list(option, value)) {
    const std::size_t n = parse_count(option, item);
    if (n < minimum) {
      throw Error(std::string(option) + ": " + item + " is below the minimum of " +
                  std::to_string(minimum));
    }
    counts.push_back(n);
  }
  return counts;
}

OutputFormat parse_format(std::string_view value) {
  if (value == "md") return OutputFormat::kMarkdown;
  if (value == "csv") return OutputFormat::kCsv;
  if (value == "json") return OutputFormat::kJson;
  if (value == "jsonl") return OutputFormat::kJsonl;
  throw Error("-o: unknown format '" + std::string(value) + "' (expected md, csv, json or jsonl)");
}

std::vector<std::string> parse_dtypes(std::string_view value) {
  auto dtypes = split_list("--dtype", value);
  for (const auto& d : dtypes) {
    if (d == "f32") continue;
    const bool planned = std::ranges::find(kDtypesPlanned, d) != std::end(kDtypesPlanned);
    throw Error("--dtype " + d +
                (planned ? ": not supported yet (this build runs f32 weights only)"
                         : ": unknown dtype (expected f32)"));
  }
  return dtypes;
}

std::vector<std::string> parse_numa(std::string_view value) {
  auto policies = split_list("--numa", value);
  for (const auto& p : policies) {
    if (std::ranges::find(kNumaPolicies, p) == std::end(kNumaPolicies)) {
      throw Error("--numa " + p + ": unknown policy (expected none, distribute or isolate)");
    }
  }
  return policies;
}

std::pair<std::size_t, std::size_t> parse_prompt_gen(std::string_view value) {
  const auto counts = parse_counts("-pg", value, 1);
  if (counts.size() != 2) {
    throw Error("-pg: expected P,N (two positive counts), got '" + std::string(value) + "'");
  }
  return {counts[0], counts[1]};
}

}  // namespace

std::string TestSpec::name() const {
  std::string s;
  if (n_prompt > 0) s += "pp" + std::to_string(n_prompt);
  if (n_prompt > 0 && n_gen > 0) s += "+";
  if (n_gen > 0) s += "tg" + std::to_string(n_gen);
  if (n_depth > 0) s += " @ d" + std::to_string(n_depth);
  return s;
}

std::vector<TestSpec> BenchOptions::tests() const {
  std::vector<TestSpec> specs;
  for (const std::size_t p : n_prompt) {
    if (p == 0) continue;
    for (const std::size_t d : n_depth)
      specs.push_back({p, 0, d});
  }
  for (const std::size_t n : n_gen) {
    if (n == 0) continue;
    for (const std::size_t d : n_depth)
      specs.push_back({0, n, d});
  }
  for (const auto& [p, n] : prompt_gen) {
    for (const std::size_t d : n_depth)
      specs.push_back({p, n, d});
  }
  return specs;
}

BenchOptions parse_options(int argc, const char* const* argv) {
  BenchOptions o;
  for (int i = 1; i < argc; i++) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) throw Error(std::string(arg) + ": missing value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      o.help = true;
    } else if (arg == "-m" || arg == "--model") {
      for (auto& m : split_list(arg, value()))
        o.model_paths.push_back(std::move(m));
    } else if (arg == "--synthetic") {
      for (auto& s : split_list(arg, value()))
        o.synthetic_presets.push_back(std::move(s));
    } else if (arg == "-p" || arg == "--n-prompt") {
      o.n_prompt = parse_counts(arg, value(), 0);
    } else if (arg == "-n" || arg == "--n-gen") {
      o.n_gen = parse_counts(arg, value(), 0);
    } else if (arg == "-pg") {
      o.prompt_gen.push_back(parse_prompt_gen(value()));
    } else if (arg == "-d" || arg == "--n-depth") {
      o.n_depth = parse_counts(arg, value(), 0);
    } else if (arg == "-t" || arg == "--threads") {
      o.threads = parse_counts(arg, value(), 1);
    } else if (arg == "-b" || arg == "--batch-size") {
      o.batch = parse_counts(arg, value(), 1);
    } else if (arg == "--backend") {
      o.backends = split_list(arg, value());
    } else if (arg == "--numa") {
      o.numa = parse_numa(value());
    } else if (arg == "--dtype") {
      o.dtypes = parse_dtypes(value());
    } else if (arg == "-r" || arg == "--repetitions") {
      o.repetitions = parse_count(arg, value());
      if (o.repetitions == 0) throw Error("-r: needs at least 1 repetition");
    } else if (arg == "-o" || arg == "--output") {
      o.output = parse_format(value());
    } else if (arg == "--profile") {
      o.profile = true;
    } else if (arg == "--plot") {
      o.plot_dir = std::string(value());
    } else if (arg == "--bw-mib") {
      o.bandwidth_mib = parse_count(arg, value());
      if (*o.bandwidth_mib == 0) throw Error("--bw-mib: needs at least 1 MiB");
    } else if (arg == "-v" || arg == "--verbose") {
      o.verbose = true;
    } else {
      throw Error("unknown option '" + std::string(arg) + "' (clift-bench -h lists them)");
    }
  }
  return o;
}

std::string usage() {
  return R"(usage: clift-bench (-m FILE[,...] | --synthetic PRESET[,...]) [options]

Measures prefill and decode speed over the cross product of every list given, and places each
result against this machine's measured memory bandwidth and FMA peak (the roofline).

models
  -m, --model FILE[,...]        model files (Clift v0/v1, GGUF)
  --synthetic PRESET[,...]      real shapes with random weights: llama3.2-1b, llama3.2-3b,
                                llama3.1-8b, small, tiny
tests
  -p, --n-prompt N[,...]        prefill N tokens (default 512; 0 skips)
  -n, --n-gen N[,...]           decode N tokens (default 128; 0 skips)
  -pg P,N                       prefill P then decode N, one combined rate (repeatable)
  -d, --n-depth N[,...]         run each test after an untimed context of N tokens (default 0)
  -r, --repetitions N           timed runs per test after one warm-up (default 5)
sweep
  -t, --threads N[,...]         workers (default: physical cores)
  -b, --batch-size N[,...]      prompt tokens per prefill chunk (default 512)
  --backend NAME[,...]          auto, scalar, avx2, avx512, neon (default auto)
  --numa POLICY[,...]           none, distribute, isolate (default none)
  --dtype NAME[,...]            weight dtype (default f32; the only one so far)
output
  -o, --output FORMAT           md (default), csv, json, jsonl; stdout holds nothing else
  --profile                     per-operator breakdown of prefill and decode
  --plot DIR                    write scaling.svg and roofline.svg into DIR
  --bw-mib N                    bandwidth probe buffer (default: max(1024, 8 x L3) MiB)
  -v, --verbose                 log every repetition on stderr
  -h, --help                    this text
)";
}

}  // namespace clift::bench
