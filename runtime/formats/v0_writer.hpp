#pragma once

#include <cstddef>
#include <cstdio>
#include <span>
#include <string>

#include "runtime/model_config.hpp"

namespace clift {

// A Clift v0 file written front to back by a converter: the header at construction, then the
// tensors' floats in v0_layout order. The file is written as PATH.partial and renamed by finish(),
// so an interrupted or failed export never leaves a file that looks complete; the destructor
// removes an unfinished one.
class V0Writer {
 public:
  V0Writer(const std::string& path, const ModelConfig& config);
  ~V0Writer();
  V0Writer(const V0Writer&) = delete;
  V0Writer& operator=(const V0Writer&) = delete;

  void write(std::span<const float> floats);
  double fraction_done() const;
  void finish();

 private:
  void put(const void* data, std::size_t bytes);

  std::string path_;
  std::string partial_;
  std::FILE* file_ = nullptr;
  std::size_t written_ = 0;  // floats
  std::size_t total_;        // floats of the whole body
};

}  // namespace clift
