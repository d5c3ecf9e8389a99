#include "runtime/tokenizer/special_tokens.hpp"

#include <algorithm>
#include <functional>

namespace clift {

void SpecialTokenMatcher::add(std::string_view name, std::int32_t id) {
  if (name.empty()) return;
  ids_.emplace(name, id);
  if (std::find(lengths_.begin(), lengths_.end(), name.size()) == lengths_.end()) {
    lengths_.insert(
        std::upper_bound(lengths_.begin(), lengths_.end(), name.size(), std::greater<>()),
        name.size());
  }
  starts_[static_cast<unsigned char>(name[0])] = true;
}

std::optional<SpecialTokenMatcher::Match> SpecialTokenMatcher::find(std::string_view text,
                                                                    std::size_t from) const {
  for (std::size_t pos = from; pos < text.size(); ++pos) {
    if (!starts_[static_cast<unsigned char>(text[pos])]) continue;
    for (const std::size_t length : lengths_) {
      if (length > text.size() - pos) continue;
      if (const auto it = ids_.find(text.substr(pos, length)); it != ids_.end()) {
        return Match{pos, length, it->second};
      }
    }
  }
  return std::nullopt;
}

std::optional<std::int32_t> SpecialTokenMatcher::id_of(std::string_view name) const {
  const auto it = ids_.find(name);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

}  // namespace clift
