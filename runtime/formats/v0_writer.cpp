#include "runtime/formats/v0_writer.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <system_error>

#include "platform/error.hpp"
#include "runtime/model_v0.hpp"

namespace clift {

V0Writer::V0Writer(const std::string& path, const ModelConfig& c)
    : path_(path), partial_(path + ".partial"), total_(v0_float_count(c)) {
  for (std::size_t n :
       {c.dim, c.hidden_dim, c.n_layers, c.n_heads, c.n_kv_heads, c.vocab_size, c.seq_len}) {
    if (n == 0 || n > std::numeric_limits<std::int32_t>::max()) {
      throw Error(path + ": " + c.shape_string() + " does not fit the int32 fields of a v0 header");
    }
  }
  file_ = std::fopen(partial_.c_str(), "wb");
  if (file_ == nullptr) throw Error(partial_ + ": cannot open for writing");
  const auto i32 = [](std::size_t n) { return static_cast<std::int32_t>(n); };
  const std::int32_t vocab = c.shared_classifier ? i32(c.vocab_size) : -i32(c.vocab_size);
  const std::int32_t header[7] = {i32(c.dim),     i32(c.hidden_dim), i32(c.n_layers),
                                  i32(c.n_heads), i32(c.n_kv_heads), vocab,
                                  i32(c.seq_len)};
  put(header, sizeof header);
}

V0Writer::~V0Writer() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  std::remove(partial_.c_str());
}

void V0Writer::write(std::span<const float> floats) {
  put(floats.data(), floats.size_bytes());
  written_ += floats.size();
}

double V0Writer::fraction_done() const {
  return static_cast<double>(written_) / static_cast<double>(total_);
}

void V0Writer::finish() {
  if (written_ != total_) {
    throw Error(partial_ + ": " + std::to_string(written_) + " floats written, the header needs " +
                std::to_string(total_));
  }
  const bool flushed = std::fflush(file_) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  std::error_code ec;
  if (flushed && closed) std::filesystem::rename(partial_, path_, ec);
  if (!flushed || !closed || ec) {
    std::remove(partial_.c_str());
    throw Error(partial_ + ": " +
                (ec ? "cannot rename to " + path_ + ": " + ec.message()
                    : std::string("write failed (disk full?)")));
  }
}

void V0Writer::put(const void* data, std::size_t bytes) {
  if (std::fwrite(data, 1, bytes, file_) != bytes) {
    throw Error(partial_ + ": write failed (disk full?)");
  }
}

}  // namespace clift
