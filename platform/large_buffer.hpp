#pragma once

#include <cstddef>

namespace clift {

// Uninitialized memory for large arrays (weights, KV cache, activations), aligned to 2 MiB and
// offered to the kernel for transparent huge pages: streaming gigabytes of weights through 4 KiB
// pages would cost a TLB miss every 4 KiB. Pages are committed only when first written, so a long
// context's KV cache costs what is used. Throws clift::Error when the memory is not there.
class LargeBuffer {
 public:
  LargeBuffer() = default;
  LargeBuffer(std::size_t bytes, const char* what);
  ~LargeBuffer();
  LargeBuffer(LargeBuffer&& other) noexcept;
  LargeBuffer& operator=(LargeBuffer&& other) noexcept;
  LargeBuffer(const LargeBuffer&) = delete;
  LargeBuffer& operator=(const LargeBuffer&) = delete;

  float* floats() const { return static_cast<float*>(data_); }
  std::size_t bytes() const { return bytes_; }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace clift
