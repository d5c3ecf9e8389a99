#include "runtime/tokenizer/bpe.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <limits>
#include <queue>

#include "platform/error.hpp"

namespace clift {

namespace {

std::uint64_t pair_key(std::int32_t left, std::int32_t right) {
  return std::uint64_t{static_cast<std::uint32_t>(left)} << 32 | static_cast<std::uint32_t>(right);
}

// Fibonacci hashing: the top bits of key times 2^64/phi spread consecutive ids over the table.
std::uint64_t pair_slot(std::uint64_t key, std::uint64_t mask) {
  return (key * 0x9E3779B97F4A7C15ull) >> (64 - std::popcount(mask));
}

}  // namespace

BytePairEncoder::BytePairEncoder(const Vocabulary& vocab, const std::string& path)
    : ids_(vocab.tokens, vocab.special, path) {
  for (std::size_t id = 0; id < vocab.tokens.size(); ++id) {
    if (!vocab.special[id] && vocab.tokens[id].empty()) {
      throw Error(path + ": token " + std::to_string(id) + " has no bytes");
    }
  }
  for (int b = 0; b < 256; ++b) {
    const char byte = static_cast<char>(b);
    const auto id = find(std::string_view(&byte, 1));
    if (!id) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", b);
      throw Error(path + ": no token for byte " + hex +
                  ", expected a byte-level vocabulary with all 256 bytes");
    }
    byte_ids_[b] = *id;
  }
  merges_.assign(std::bit_ceil(2 * vocab.merges.size() + 2), PairSlot{kEmpty, {}});
  merge_mask_ = merges_.size() - 1;
  for (const Merge& m : vocab.merges) {
    const std::uint64_t key = pair_key(m.left, m.right);
    for (std::uint64_t i = pair_slot(key, merge_mask_);; i = (i + 1) & merge_mask_) {
      if (merges_[i].key == kEmpty) {
        merges_[i] = {key, {m.rank, m.merged}};
        break;
      }
      if (merges_[i].key == key) {
        throw Error(path + ": the merge of tokens " + std::to_string(m.left) + " and " +
                    std::to_string(m.right) + " is listed twice");
      }
    }
  }
}

std::optional<std::int32_t> BytePairEncoder::find(std::string_view bytes) const {
  return ids_.find(bytes);
}

std::optional<BytePairEncoder::MergeTo> BytePairEncoder::merge_of(std::int32_t left,
                                                                  std::int32_t right) const {
  const std::uint64_t key = pair_key(left, right);
  for (std::uint64_t i = pair_slot(key, merge_mask_);; i = (i + 1) & merge_mask_) {
    if (merges_[i].key == key) return merges_[i].merge;
    if (merges_[i].key == kEmpty) return std::nullopt;
  }
}

void BytePairEncoder::encode_piece(std::string_view piece, std::vector<std::int32_t>& out) const {
  if (const auto whole = find(piece)) {
    out.push_back(*whole);
    return;
  }
  if (piece.size() <= kShortPiece) {
    merge_short(piece, out);
  } else {
    merge_long(piece, out);
  }
}

// Parts in a small array on the stack, each with the rank of merging it with the next one: a
// merge rescans the ranks for the minimum but looks up only the two pairs it changed. O(n^2) in
// the worst case, which for n <= kShortPiece costs less than the heap's allocations.
void BytePairEncoder::merge_short(std::string_view piece, std::vector<std::int32_t>& out) const {
  constexpr std::int32_t kNone = std::numeric_limits<std::int32_t>::max();
  struct Part {
    std::int32_t id;
    std::int32_t rank;  // of merging with the next part; kNone when there is no merge
    std::int32_t merged;
  };
  std::array<Part, kShortPiece> parts;
  std::size_t n = piece.size();
  for (std::size_t i = 0; i < n; ++i) {
    parts[i] = {byte_ids_[static_cast<unsigned char>(piece[i])], kNone, 0};
  }
  auto rate = [&](std::size_t i) {
    const auto m = i + 1 < n ? merge_of(parts[i].id, parts[i + 1].id) : std::nullopt;
    parts[i].rank = m ? m->rank : kNone;
    parts[i].merged = m ? m->merged : 0;
  };
  for (std::size_t i = 0; i < n; ++i)
    rate(i);

  for (;;) {
    std::size_t best = 0;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      if (parts[i].rank < parts[best].rank) best = i;
    }
    if (n < 2 || parts[best].rank == kNone) break;
    parts[best].id = parts[best].merged;
    std::copy(parts.begin() + static_cast<std::ptrdiff_t>(best) + 2,
              parts.begin() + static_cast<std::ptrdiff_t>(n),
              parts.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    --n;
    rate(best);
    if (best > 0) rate(best - 1);
  }
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(parts[i].id);
}

// Long pieces (runs of punctuation, digits-free symbols, spaces) get a linked list of parts and a
// heap of candidate merges: O(n log n), so no input makes encoding quadratic.
void BytePairEncoder::merge_long(std::string_view piece, std::vector<std::int32_t>& out) const {
  // Parts start as single bytes; part i runs from byte i to next[i]. A merged-away part is dead.
  const std::size_t n = piece.size();
  std::vector<std::int32_t> id(n);
  std::vector<std::size_t> prev(n), next(n);
  std::vector<bool> alive(n, true);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = byte_ids_[static_cast<unsigned char>(piece[i])];
    prev[i] = i - 1;  // wraps for the first part; never read there
    next[i] = i + 1;
  }

  struct Candidate {
    std::int32_t rank;
    std::size_t pos;
    std::int32_t left, right, merged;
    bool operator>(const Candidate& o) const {
      return rank != o.rank ? rank > o.rank : pos > o.pos;
    }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
  auto offer = [&](std::size_t pos) {
    if (next[pos] >= n) return;
    if (const auto m = merge_of(id[pos], id[next[pos]])) {
      heap.push({m->rank, pos, id[pos], id[next[pos]], m->merged});
    }
  };
  for (std::size_t i = 0; i + 1 < n; ++i)
    offer(i);

  while (!heap.empty()) {
    const Candidate c = heap.top();
    heap.pop();
    // A candidate goes stale when either part merged since: a merge always changes the left
    // part's id and kills the right part, so matching ids and adjacency mean it still holds.
    const std::size_t r = next[c.pos];
    if (!alive[c.pos] || r >= n || id[c.pos] != c.left || id[r] != c.right) continue;
    id[c.pos] = c.merged;
    alive[r] = false;
    next[c.pos] = next[r];
    if (next[r] < n) prev[next[r]] = c.pos;
    if (c.pos > 0) offer(prev[c.pos]);
    offer(c.pos);
  }
  for (std::size_t i = 0; i < n; i = next[i])
    out.push_back(id[i]);
}

void BytePairEncoder::encode_piece_reference(std::string_view piece,
                                             std::vector<std::int32_t>& out) const {
  if (const auto whole = find(piece)) {
    out.push_back(*whole);
    return;
  }
  std::vector<std::int32_t> parts;
  for (const char byte : piece)
    parts.push_back(byte_ids_[static_cast<unsigned char>(byte)]);
  for (;;) {
    std::size_t best = parts.size();
    MergeTo best_merge{std::numeric_limits<std::int32_t>::max(), 0};
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      const auto m = merge_of(parts[i], parts[i + 1]);
      if (m && m->rank < best_merge.rank) {
        best = i;
        best_merge = *m;
      }
    }
    if (best == parts.size()) break;
    parts[best] = best_merge.merged;
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(best) + 1);
  }
  out.insert(out.end(), parts.begin(), parts.end());
}

}  // namespace clift
