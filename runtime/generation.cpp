#include "runtime/generation.hpp"

#include <algorithm>
#include <vector>

#include "platform/clock.hpp"
#include "platform/error.hpp"

namespace clift {

GenerationStats generate(Transformer& transformer, Sampler& sampler,
                         std::span<const std::int32_t> prompt, std::size_t pos,
                         std::size_t n_generate, const std::function<bool(std::int32_t)>& on_token,
                         LogitsCapture* capture) {
  if (prompt.empty()) throw Error("the prompt is empty: give -p, -f or --tokens");
  const std::size_t vocab = transformer.config().vocab_size;
  GenerationStats stats;
  stats.prompt_tokens = prompt.size();

  const std::size_t n_logits =
      capture != nullptr ? std::max<std::size_t>(capture->keep_last, 1) : 1;
  double start = now_seconds();
  std::span<const float> logits = transformer.forward(prompt, pos, n_logits);
  stats.prefill_seconds = now_seconds() - start;
  if (capture != nullptr) {
    const std::size_t kept = std::min(capture->keep_last, prompt.size());
    capture->first_position = pos + prompt.size() - kept;
    capture->rows.assign(logits.end() - static_cast<std::ptrdiff_t>(kept * vocab), logits.end());
  }
  pos += prompt.size();

  std::vector<float> last(logits.end() - static_cast<std::ptrdiff_t>(vocab), logits.end());
  for (std::size_t generated = 0; generated < n_generate; generated++) {
    const std::int32_t token = sampler.sample(last);
    if (!on_token(token) || generated + 1 == n_generate) break;
    if (pos >= transformer.context_len()) break;  // the context is full: stop, as llama.cpp does

    start = now_seconds();
    logits = transformer.forward(std::span(&token, 1), pos, 1);
    stats.decode_seconds += now_seconds() - start;
    stats.decode_tokens++;
    pos++;
    std::copy(logits.begin(), logits.end(), last.begin());
  }
  return stats;
}

}  // namespace clift
