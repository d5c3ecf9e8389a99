// tokenizer-bench [-z FILE] [benchmark flags]: MB/s of encoding text on one core, the fast BPE
// against the library's reference loop, on English (rare_words:0) and on made-up words that BPE
// must merge letter by letter (rare_words:1). The vocabulary is FILE, else $CLIFT_VOCAB, else the
// installed Llama 3 tokenizer.json.
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "runtime/tokenizer/pretokenizer.hpp"
#include "runtime/tokenizer/tokenizer.hpp"

namespace {

// Plain English prose with numbers, punctuation and line breaks, written for this benchmark.
constexpr const char* kParagraphs[] = {
    "The lighthouse keeper climbed the one hundred and twelve steps every evening at a quarter "
    "past six. He polished the lens, trimmed the wick, and wrote the weather into a ledger that "
    "his grandfather had started in 1891. Most nights nothing happened; that was the point.\n\n",
    "When the storm came in October, it arrived sideways. Rain hammered the windows, the radio "
    "crackled with warnings from ships that were too far away to help, and the light turned, "
    "turned, turned, as if nothing in the world could stop it.\n\n",
    "\"Do you ever get lonely out here?\" the inspector asked in the spring. The keeper thought "
    "about it for a long time. \"No,\" he said at last. \"I have the gulls, the tide tables, and "
    "three hundred books. I've read most of them twice.\"\n\n",
    "Engineers measure what they build. A compiler that runs 3.5% faster on one benchmark and "
    "12% slower on another is not faster; it is different. The honest report gives both numbers, "
    "the machine, the flags, and the date, so that someone else can check it.\n\n",
    "Bread is simple: flour, water, salt and time. The baker mixes 500 grams of flour with 350 "
    "grams of water, waits twenty minutes, adds ten grams of salt, and folds the dough four "
    "times over two hours. Tomorrow morning, the loaves go into a very hot oven.\n",
};

std::string english_text(std::size_t min_bytes) {
  std::string text;
  while (text.size() < min_bytes) {
    for (const char* p : kParagraphs)
      text += p;
  }
  return text;
}

// Made-up lowercase words of 6 to 24 letters (seeded): pieces that are not tokens, so that BPE
// merges every one of them, where the fast loop and the reference loop differ.
std::string rare_words(std::size_t min_bytes) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> letter('a', 'z');
  std::uniform_int_distribution<int> length(6, 24);
  std::string text;
  while (text.size() < min_bytes) {
    text += ' ';
    for (int n = length(rng); n > 0; --n)
      text += static_cast<char>(letter(rng));
  }
  return text;
}

std::string g_vocab_path;

const clift::Tokenizer& tokenizer() {
  static const clift::Tokenizer t = clift::Tokenizer::load(g_vocab_path);
  return t;
}

constexpr std::size_t kTextBytes = 256 * 1024;

// state.range(0): 0 English, 1 made-up words.
const std::string& text(std::int64_t kind = 0) {
  static const std::string english = english_text(kTextBytes);
  static const std::string rare = rare_words(kTextBytes);
  return kind == 0 ? english : rare;
}

void encode_benchmark(benchmark::State& state, bool reference) {
  const auto& tok = tokenizer();
  const std::string& input = text(state.range(0));
  std::size_t tokens = 0;
  for (auto _ : state) {
    const auto ids = reference ? tok.encode_reference(input, false) : tok.encode(input, false);
    tokens = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

void BM_EncodeFast(benchmark::State& state) {
  encode_benchmark(state, false);
}
void BM_EncodeNaive(benchmark::State& state) {
  encode_benchmark(state, true);
}

// The pre-tokenizer's share of encoding: PCRE2 JIT matching alone.
void BM_Pretokenize(benchmark::State& state) {
  const clift::Pretokenizer pretokenizer;
  std::vector<std::string_view> pieces;
  for (auto _ : state) {
    pieces.clear();
    pretokenizer.split(text(), pieces);
    benchmark::DoNotOptimize(pieces.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text().size()));
}

void BM_LoadVocabulary(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(clift::Tokenizer::load(g_vocab_path).vocab_size());
}

BENCHMARK(BM_EncodeFast)->ArgName("rare_words")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncodeNaive)->ArgName("rare_words")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pretokenize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadVocabulary)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  // -z FILE is ours; the rest goes to Google Benchmark.
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "-z") == 0 && i + 1 < argc) {
      g_vocab_path = argv[++i];
    } else {
      args.push_back(argv[i]);
    }
  }
  try {
    if (g_vocab_path.empty()) g_vocab_path = clift::default_vocabulary_path();
    std::fprintf(stderr, "tokenizer-bench: vocabulary %s, %zu bytes of English text\n",
                 g_vocab_path.c_str(), text().size());
    tokenizer();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tokenizer-bench: %s\n", e.what());
    return 1;
  }
  int bench_argc = static_cast<int>(args.size());
  benchmark::Initialize(&bench_argc, args.data());
  if (benchmark::ReportUnrecognizedArguments(bench_argc, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
