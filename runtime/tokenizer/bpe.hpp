#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/tokenizer/token_index.hpp"
#include "runtime/tokenizer/vocabulary.hpp"

namespace clift {

// Byte-level BPE inside one pre-tokenized piece. It views the vocabulary's token strings, so the
// vocabulary must outlive it and stay where it is.
class BytePairEncoder {
 public:
  // Throws clift::Error naming path when the vocabulary cannot encode every byte sequence.
  BytePairEncoder(const Vocabulary& vocab, const std::string& path);

  // The ordinary token whose bytes are exactly these.
  std::optional<std::int32_t> find(std::string_view bytes) const;

  // Appends the piece's tokens to out. A piece that is itself a token is that token; otherwise
  // merges apply lowest rank first, leftmost first among equals.
  void encode_piece(std::string_view piece, std::vector<std::int32_t>& out) const;

  // The same result by the textbook loop: rescan every adjacent pair after each merge, O(n^2).
  // Kept as the reference that encode_piece is tested and benchmarked against.
  void encode_piece_reference(std::string_view piece, std::vector<std::int32_t>& out) const;

 private:
  struct MergeTo {
    std::int32_t rank;
    std::int32_t merged;
  };
  std::optional<MergeTo> merge_of(std::int32_t left, std::int32_t right) const;

  // Pieces of English text are a few bytes long; up to this length merging runs on the stack.
  static constexpr std::size_t kShortPiece = 32;
  void merge_short(std::string_view piece, std::vector<std::int32_t>& out) const;
  void merge_long(std::string_view piece, std::vector<std::int32_t>& out) const;

  // Open addressing over (left id << 32 | right id) keys, for the same reason as TokenIndex.
  struct PairSlot {
    std::uint64_t key;  // kEmpty: free
    MergeTo merge;
  };
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  std::array<std::int32_t, 256> byte_ids_{};
  TokenIndex ids_;
  std::vector<PairSlot> merges_;  // size a power of two, at most half full
  std::uint64_t merge_mask_ = 0;
};

}  // namespace clift
