#include "runtime/formats/safetensors.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

#include <nlohmann/json.hpp>

#include "platform/error.hpp"

namespace clift {
namespace {

using nlohmann::json;

// Safetensors data is little-endian and is read with plain copies.
static_assert(std::endian::native == std::endian::little,
              "safetensors reader assumes little-endian");

std::size_t element_bytes(SafetensorsDType dtype) {
  return dtype == SafetensorsDType::F32 ? 4 : 2;
}

SafetensorsDType parse_dtype(const json& value, const std::string& where) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s == "F32") return SafetensorsDType::F32;
    if (s == "F16") return SafetensorsDType::F16;
    if (s == "BF16") return SafetensorsDType::BF16;
  }
  throw Error(where + ": dtype " + value.dump() + " is not supported (expected F32, BF16 or F16)");
}

// A JSON array of non-negative integers; `length` = 0 takes any length.
std::vector<std::size_t> parse_counts(const json& entry, const char* field, std::size_t length,
                                      const std::string& where) {
  const auto it = entry.find(field);
  if (it != entry.end() && it->is_array() && (length == 0 || it->size() == length) &&
      std::all_of(it->begin(), it->end(), [](const json& v) { return v.is_number_unsigned(); })) {
    return it->get<std::vector<std::size_t>>();
  }
  throw Error(where + ": " + field + " is " + (it == entry.end() ? "missing" : it->dump()) +
              ", expected an array of " + (length ? std::to_string(length) + " " : "") +
              "non-negative integers");
}

// The safetensors writer caps headers at 100 MB; anything larger is a corrupt length field, and
// refusing it early keeps the JSON parser off gigabytes of weights.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

std::uint64_t read_header_length(std::span<const std::byte> bytes, const std::string& path) {
  constexpr std::string_view kLfsPointer = "version https://git-lfs";
  if (bytes.size() >= kLfsPointer.size() &&
      std::memcmp(bytes.data(), kLfsPointer.data(), kLfsPointer.size()) == 0) {
    throw Error(path + ": is a Git LFS pointer, not the weights; run `git lfs pull` in the clone");
  }
  if (bytes.size() < 8) {
    throw Error(path + ": file is " + std::to_string(bytes.size()) +
                " bytes, shorter than the 8-byte safetensors header length");
  }
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; i--) {
    length = length << 8 | std::to_integer<std::uint64_t>(bytes[i]);
  }
  if (length > bytes.size() - 8 || length > kMaxHeaderBytes) {
    throw Error(path + ": header length " + std::to_string(length) +
                " runs past the end of the file (" + std::to_string(bytes.size()) + " bytes)");
  }
  return length;
}

SafetensorsTensor parse_entry(const json& entry, std::span<const std::byte> data,
                              const std::string& where) {
  if (!entry.is_object()) {
    throw Error(where + ": entry is " + entry.dump() + ", expected an object");
  }
  const auto dtype = entry.find("dtype");
  SafetensorsTensor t{
      .dtype = parse_dtype(dtype == entry.end() ? json() : *dtype, where),
      .shape = parse_counts(entry, "shape", 0, where),
      .data = {},
  };
  const std::vector<std::size_t> offsets = parse_counts(entry, "data_offsets", 2, where);
  std::size_t bytes = element_bytes(t.dtype);
  for (std::size_t n : t.shape) {
    if (n != 0 && bytes > std::numeric_limits<std::size_t>::max() / n) {
      throw Error(where + ": shape " + shape_string(t.shape) + " overflows");
    }
    bytes *= n;
  }
  const std::string span =
      "data_offsets [" + std::to_string(offsets[0]) + ", " + std::to_string(offsets[1]) + "]";
  if (offsets[0] > offsets[1] || offsets[1] > data.size()) {
    throw Error(where + ": " + span + " lies outside the " + std::to_string(data.size()) +
                " bytes of data after the header");
  }
  if (offsets[1] - offsets[0] != bytes) {
    throw Error(where + ": " + span + " hold " + std::to_string(offsets[1] - offsets[0]) +
                " bytes but shape " + shape_string(t.shape) + " needs " + std::to_string(bytes));
  }
  t.data = data.subspan(offsets[0], bytes);
  return t;
}

float f16_to_f32(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1fu;
  const std::uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, exact in float32.
    const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    return std::bit_cast<float>(std::bit_cast<std::uint32_t>(magnitude) | sign);
  }
  // Rebias the exponent from 15 to 127; all ones stays all ones (infinity, NaN).
  const std::uint32_t e = exponent == 0x1fu ? 0xffu : exponent + 112;
  return std::bit_cast<float>(sign | e << 23 | mantissa << 13);
}

}  // namespace

std::size_t SafetensorsTensor::element_count() const {
  return data.size() / element_bytes(dtype);
}

SafetensorsFile::SafetensorsFile(const std::string& path) : file_(path) {
  const std::span<const std::byte> bytes = file_.bytes();
  const std::uint64_t length = read_header_length(bytes, path);
  const auto* text = reinterpret_cast<const char*>(bytes.data() + 8);
  json header;
  try {
    header = json::parse(text, text + length);
  } catch (const json::parse_error& e) {
    throw Error(path + ": header is not valid JSON: " + e.what());
  }
  if (!header.is_object()) throw Error(path + ": header is not a JSON object");
  const std::span<const std::byte> data = bytes.subspan(8 + length);
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;  // free-form strings, e.g. {"format": "pt"}
    tensors_.emplace(name, parse_entry(entry, data, path + ": tensor '" + name + "'"));
  }
}

const SafetensorsTensor* SafetensorsFile::find(const std::string& name) const {
  const auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

void read_as_f32(const SafetensorsTensor& tensor, std::size_t begin, std::span<float> out) {
  if (begin > tensor.element_count() || out.size() > tensor.element_count() - begin) {
    throw Error("read_as_f32: elements [" + std::to_string(begin) + ", +" +
                std::to_string(out.size()) + ") outside a tensor of " +
                std::to_string(tensor.element_count()));
  }
  if (out.empty()) return;  // memcpy must not see the null data() of an empty span
  const std::byte* src = tensor.data.data() + begin * element_bytes(tensor.dtype);
  if (tensor.dtype == SafetensorsDType::F32) {
    std::memcpy(out.data(), src, out.size_bytes());
    return;
  }
  // One loop per dtype, so that the per-element work is only the conversion.
  const auto convert = [&](auto to_f32) {
    for (std::size_t i = 0; i < out.size(); i++) {
      std::uint16_t h;
      std::memcpy(&h, src + 2 * i, 2);
      out[i] = to_f32(h);
    }
  };
  if (tensor.dtype == SafetensorsDType::BF16) {
    // bfloat16 is the top half of a float32.
    convert([](std::uint16_t h) { return std::bit_cast<float>(std::uint32_t{h} << 16); });
  } else {
    convert(f16_to_f32);
  }
}

std::string shape_string(const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); i++) {
    s += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return s + "]";
}

}  // namespace clift
