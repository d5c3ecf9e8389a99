#include "runtime/tokenizer/token_index.hpp"

#include <bit>
#include <cstring>

#include "platform/error.hpp"

namespace clift {

namespace {

// splitmix64's finalizer over 8-byte words: tokens are a few bytes long, so a word at a time.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t hash_bytes(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, s.data() + i, 8);
    h = mix(h ^ word);
  }
  if (i < s.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, s.data() + i, s.size() - i);
    h = mix(h ^ word);
  }
  return h;
}

}  // namespace

TokenIndex::TokenIndex(const std::vector<std::string>& tokens, const std::vector<bool>& skip,
                       const std::string& path)
    : tokens_(&tokens),
      slots_(std::bit_ceil(2 * tokens.size() + 2), Slot{0, -1}),
      mask_(slots_.size() - 1) {
  for (std::size_t id = 0; id < tokens.size(); ++id) {
    if (skip[id]) continue;
    const std::uint64_t h = hash_bytes(tokens[id]);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.id < 0) {
        slot = {tag, static_cast<std::int32_t>(id)};
        break;
      }
      if (slot.tag == tag && tokens[slot.id] == tokens[id]) {
        throw Error(path + ": token " + std::to_string(id) + " repeats the bytes of token " +
                    std::to_string(slot.id));
      }
    }
  }
}

std::optional<std::int32_t> TokenIndex::find(std::string_view bytes) const {
  const std::uint64_t h = hash_bytes(bytes);
  const auto tag = static_cast<std::uint32_t>(h >> 32);
  for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.id < 0) return std::nullopt;
    if (slot.tag == tag && (*tokens_)[slot.id] == bytes) return slot.id;
  }
}

}  // namespace clift
