#include "bench/clift-bench/sweep.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>

#include "bench/clift-bench/report.hpp"
#include "bench/clift-bench/runner.hpp"
#include "bench/clift-bench/work.hpp"
#include "clift/build_commit.hpp"
#include "clift/build_info.hpp"
#include "kernels/dispatch.hpp"
#include "platform/cpu_features.hpp"
#include "platform/error.hpp"
#include "platform/topology.hpp"
#include "runtime/model_loader.hpp"
#include "runtime/synthetic.hpp"
#include "runtime/transformer.hpp"

namespace clift::bench {
namespace {

// Synthetic weights only need to be the same from run to run; their values do not change speed.
constexpr std::uint64_t kSyntheticSeed = 42;

// A model of the sweep before it is loaded: a file, or a preset built in memory.
struct ModelSource {
  std::string name;                   // the path, or the preset's name
  std::optional<ModelConfig> preset;  // set for a synthetic model
};

std::vector<ModelSource> model_sources(const BenchOptions& o) {
  std::vector<ModelSource> sources;
  for (const auto& path : o.model_paths) {
    sources.push_back({path, std::nullopt});
  }
  for (const auto& name : o.synthetic_presets) {
    sources.push_back({name, synthetic_preset(name)});
  }
  return sources;
}

Model load(const ModelSource& source) {
  std::fprintf(stderr, "clift-bench: loading %s%s\n", source.preset ? "synthetic:" : "",
               source.name.c_str());
  if (!source.preset) return load_model(source.name, RopeOverrides{});
  return make_synthetic_model(*source.preset, kSyntheticSeed, source.name);
}

std::vector<std::size_t> thread_counts(const BenchOptions& o) {
  if (!o.threads.empty()) return o.threads;
  return {host_topology().physical_cores};
}

// TODO(numa-scheduler): there is no NUMA scheduler yet, so every policy runs as "none" (the OS
// places threads and pages); the rows say so instead of claiming the policy asked for.
std::string applied_numa_policy(const std::string& /*requested*/) {
  return "none";
}

std::size_t dtype_bytes(const std::string& dtype) {
  if (dtype == "f32") return 4;
  throw Error("--dtype " + dtype + ": not supported yet (this build runs f32 weights only)");
}

// 0 where the OS cannot tell.
double load_average() {
  double load = 0;
  return getloadavg(&load, 1) == 1 ? load : 0;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The work of each phase of a test, for the roofline.
std::vector<Work> test_work(const ModelConfig& config, std::size_t element_bytes,
                            const TestSpec& test, std::size_t batch) {
  std::vector<Work> phases;
  if (test.n_prompt > 0) {
    phases.push_back(prefill_work(config, element_bytes, test.n_prompt, test.n_depth, batch));
  }
  if (test.n_gen > 0) {
    phases.push_back(decode_work(config, element_bytes, test.n_gen, test.n_depth + test.n_prompt));
  }
  return phases;
}

// One point of the sweep but the model and the test: the dimensions a Transformer is built for.
struct Setting {
  std::string dtype;
  const kernels::KernelSet* kernels;
  std::string numa;
  std::string numa_applied;
  std::size_t n_threads;
  std::size_t batch;
};

// The cross product of the setting dimensions, in llama-bench's order. Logs once what runs
// differently from what was asked: the backend "auto" chose, a NUMA policy not yet applied.
std::vector<Setting> settings(const BenchOptions& o) {
  std::vector<Setting> all;
  for (const auto& dtype : o.dtypes) {
    for (const auto& backend : o.backends) {
      const kernels::KernelSet& kernels = kernels::select_backend(backend);
      if (dtype == o.dtypes.front() && backend != kernels.name) {
        std::fprintf(stderr, "clift-bench: --backend %s runs %s\n", backend.c_str(), kernels.name);
      }
      for (const auto& numa : o.numa) {
        const std::string applied = applied_numa_policy(numa);
        if (dtype == o.dtypes.front() && backend == o.backends.front() && applied != numa) {
          std::fprintf(stderr, "clift-bench: --numa %s cannot be applied yet; running %s\n",
                       numa.c_str(), applied.c_str());
        }
        for (const std::size_t n_threads : thread_counts(o)) {
          for (const std::size_t batch : o.batch) {
            all.push_back({dtype, &kernels, numa, applied, n_threads, batch});
          }
        }
      }
    }
  }
  return all;
}

Provenance provenance(const Model& model, const Setting& at) {
  Provenance p;
  p.build_commit = build_info::kCommit;
  p.compiler = build_info::kCompiler;
  p.flags = build_info::kFlags;
  p.build_type = build_info::kBuildType;
  p.cpu_model = cpu_features().model_name;
  p.model = model.source;
  p.model_shape = model.config.shape_string();
  p.dtype = at.dtype;
  p.model_size = model.weight_bytes();
  p.model_n_params = model.config.parameter_count();
  p.backend = at.kernels->name;
  p.n_threads = at.n_threads;
  p.numa = at.numa;
  p.numa_applied = at.numa_applied;
  p.n_batch = at.batch;
  p.test_time = utc_now();
  p.load_avg = load_average();
  return p;
}

BenchRow measure(const Model& model, const Setting& at, Transformer& transformer,
                 const TestSpec& test, Roofline& roofline, const BenchOptions& o) {
  BenchRow row;
  row.provenance = provenance(model, at);
  TestRun run = run_test(transformer, test, o.repetitions, o.profile, o.verbose,
                         [&] { return roofline.sample(*at.kernels, at.n_threads); });
  row.test = test;
  row.repetitions = o.repetitions;
  row.samples_ts = std::move(run.samples_ts);
  row.ceiling_samples = std::move(run.ceiling_samples);
  row.profile = std::move(run.profile);
  row.ts = summarize(row.samples_ts);
  row.ceilings = roofline.ceilings(*at.kernels, at.n_threads);
  const auto work = test_work(model.config, dtype_bytes(at.dtype), test, at.batch);
  const double tokens = static_cast<double>(test.n_prompt + test.n_gen);
  row.roofline = place(work, tokens, row.ts.median, row.ceilings);
  row.paired_fraction = paired_fraction(work, tokens, row.samples_ts, row.ceiling_samples);
  return row;
}

std::size_t largest_context(const std::vector<TestSpec>& tests) {
  std::size_t context = 0;
  for (const auto& t : tests)
    context = std::max(context, context_needed(t));
  return context;
}

}  // namespace

void validate_sweep(const BenchOptions& o) {
  if (o.model_paths.empty() && o.synthetic_presets.empty()) {
    throw Error("no model: give -m FILE or --synthetic PRESET (clift-bench -h)");
  }
  const auto tests = o.tests();
  if (tests.empty()) throw Error("no test: -p and -n are all 0 and no -pg was given");
  for (const auto& path : o.model_paths) {
    if (!std::filesystem::is_regular_file(path)) throw Error("-m " + path + ": no such file");
  }
  const std::size_t context = largest_context(tests);
  for (const auto& name : o.synthetic_presets) {
    const auto preset = synthetic_preset(name);
    if (!preset) {
      std::string known;
      for (const auto& n : synthetic_preset_names())
        known += (known.empty() ? "" : ", ") + n;
      throw Error("--synthetic " + name + ": unknown preset (known: " + known + ")");
    }
    if (context > preset->seq_len) {
      throw Error("--synthetic " + name + ": the tests need " + std::to_string(context) +
                  " positions, the model has " + std::to_string(preset->seq_len));
    }
  }
  for (const auto& backend : o.backends)
    kernels::select_backend(backend);
  if (o.plot_dir && std::filesystem::exists(*o.plot_dir) &&
      !std::filesystem::is_directory(*o.plot_dir)) {
    throw Error("--plot " + *o.plot_dir + ": exists and is not a folder");
  }
  for (const auto& dtype : o.dtypes)
    dtype_bytes(dtype);
}

std::vector<BenchRow> run_sweep(const BenchOptions& o, const RooflineOptions& roofline_options,
                                std::ostream& out) {
  validate_sweep(o);
  const auto tests = o.tests();
  const auto sources = model_sources(o);
  const auto all_settings = settings(o);
  const std::size_t total = sources.size() * all_settings.size() * tests.size();
  const std::size_t context = largest_context(tests);

  // A machine that is busy before the bench starts gives lower, noisier rates and ceilings, and
  // they need not be lowered alike, since the probes and the tests run at different moments.
  if (const double load = load_average(); load >= 1.0) {
    std::fprintf(stderr,
                 "clift-bench: warning: load average %.1f before the first test (%zu cores): other "
                 "work shares this machine, so rates and ceilings are lower and noisier\n",
                 load, host_topology().physical_cores);
  }
  Roofline roofline(roofline_options);
  const auto reporter = make_reporter(o.output, out);
  std::vector<BenchRow> rows;
  for (const ModelSource& source : sources) {
    const Model model = load(source);
    if (context > model.config.seq_len) {
      throw Error(model.source + ": the tests need " + std::to_string(context) +
                  " positions, the model has " + std::to_string(model.config.seq_len));
    }
    for (const Setting& at : all_settings) {
      // Before the transformer allocates and starts its workers, so neither weighs on the probes.
      roofline.ceilings(*at.kernels, at.n_threads);
      Transformer transformer(model, *at.kernels, {context, at.batch, at.n_threads});
      for (const TestSpec& test : tests) {
        std::fprintf(stderr, "clift-bench: [%zu/%zu] %s %s %s t=%zu b=%zu %s ...\n",
                     rows.size() + 1, total, model.source.c_str(), at.dtype.c_str(),
                     at.kernels->name, at.n_threads, at.batch, test.name().c_str());
        BenchRow row = measure(model, at, transformer, test, roofline, o);
        std::fprintf(stderr,
                     "clift-bench: [%zu/%zu] %s: %.2f ± %.2f t/s, %.1f%% of the roofline (%s), "
                     "%.1f%% of the ceilings sampled around each repetition\n",
                     rows.size() + 1, total, test.name().c_str(), row.ts.mean, row.ts.stddev,
                     100 * row.roofline.fraction, row.roofline.bound.c_str(),
                     100 * row.paired_fraction);
        reporter->row(row);
        rows.push_back(std::move(row));
      }
    }
  }
  reporter->finish();
  return rows;
}

}  // namespace clift::bench
