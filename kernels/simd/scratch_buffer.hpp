#pragma once

#include <cstddef>
#include <new>

namespace clift::kernels::simd {

// 64-byte aligned scratch that only grows. Each thread keeps its own for its lifetime, so after the
// first call of the largest shape no call allocates, and none faults its pages in again.
template <class Arch>
class ScratchBuffer {
 public:
  ScratchBuffer() = default;
  ~ScratchBuffer() { release(); }
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;

  float* reserve(std::size_t n) {
    if (n > capacity_) {
      release();
      data_ = static_cast<float*>(::operator new[](n * sizeof(float), std::align_val_t{64}));
      capacity_ = n;
    }
    return data_;
  }

 private:
  void release() {
    if (data_ != nullptr) ::operator delete[](data_, std::align_val_t{64});
    data_ = nullptr;
    capacity_ = 0;
  }

  float* data_ = nullptr;
  std::size_t capacity_ = 0;
};

}  // namespace clift::kernels::simd
