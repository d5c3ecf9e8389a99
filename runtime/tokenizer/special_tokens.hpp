#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clift {

// Finds special-token names written in text: leftmost first, the longest name at a position.
// Names are few and short, so a position is tried against each distinct name length (longest
// first) and only where some name could start.
class SpecialTokenMatcher {
 public:
  struct Match {
    std::size_t pos;
    std::size_t size;
    std::int32_t id;
  };

  // name must outlive the matcher.
  void add(std::string_view name, std::int32_t id);
  std::optional<Match> find(std::string_view text, std::size_t from) const;
  std::optional<std::int32_t> id_of(std::string_view name) const;

 private:
  std::unordered_map<std::string_view, std::int32_t> ids_;
  std::vector<std::size_t> lengths_;  // distinct name lengths, longest first
  std::array<bool, 256> starts_{};    // bytes that begin some name
};

}  // namespace clift
