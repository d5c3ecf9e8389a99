#include "runtime/tokenizer/tokenizer.hpp"

#include <algorithm>
#include <iostream>

#include "platform/error.hpp"
#include "runtime/tokenizer/bpe.hpp"
#include "runtime/tokenizer/pretokenizer.hpp"
#include "runtime/tokenizer/special_tokens.hpp"
#include "runtime/tokenizer/utf8.hpp"
#include "runtime/tokenizer/vocabulary.hpp"

namespace clift {

// Built once and never moved, so the encoder's and the matcher's views into vocab stay valid.
struct Tokenizer::Impl {
  explicit Impl(const std::string& file)
      : path(file), vocab(load_vocabulary(file)), bpe(vocab, file) {
    for (std::size_t id = 0; id < vocab.tokens.size(); ++id) {
      if (vocab.special[id]) specials.add(vocab.tokens[id], static_cast<std::int32_t>(id));
    }
    const auto bos_id = specials.id_of("<|begin_of_text|>");
    if (!bos_id) throw Error(path + ": no <|begin_of_text|> token, expected a Llama 3 vocabulary");
    bos = *bos_id;
    for (const char* name : {"<|end_of_text|>", "<|eot_id|>", "<|eom_id|>"}) {
      if (const auto id = specials.id_of(name)) end_of_generation.push_back(*id);
    }
  }

  std::string path;
  Vocabulary vocab;
  BytePairEncoder bpe;
  Pretokenizer pretokenizer;
  SpecialTokenMatcher specials;
  std::int32_t bos = 0;
  std::vector<std::int32_t> end_of_generation;
};

Tokenizer Tokenizer::load(const std::string& path) {
  return Tokenizer(std::make_shared<const Impl>(path));
}

std::vector<std::int32_t> Tokenizer::encode_with(std::string_view text, bool add_bos, bool specials,
                                                 bool reference) const {
  if (const auto bad = utf8::first_invalid_byte(text)) {
    throw Error("text to encode is not valid UTF-8 at byte offset " + std::to_string(*bad));
  }
  const Impl& im = *impl_;
  std::vector<std::int32_t> ids;
  ids.reserve(text.size() / 3 + 2);  // English runs about 4 bytes per token
  if (add_bos) ids.push_back(im.bos);

  std::vector<std::string_view> pieces;
  auto encode_segment = [&](std::string_view segment) {
    pieces.clear();
    im.pretokenizer.split(segment, pieces);
    for (const std::string_view piece : pieces) {
      if (reference) {
        im.bpe.encode_piece_reference(piece, ids);
      } else {
        im.bpe.encode_piece(piece, ids);
      }
    }
  };
  std::size_t pos = 0;
  while (const auto special = specials ? im.specials.find(text, pos) : std::nullopt) {
    encode_segment(text.substr(pos, special->pos - pos));
    ids.push_back(special->id);
    pos = special->pos + special->size;
  }
  encode_segment(text.substr(pos));

  if (add_bos && ids.size() > 1 && ids[1] == im.bos) {
    std::cerr << "warning: the text starts with " << im.vocab.tokens[im.bos]
              << " and BOS is added as well, so the prompt has two BOS tokens\n";
  }
  return ids;
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text, bool add_bos) const {
  return encode_with(text, add_bos, true, false);
}

std::vector<std::int32_t> Tokenizer::encode_ordinary(std::string_view text) const {
  return encode_with(text, false, false, false);
}

std::vector<std::int32_t> Tokenizer::encode_reference(std::string_view text, bool add_bos) const {
  return encode_with(text, add_bos, true, true);
}

const std::string& Tokenizer::token_bytes(std::int32_t id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= impl_->vocab.tokens.size()) {
    throw Error("token id " + std::to_string(id) + " is outside the vocabulary of " +
                std::to_string(impl_->vocab.tokens.size()) + " (" + impl_->path + ")");
  }
  return impl_->vocab.tokens[id];
}

std::string Tokenizer::decode(std::span<const std::int32_t> ids) const {
  std::string text;
  for (const std::int32_t id : ids)
    text += token_bytes(id);
  return text;
}

bool Tokenizer::is_special(std::int32_t id) const {
  return id >= 0 && static_cast<std::size_t>(id) < impl_->vocab.special.size() &&
         impl_->vocab.special[id];
}

std::size_t Tokenizer::vocab_size() const {
  return impl_->vocab.tokens.size();
}

std::int32_t Tokenizer::bos_id() const {
  return impl_->bos;
}

std::optional<std::int32_t> Tokenizer::special_id(std::string_view name) const {
  return impl_->specials.id_of(name);
}

bool Tokenizer::is_end_of_generation(std::int32_t id) const {
  const auto& ids = impl_->end_of_generation;
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

const std::vector<std::int32_t>& Tokenizer::end_of_generation_ids() const {
  return impl_->end_of_generation;
}

const std::string& Tokenizer::path() const {
  return impl_->path;
}

}  // namespace clift
