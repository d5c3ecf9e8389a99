#include "tools/clift/chat.hpp"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "platform/error.hpp"
#include "runtime/generation.hpp"

namespace clift::cli {

void run_chat(Session& s, const Options& o) {
  const Tokenizer& tokenizer = *s.tokenizer;
  const std::optional<std::int32_t> eot = tokenizer.special_id("<|eot_id|>");
  if (!eot) throw Error("--chat: the vocabulary " + tokenizer.path() + " has no <|eot_id|>");

  // Tokens that are due before the next user turn: BOS and the system turn at first, then the
  // end-of-turn token that closed the last reply (sampled, so not yet in the cache).
  std::vector<std::int32_t> pending{tokenizer.bos_id()};
  if (!o.system_prompt.empty()) {
    const auto system = chat_turn_tokens(tokenizer, "system", o.system_prompt);
    pending.insert(pending.end(), system.begin(), system.end());
  }

  std::size_t pos = 0;
  std::string line;
  std::fprintf(stderr, "> ");
  while (std::getline(std::cin, line)) {
    std::vector<std::int32_t> turn = pending;
    const auto user = chat_turn_tokens(tokenizer, "user", line);
    const auto reply_header = chat_reply_header_tokens(tokenizer);
    turn.insert(turn.end(), user.begin(), user.end());
    turn.insert(turn.end(), reply_header.begin(), reply_header.end());
    if (pos + turn.size() >= s.transformer->context_len()) {
      std::fprintf(stderr, "\nclift: the context of %zu tokens is full; ending the conversation\n",
                   s.transformer->context_len());
      break;
    }

    TokenStreamDecoder decoder(tokenizer, o.print_special);
    std::int32_t last = *eot;
    std::size_t reply_tokens = 0;
    const auto on_token = [&](std::int32_t id) {
      reply_tokens++;
      if (tokenizer.is_end_of_generation(id)) {
        last = id;
        return false;
      }
      last = id;
      std::fputs(decoder.push(id).c_str(), stdout);
      std::fflush(stdout);
      return true;
    };
    const GenerationStats stats =
        generate(*s.transformer, *s.sampler, turn, pos, o.n_generate, on_token);
    std::fputs(decoder.finish().c_str(), stdout);
    std::fputs("\n", stdout);
    std::fflush(stdout);

    // Every sampled token but the last went through the model; the last is fed with the next
    // turn, and a reply cut short by -n is closed with <|eot_id|> so the template stays valid.
    pos += turn.size() + (reply_tokens > 0 ? reply_tokens - 1 : 0);
    pending.assign(1, last);
    if (!tokenizer.is_end_of_generation(last)) pending.push_back(*eot);
    if (o.verbose) {
      std::fprintf(
          stderr, "[%zu prompt tokens at %.1f tok/s, %zu reply tokens at %.1f tok/s]\n",
          stats.prompt_tokens, static_cast<double>(stats.prompt_tokens) / stats.prefill_seconds,
          stats.decode_tokens,
          stats.decode_seconds > 0 ? static_cast<double>(stats.decode_tokens) / stats.decode_seconds
                                   : 0.0);
    }
    std::fprintf(stderr, "> ");
  }
  std::fprintf(stderr, "\n");
}

}  // namespace clift::cli
