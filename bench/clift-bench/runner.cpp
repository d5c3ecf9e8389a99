#include "bench/clift-bench/runner.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "platform/clock.hpp"
#include "runtime/sampler.hpp"

namespace clift::bench {
namespace {

// Token ids drawn once from a fixed seed: any ids cost the same, and fixed ones make runs alike.
std::vector<std::int32_t> fixed_tokens(std::size_t n, std::size_t vocab_size, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int32_t> id(0, static_cast<std::int32_t>(vocab_size) - 1);
  std::vector<std::int32_t> tokens(n);
  for (auto& t : tokens)
    t = id(rng);
  return tokens;
}

// The forward-pass time of one run of a test, by phase.
struct RunTimes {
  double prefill_seconds = 0;
  double decode_seconds = 0;
};

class TestDriver {
 public:
  TestDriver(Transformer& transformer, const TestSpec& test)
      : transformer_(transformer),
        test_(test),
        prompt_(fixed_tokens(test.n_prompt, transformer.config().vocab_size, 1)),
        first_token_(fixed_tokens(1, transformer.config().vocab_size, 2).front()),
        sampler_(transformer.kernels(), transformer.config().vocab_size, SamplerOptions{}) {}

  void fill_depth() {
    if (test_.n_depth == 0) return;
    const auto context = fixed_tokens(test_.n_depth, transformer_.config().vocab_size, 3);
    transformer_.forward(context, 0, 1);
  }

  // The first prefill chunk and one decoded token: faults in the weights, starts the workers and
  // warms the caches, at a fraction of a full run's cost.
  void warm_up() {
    const std::size_t pos = test_.n_depth;
    if (test_.n_prompt > 0) {
      const std::size_t chunk = std::min(test_.n_prompt, transformer_.batch());
      transformer_.forward(std::span(prompt_).first(chunk), pos, 1);
    }
    if (test_.n_gen > 0) transformer_.forward(std::span(&first_token_, 1), pos, 1);
  }

  // One run of the test; with profiles, each phase adds to its own and sampling is timed too.
  RunTimes run(Profile* prefill_profile, Profile* decode_profile) {
    RunTimes times;
    std::size_t pos = test_.n_depth;
    std::int32_t token = first_token_;
    if (test_.n_prompt > 0) {
      transformer_.set_profile(prefill_profile);
      const double start = now_seconds();
      const auto logits = transformer_.forward(prompt_, pos, 1);
      times.prefill_seconds = now_seconds() - start;
      token = next_token(logits, prefill_profile);
      pos += test_.n_prompt;
    }
    transformer_.set_profile(decode_profile);
    for (std::size_t i = 0; i < test_.n_gen; i++, pos++) {
      const double start = now_seconds();
      const auto logits = transformer_.forward(std::span(&token, 1), pos, 1);
      times.decode_seconds += now_seconds() - start;
      token = next_token(logits, decode_profile);
    }
    transformer_.set_profile(nullptr);
    return times;
  }

 private:
  // Greedy feedback keeps timed runs free of sampling; a profiled run samples as generation
  // would, so the profile shows what sampling costs.
  std::int32_t next_token(std::span<const float> logits, Profile* profile) {
    if (profile == nullptr) {
      return static_cast<std::int32_t>(transformer_.kernels().argmax(logits.data(), logits.size()));
    }
    logits_.assign(logits.begin(), logits.end());
    const double start = now_seconds();
    const std::int32_t token = sampler_.sample(logits_);
    profile->add(Operator::kSampling, now_seconds() - start,
                 static_cast<double>(logits_.size() * sizeof(float)), 0);
    return token;
  }

  Transformer& transformer_;
  TestSpec test_;
  std::vector<std::int32_t> prompt_;
  std::int32_t first_token_;
  Sampler sampler_;
  std::vector<float> logits_;  // [vocab_size] the sampler's copy
};

}  // namespace

std::size_t context_needed(const TestSpec& test) {
  return test.n_depth + test.n_prompt + test.n_gen;
}

TestRun run_test(Transformer& transformer, const TestSpec& test, std::size_t repetitions,
                 bool profile, bool verbose, const std::function<Ceilings()>& sample_ceilings) {
  TestDriver driver(transformer, test);
  driver.fill_depth();
  driver.warm_up();

  TestRun result;
  const auto sample = [&] {
    result.ceiling_samples.push_back(sample_ceilings());
    if (verbose) {
      std::fprintf(
          stderr, "clift-bench:   ceilings: read bandwidth %.2f GB/s, FMA peak %.1f GFLOP/s\n",
          result.ceiling_samples.back().bandwidth_gbs, result.ceiling_samples.back().peak_gflops);
    }
  };
  const double tokens = static_cast<double>(test.n_prompt + test.n_gen);
  for (std::size_t r = 0; r < repetitions; r++) {
    sample();
    const RunTimes t = driver.run(nullptr, nullptr);
    const double seconds = t.prefill_seconds + t.decode_seconds;
    result.samples_ts.push_back(tokens / seconds);
    if (verbose) {
      std::fprintf(stderr,
                   "clift-bench:   repetition %zu: prefill %.4f s, decode %.4f s, %.2f t/s\n",
                   r + 1, t.prefill_seconds, t.decode_seconds, tokens / seconds);
    }
  }
  if (repetitions > 0) sample();

  if (profile) {
    ProfilePhase prefill{"prefill", test.n_prompt, {}};
    ProfilePhase decode{"decode", test.n_gen, {}};
    driver.run(&prefill.profile, &decode.profile);
    if (test.n_prompt > 0) result.profile.push_back(prefill);
    if (test.n_gen > 0) result.profile.push_back(decode);
  }
  return result;
}

}  // namespace clift::bench
