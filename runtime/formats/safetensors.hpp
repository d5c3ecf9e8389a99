#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "platform/mapped_file.hpp"

namespace clift {

// The element types of Llama checkpoints; anything else in a file is refused when it is opened.
enum class SafetensorsDType { F32, F16, BF16 };

struct SafetensorsTensor {
  SafetensorsDType dtype;
  std::vector<std::size_t> shape;
  std::span<const std::byte> data;  // inside the mapping; not aligned (the header length is free)

  std::size_t element_count() const;
};

// One .safetensors file, mapped: an 8-byte little-endian header length, a JSON header giving each
// tensor's dtype, shape and data_offsets (relative to the end of the header), then the raw data.
// Every entry is validated against the file size when the file is opened, so a tensor handed out
// always lies inside the file and holds exactly shape's elements.
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::string& path);

  const std::string& path() const { return file_.path(); }
  const std::map<std::string, SafetensorsTensor>& tensors() const { return tensors_; }
  const SafetensorsTensor* find(const std::string& name) const;

 private:
  MappedFile file_;
  std::map<std::string, SafetensorsTensor> tensors_;
};

// Converts elements [begin, begin + out.size()) of `tensor` to float32 (F32 is copied bit for bit).
void read_as_f32(const SafetensorsTensor& tensor, std::size_t begin, std::span<float> out);

// "[2048, 128256]", for errors.
std::string shape_string(const std::vector<std::size_t>& shape);

}  // namespace clift
