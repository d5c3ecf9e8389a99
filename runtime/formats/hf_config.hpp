#pragma once

#include <string>

#include "runtime/model_config.hpp"

namespace clift {

// Reads a Hugging Face Llama config.json into Clift's terms: the shape (seq_len is
// max_position_embeddings), shared_classifier from tie_word_embeddings, rope_theta, Llama 3
// rope_scaling and rms_norm_eps. Absent optional fields take transformers' LlamaConfig defaults.
// Throws clift::Error naming the file and field for anything a v0 file cannot represent: another
// architecture, biases, a head_dim other than dim / n_heads, another rope scaling type, counts
// past int32.
ModelConfig read_hf_config(const std::string& path);

// The clift options a v0 file made from `config` must be run with, because the format cannot
// store them ("--rope-factor 32 --rope-low-freq 1 ..."); empty when Clift's defaults fit.
std::string v0_run_options(const ModelConfig& config);

}  // namespace clift
