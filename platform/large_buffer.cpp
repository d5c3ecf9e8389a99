#include "platform/large_buffer.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <string>
#include <utility>

#include "platform/error.hpp"

namespace clift {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

LargeBuffer::LargeBuffer(std::size_t bytes, const char* what) : bytes_(bytes) {
  if (bytes == 0) return;
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  data_ = std::aligned_alloc(kHugePage, rounded);
  if (data_ == nullptr) {
    throw Error(std::string("cannot allocate the ") + what + " (" + std::to_string(bytes >> 20) +
                " MiB)");
  }
  // Advice only: where transparent huge pages are off, this fails and nothing else changes.
  ::madvise(data_, rounded, MADV_HUGEPAGE);
}

LargeBuffer::~LargeBuffer() {
  std::free(data_);
}

LargeBuffer::LargeBuffer(LargeBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

LargeBuffer& LargeBuffer::operator=(LargeBuffer&& other) noexcept {
  if (this != &other) {
    std::free(data_);
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

}  // namespace clift
