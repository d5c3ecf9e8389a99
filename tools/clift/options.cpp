#include "tools/clift/options.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string_view>

#include "platform/error.hpp"

namespace clift::cli {
namespace {

constexpr const char* kUsage = R"(usage: clift (-m MODEL | --synthetic PRESET) [options]

model
  -m FILE                 model file (Clift v0)
  --synthetic PRESET      build a model with seeded random weights in memory instead:
                          llama3.2-1b, llama3.2-3b, llama3.1-8b, small, tiny
  --synthetic-seed N      seed of the synthetic weights (default 42)
  -z FILE                 vocabulary: tokenizer.model, tokenizer.json or tokenizer.bin
                          (default for synthetic models: the Llama 3 vocabulary installed by
                          tools/install-deps.sh)
  --rope-theta F          RoPE base (default 500000)
  --rope-factor F         Llama 3 RoPE scaling factor (default 1: off; Llama 3.2 uses 32,
                          Llama 3.1 uses 8); v0 files cannot store it
  --rope-low-freq F       low frequency factor (default 1)
  --rope-high-freq F      high frequency factor (default 4)
  --rope-original-ctx N   original context length (default 8192)

prompt and generation
  -p TEXT                 prompt
  -f FILE                 read the prompt from a file
  --tokens ID,ID,...      prompt as token ids, taken as given (no BOS added, no tokenizer needed)
  --no-bos                do not add the beginning-of-text token to -p / -f prompts
  -n N                    tokens to generate in all, the first from the prompt (default 256)
  --temp F                temperature, 0 is greedy (default 0.8)
  --top-k N               keep the N most likely tokens, 0 keeps all (default 40)
  --top-p F               nucleus sampling mass, 1 turns it off (default 0.95)
  -s N                    sampling seed (default: the time)
  --special               print special tokens as text
  --no-display-prompt     do not echo the prompt
  --chat, -cnv            interactive conversation on stdin (Llama 3 instruct template)
  --system TEXT           system prompt of the conversation

execution
  -t N                    threads (default: physical cores)
  -c N                    context length, KV cache positions (default: the model's)
  -b N                    prompt tokens per prefill chunk (default 512)
  --backend NAME          kernel set: auto, scalar, avx2, avx512, neon (default auto)
  -v                      log the configuration and choices

checking from outside
  --logits-out FILE       write JSON: prompt, logits (one row per prompt position from
                          logits_from), logits_from and greedy (the generated ids)
  --logits-last K         keep only the last K rows of logits
  -h, --help              this text
)";

template <typename T>
T parse_number(std::string_view option, std::string_view text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) {
    throw Error(std::string(option) + ": '" + std::string(text) + "' is not a valid number");
  }
  return value;
}

std::size_t parse_count(std::string_view option, std::string_view text) {
  const long long v = parse_number<long long>(option, text);
  if (v < 0) throw Error(std::string(option) + ": expected a count >= 0, got " + std::string(text));
  return static_cast<std::size_t>(v);
}

std::vector<std::int32_t> parse_token_list(std::string_view text) {
  std::vector<std::int32_t> ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    ids.push_back(parse_number<std::int32_t>("--tokens", text.substr(start, comma - start)));
    start = comma + 1;
  }
  return ids;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("-f " + path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i++) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) throw Error(std::string(arg) + ": missing value");
      return argv[++i];
    };
    const auto number = [&](auto&& dummy) {
      return parse_number<std::decay_t<decltype(dummy)>>(arg, value());
    };

    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return std::nullopt;
    } else if (arg == "-m") {
      o.model_path = value();
    } else if (arg == "--synthetic") {
      o.synthetic_preset = value();
    } else if (arg == "--synthetic-seed") {
      o.synthetic_seed = number(std::uint64_t{});
    } else if (arg == "-z") {
      o.tokenizer_path = value();
    } else if (arg == "-p") {
      o.prompt = value();
      o.prompt_given = true;
    } else if (arg == "-f") {
      o.prompt = read_file(std::string(value()));
      o.prompt_given = true;
    } else if (arg == "--tokens") {
      o.prompt_tokens = parse_token_list(value());
    } else if (arg == "--no-bos") {
      o.add_bos = false;
    } else if (arg == "-n") {
      o.n_generate = parse_count(arg, value());
    } else if (arg == "--temp") {
      o.sampler.temperature = number(float{});
    } else if (arg == "--top-k") {
      o.sampler.top_k = parse_count(arg, value());
    } else if (arg == "--top-p") {
      o.sampler.top_p = number(float{});
    } else if (arg == "-s" || arg == "--seed") {
      o.sampler.seed = number(std::uint64_t{});
      o.seed_given = true;
    } else if (arg == "--special") {
      o.print_special = true;
    } else if (arg == "--no-display-prompt") {
      o.display_prompt = false;
    } else if (arg == "--chat" || arg == "-cnv") {
      o.chat = true;
    } else if (arg == "--system") {
      o.system_prompt = value();
    } else if (arg == "-t") {
      o.transformer.threads = parse_count(arg, value());
    } else if (arg == "-c") {
      o.transformer.context_len = parse_count(arg, value());
    } else if (arg == "-b") {
      o.transformer.batch = parse_count(arg, value());
      if (o.transformer.batch == 0) throw Error("-b: the chunk must hold at least one token");
    } else if (arg == "--backend") {
      o.backend = value();
    } else if (arg == "-v" || arg == "--verbose") {
      o.verbose = true;
    } else if (arg == "--logits-out") {
      o.logits_out = value();
    } else if (arg == "--logits-last") {
      o.logits_last = parse_count(arg, value());
    } else if (arg == "--rope-theta") {
      o.rope.theta = number(float{});
    } else if (arg == "--rope-factor") {
      o.rope.factor = number(float{});
    } else if (arg == "--rope-low-freq") {
      o.rope.low_freq_factor = number(float{});
    } else if (arg == "--rope-high-freq") {
      o.rope.high_freq_factor = number(float{});
    } else if (arg == "--rope-original-ctx") {
      o.rope.original_context = number(float{});
    } else {
      throw Error("unknown option '" + std::string(arg) + "' (see clift -h)");
    }
  }

  if (o.model_path.empty() == o.synthetic_preset.empty()) {
    throw Error("give exactly one of -m MODEL and --synthetic PRESET (see clift -h)");
  }
  if (o.prompt_given && o.prompt_tokens) throw Error("-p/-f and --tokens exclude each other");
  if (o.chat && (o.prompt_given || o.prompt_tokens)) {
    throw Error("--chat reads its turns from stdin; drop -p, -f and --tokens");
  }
  if (!o.seed_given) o.sampler.seed = static_cast<std::uint64_t>(std::time(nullptr));
  return o;
}

}  // namespace clift::cli
