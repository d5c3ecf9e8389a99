#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/formats/safetensors.hpp"
#include "runtime/model_config.hpp"

namespace clift {

// A Hugging Face clone of a Llama 3.x model: config.json, and model.safetensors or the shards
// that model.safetensors.index.json names, all mapped and validated when opened.
class HfCheckpoint {
 public:
  explicit HfCheckpoint(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const ModelConfig& config() const { return config_; }
  bool contains(const std::string& name) const { return tensors_.contains(name); }

  // The tensor `name`, which must have exactly `shape`; throws naming the file otherwise.
  const SafetensorsTensor& tensor(const std::string& name,
                                  const std::vector<std::size_t>& shape) const;

 private:
  struct Entry {
    const SafetensorsFile* file;
    const SafetensorsTensor* tensor;
  };

  const SafetensorsFile& open_shard(const std::string& file_name);

  std::filesystem::path dir_;
  ModelConfig config_;
  std::vector<std::unique_ptr<SafetensorsFile>> shards_;
  std::map<std::string, Entry> tensors_;
};

// Called after each Hugging Face tensor is written, with the fraction of the output done.
using ExportProgress = std::function<void(const std::string& tensor, double fraction)>;

// Writes the checkpoint as a Clift v0 file, one tensor at a time through a small buffer so that
// memory stays flat whatever the model's size. wq and wk are put back into interleaved-pair RoPE
// order; freq_cis holds the unscaled angles of theta. The file appears under its name only once
// complete.
void export_v0(const HfCheckpoint& checkpoint, const std::string& out_path,
               const ExportProgress& progress);

// The row of Hugging Face's q_proj / k_proj that holds row `row` of Clift's wq / wk. HF's
// conversion permuted each head for rotate-half RoPE, w.view(n_heads, head_dim / 2, 2, dim)
// .transpose(1, 2): the pair (2i, 2i + 1) of a head went to rows i and head_dim / 2 + i.
std::size_t hf_rope_row(std::size_t row, std::size_t head_dim);

}  // namespace clift
