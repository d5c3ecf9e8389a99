#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clift {

// Byte string -> token id, for ordinary tokens. Open addressing over one flat array of (hash tag,
// id) slots, so a lookup touches the slot and the token's bytes and nothing else: this map is on
// the encoder's hot path (every piece is looked up whole) and builds 128k entries at every load.
// It views tokens, which must outlive it and not change.
class TokenIndex {
 public:
  // Indexes every token not marked skip; throws clift::Error naming path when two have the same
  // bytes.
  TokenIndex(const std::vector<std::string>& tokens, const std::vector<bool>& skip,
             const std::string& path);

  std::optional<std::int32_t> find(std::string_view bytes) const;

 private:
  struct Slot {
    std::uint32_t tag;
    std::int32_t id;  // -1: empty
  };
  const std::vector<std::string>* tokens_;
  std::vector<Slot> slots_;  // size a power of two, at most half full
  std::uint64_t mask_;
};

}  // namespace clift
