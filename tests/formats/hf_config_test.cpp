// config.json reading: what maps onto a v0 file, what cannot, and the options printed for it.
#include "runtime/formats/hf_config.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/formats/checkpoint_files.hpp"

namespace clift {
namespace {

using nlohmann::json;
using testing_support::error_of;
using testing_support::expect_mentions;
using testing_support::TempDir;
using testing_support::write_bytes;

// Llama 3.2 1B's config.json, trimmed to the fields that matter here.
json llama_3_2_1b() {
  return {{"architectures", {"LlamaForCausalLM"}},
          {"model_type", "llama"},
          {"hidden_size", 2048},
          {"intermediate_size", 8192},
          {"num_hidden_layers", 16},
          {"num_attention_heads", 32},
          {"num_key_value_heads", 8},
          {"head_dim", 64},
          {"vocab_size", 128256},
          {"max_position_embeddings", 131072},
          {"rms_norm_eps", 1e-05},
          {"rope_theta", 500000.0},
          {"tie_word_embeddings", true},
          {"hidden_act", "silu"},
          {"rope_scaling",
           {{"rope_type", "llama3"},
            {"factor", 32.0},
            {"low_freq_factor", 1.0},
            {"high_freq_factor", 4.0},
            {"original_max_position_embeddings", 8192}}}};
}

class HfConfigTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::string path_ = (dir_ / "config.json").string();

  ModelConfig read(const json& config) {
    write_bytes(path_, config.dump());
    return read_hf_config(path_);
  }
  std::string error(const json& config) {
    return error_of([&] { read(config); });
  }
};

TEST_F(HfConfigTest, ReadsLlama32) {
  const ModelConfig c = read(llama_3_2_1b());
  EXPECT_EQ(c.shape_string(), (ModelConfig{.dim = 2048,
                                           .hidden_dim = 8192,
                                           .n_layers = 16,
                                           .n_heads = 32,
                                           .n_kv_heads = 8,
                                           .vocab_size = 128256,
                                           .seq_len = 131072})
                                  .shape_string());
  EXPECT_TRUE(c.shared_classifier);
  EXPECT_EQ(c.norm_eps, 1e-5f);
  EXPECT_EQ(c.rope_theta, 500000.0f);
  EXPECT_EQ(c.rope_scaling.factor, 32.0f);
  EXPECT_EQ(c.rope_scaling.low_freq_factor, 1.0f);
  EXPECT_EQ(c.rope_scaling.high_freq_factor, 4.0f);
  EXPECT_EQ(c.rope_scaling.original_context, 8192.0f);
  EXPECT_EQ(v0_run_options(c),
            "--rope-factor 32 --rope-low-freq 1 --rope-high-freq 4 --rope-original-ctx 8192");
}

TEST_F(HfConfigTest, AbsentFieldsTakeTransformersDefaults) {
  json j = llama_3_2_1b();
  for (const char* field : {"num_key_value_heads", "head_dim", "rms_norm_eps", "rope_theta",
                            "tie_word_embeddings", "rope_scaling", "model_type", "hidden_act"}) {
    j.erase(field);
  }
  const ModelConfig c = read(j);
  EXPECT_EQ(c.n_kv_heads, 32u);
  EXPECT_FALSE(c.shared_classifier);
  EXPECT_EQ(c.norm_eps, 1e-6f);
  EXPECT_EQ(c.rope_theta, 10000.0f);
  EXPECT_FALSE(c.rope_scaling.enabled());
  EXPECT_EQ(v0_run_options(c), "--rope-theta 10000");
}

TEST_F(HfConfigTest, OlderScalingKeyAndNullScaling) {
  json j = llama_3_2_1b();
  j["rope_scaling"].erase("rope_type");
  j["rope_scaling"]["type"] = "llama3";
  j["rope_scaling"]["factor"] = 8.0;
  j["rope_theta"] = 1000000.0;
  EXPECT_EQ(v0_run_options(read(j)),
            "--rope-factor 8 --rope-low-freq 1 --rope-high-freq 4 --rope-original-ctx 8192 "
            "--rope-theta 1000000");
  j["rope_scaling"] = nullptr;
  j["rope_theta"] = 500000.0;
  EXPECT_EQ(v0_run_options(read(j)), "");
}

TEST_F(HfConfigTest, WhatV0CannotHoldIsAClearError) {
  const auto with = [](const char* field, json value) {
    json j = llama_3_2_1b();
    j[field] = std::move(value);
    return j;
  };
  expect_mentions(error(with("model_type", "mistral")), {path_, "model_type", "\"mistral\""});
  expect_mentions(error(with("hidden_act", "gelu")), {path_, "hidden_act"});
  expect_mentions(error(with("attention_bias", true)), {path_, "attention_bias", "no biases"});
  expect_mentions(error(with("head_dim", 128)), {path_, "head_dim 128", "= 64"});
  expect_mentions(error(with("num_key_value_heads", 5)), {path_, "whole heads"});
  expect_mentions(error(with("hidden_size", 0)), {path_, "hidden_size is 0"});
  expect_mentions(error(with("vocab_size", 3000000000u)), {path_, "vocab_size", "below 2^31"});
  expect_mentions(error(with("rope_theta", "big")), {path_, "rope_theta", "expected a number"});
  expect_mentions(error(with("tie_word_embeddings", 1)), {path_, "expected a boolean"});
  expect_mentions(error(with("rope_scaling", {{"rope_type", "yarn"}, {"factor", 4.0}})),
                  {path_, "rope_scaling type \"yarn\" is not supported"});
  json no_factor = llama_3_2_1b();
  no_factor["rope_scaling"].erase("factor");
  expect_mentions(error(no_factor), {path_, "rope_scaling: factor is missing"});
  json no_layers = llama_3_2_1b();
  no_layers.erase("num_hidden_layers");
  expect_mentions(error(no_layers), {path_, "num_hidden_layers is missing"});
}

TEST_F(HfConfigTest, UnreadableConfigIsAClearError) {
  expect_mentions(error_of([&] { read_hf_config((dir_ / "absent.json").string()); }),
                  {"absent.json: cannot open"});
  write_bytes(path_, "{\"hidden_size\": ");
  expect_mentions(error_of([&] { read_hf_config(path_); }), {path_, "not valid JSON"});
}

}  // namespace
}  // namespace clift
