#pragma once

// Writers of small safetensors files and Hugging Face folders, honest or lying, for the tests.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "platform/error.hpp"

namespace clift::testing_support {

// A fresh folder, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("clift-export-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

template <typename T>
std::string bytes_of(const std::vector<T>& values) {
  return {reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T)};
}

// A safetensors file with the header text given as is and its length field `header_length`
// (default: the true one), then `data`.
inline void write_raw_safetensors(const std::filesystem::path& path, const std::string& header,
                                  const std::string& data, std::uint64_t header_length = ~0ull) {
  if (header_length == ~0ull) header_length = header.size();
  std::string length(8, '\0');
  for (int i = 0; i < 8; i++) {
    length[i] = static_cast<char>(header_length >> (8 * i) & 0xff);  // little-endian
  }
  write_bytes(path, length + header + data);
}

struct TensorBytes {
  std::string name;
  std::string dtype;
  std::vector<std::size_t> shape;
  std::string data;
};

// An honest safetensors file holding `tensors` back to back, in the given order.
inline void write_safetensors(const std::filesystem::path& path,
                              const std::vector<TensorBytes>& tensors) {
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  std::string data;
  for (const TensorBytes& t : tensors) {
    header[t.name] = {{"dtype", t.dtype},
                      {"shape", t.shape},
                      {"data_offsets", {data.size(), data.size() + t.data.size()}}};
    data += t.data;
  }
  write_raw_safetensors(path, header.dump(), data);
}

// The message of the clift::Error that `f` throws; fails the test when it throws none.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a clift::Error";
  return "";
}

// Expects `message` to contain each of `parts`, printing it whole otherwise.
inline void expect_mentions(const std::string& message, std::initializer_list<std::string> parts) {
  for (const std::string& part : parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' not in: " << message;
  }
}

}  // namespace clift::testing_support
