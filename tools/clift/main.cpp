// clift: runs a Llama 3 model on a prompt and reports prefill and decode speed, as the original
// program does. Generated text goes to stdout; configuration and timings go to stderr.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "platform/error.hpp"
#include "runtime/generation.hpp"
#include "tools/clift/chat.hpp"
#include "tools/clift/logits_json.hpp"
#include "tools/clift/session.hpp"

namespace clift::cli {
namespace {

// The prompt's ids, checked before anything is printed so that bad input is one error line.
std::vector<std::int32_t> prompt_tokens(const Session& s, const Options& o) {
  std::vector<std::int32_t> ids =
      o.prompt_tokens ? *o.prompt_tokens : s.tokenizer->encode(o.prompt, o.add_bos);
  const std::size_t context = s.transformer->context_len();
  if (ids.size() > context) {
    throw Error("the prompt is " + std::to_string(ids.size()) +
                " tokens, longer than the context of " + std::to_string(context) + " (raise -c)");
  }
  check_token_ids(ids, s.model.config.vocab_size);
  return ids;
}

void print_timing(const char* label, std::size_t tokens, double seconds) {
  std::fprintf(stderr, "%s %zu tokens in %6.3f s (%f tok/s)\n", label, tokens, seconds,
               seconds > 0 ? static_cast<double>(tokens) / seconds : 0.0);
}

void run_completion(Session& s, const Options& o, const std::vector<std::int32_t>& prompt) {
  std::optional<TokenStreamDecoder> decoder;
  if (s.tokenizer) decoder.emplace(*s.tokenizer, o.print_special);
  if (o.display_prompt && o.prompt_given) std::printf("[%s]", o.prompt.c_str());

  std::vector<std::int32_t> generated;
  const auto on_token = [&](std::int32_t id) {
    generated.push_back(id);
    if (decoder) {
      std::fputs(decoder->push(id).c_str(), stdout);
      std::fflush(stdout);
      return !s.tokenizer->is_end_of_generation(id);
    }
    std::printf(generated.size() == 1 ? "%d" : " %d", id);
    return true;
  };

  LogitsCapture capture;
  capture.keep_last = o.logits_last != 0 ? o.logits_last : prompt.size();
  const bool capturing = !o.logits_out.empty();
  const GenerationStats stats = generate(*s.transformer, *s.sampler, prompt, 0, o.n_generate,
                                         on_token, capturing ? &capture : nullptr);
  if (decoder) std::fputs(decoder->finish().c_str(), stdout);
  std::printf("\n");
  std::fflush(stdout);

  if (capturing) {
    write_logits_json(o.logits_out, prompt, capture, s.model.config.vocab_size, generated);
  }
  std::fprintf(stderr, "\n");
  print_timing("Prompt processing (prefill):", stats.prompt_tokens, stats.prefill_seconds);
  print_timing("Token generation  (decode): ", stats.decode_tokens, stats.decode_seconds);
}

int run(int argc, char** argv) {
  const std::optional<Options> options = parse_options(argc, argv);
  if (!options) return 0;
  Session session = open_session(*options);
  if (options->chat) {
    print_configuration(session, *options);
    run_chat(session, *options);
  } else {
    const std::vector<std::int32_t> prompt = prompt_tokens(session, *options);
    print_configuration(session, *options);
    run_completion(session, *options, prompt);
  }
  return 0;
}

}  // namespace
}  // namespace clift::cli

int main(int argc, char** argv) {
  try {
    return clift::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "clift: error: %s\n", e.what());
    return 1;
  }
}
