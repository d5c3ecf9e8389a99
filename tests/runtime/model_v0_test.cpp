// Clift v0 loading, including files that lie about themselves: each must be one clear error.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "platform/error.hpp"
#include "runtime/model_loader.hpp"
#include "runtime/model_v0.hpp"
#include "runtime/synthetic.hpp"

namespace clift {
namespace {

class ModelV0Test : public ::testing::Test {
 protected:
  std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                ("clift-v0-test-" + std::to_string(::getpid()) + ".bin");
  void TearDown() override { std::filesystem::remove(path_); }

  void write(const std::vector<std::int32_t>& header, std::size_t n_floats) {
    std::ofstream out(path_, std::ios::binary);
    out.write(reinterpret_cast<const char*>(header.data()),
              static_cast<std::streamsize>(header.size() * sizeof(std::int32_t)));
    const std::vector<float> body(n_floats, 0.5f);
    out.write(reinterpret_cast<const char*>(body.data()),
              static_cast<std::streamsize>(body.size() * sizeof(float)));
  }

  // The error message of loading path_, or "" when it loads.
  std::string load_error() {
    try {
      load_model(path_.string(), RopeOverrides{});
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
};

ModelConfig tiny_config(bool shared) {
  ModelConfig c;
  c.dim = 8, c.hidden_dim = 16, c.n_layers = 2, c.n_heads = 2, c.n_kv_heads = 1;
  c.vocab_size = 10, c.seq_len = 4, c.shared_classifier = shared;
  return c;
}

std::vector<std::int32_t> header_of(const ModelConfig& c) {
  const auto v = static_cast<std::int32_t>(c.vocab_size);
  return {static_cast<std::int32_t>(c.dim),        static_cast<std::int32_t>(c.hidden_dim),
          static_cast<std::int32_t>(c.n_layers),   static_cast<std::int32_t>(c.n_heads),
          static_cast<std::int32_t>(c.n_kv_heads), c.shared_classifier ? v : -v,
          static_cast<std::int32_t>(c.seq_len)};
}

TEST_F(ModelV0Test, LoadsExactFileAndPointsIntoIt) {
  for (bool shared : {true, false}) {
    const ModelConfig c = tiny_config(shared);
    write(header_of(c), v0_float_count(c));
    const Model m = load_model(path_.string(), RopeOverrides{.factor = 8.0f});
    EXPECT_EQ(m.config.dim, 8u);
    EXPECT_EQ(m.config.kv_dim(), 4u);
    EXPECT_EQ(m.config.shared_classifier, shared);
    EXPECT_EQ(m.config.rope_scaling.factor, 8.0f);
    ASSERT_EQ(m.weights.layers.size(), 2u);
    EXPECT_EQ(m.weights.classifier == m.weights.token_embedding, shared);
    // The untied classifier follows the freq_cis tables and is the last tensor of the file.
    if (!shared) {
      EXPECT_EQ(m.weights.classifier + c.vocab_size * c.dim,
                m.weights.token_embedding + v0_float_count(c));
    }
  }
}

TEST_F(ModelV0Test, TruncatedFilesAreErrors) {
  write({8, 16}, 0);
  EXPECT_NE(load_error().find("shorter than the 28-byte"), std::string::npos) << load_error();
  const ModelConfig c = tiny_config(true);
  write(header_of(c), v0_float_count(c) - 1);
  EXPECT_NE(load_error().find("needs exactly"), std::string::npos) << load_error();
  write(header_of(c), v0_float_count(c) + 1);
  EXPECT_NE(load_error().find("needs exactly"), std::string::npos) << load_error();
}

TEST_F(ModelV0Test, ZeroOrNegativeSizesAreErrors) {
  for (int field = 0; field < 7; field++) {
    for (std::int32_t bad : {0, -3}) {
      if (field == 5 && bad == -3) continue;  // a negative vocab_size is the untied flag
      std::vector<std::int32_t> h = header_of(tiny_config(true));
      h[static_cast<std::size_t>(field)] = bad;
      write(h, 1000);
      EXPECT_NE(load_error().find("expected a positive count"), std::string::npos)
          << "field " << field << ": " << load_error();
    }
  }
}

TEST_F(ModelV0Test, InconsistentHeadsAreErrors) {
  write({9, 16, 2, 2, 1, 10, 4}, 1000);
  EXPECT_NE(load_error().find("not divisible by n_heads"), std::string::npos) << load_error();
  write({12, 16, 2, 4, 3, 10, 4}, 1000);
  EXPECT_NE(load_error().find("not divisible by n_kv_heads"), std::string::npos) << load_error();
  write({6, 16, 2, 2, 1, 10, 4}, 1000);
  EXPECT_NE(load_error().find("is odd"), std::string::npos) << load_error();
}

TEST_F(ModelV0Test, OverflowingSizesAreErrors) {
  // 2^31 - 1 everywhere: the products overflow 64 bits long before the comparison with the file.
  const std::int32_t big = 2147483647;
  write({big - 3, big, big, 2, 1, big, big}, 10);
  EXPECT_NE(load_error().find("overflow"), std::string::npos) << load_error();
}

TEST_F(ModelV0Test, MissingFileIsAnError) {
  EXPECT_NE(load_error().find("cannot open"), std::string::npos);
}

TEST_F(ModelV0Test, SyntheticFileMatchesSyntheticMemory) {
  ModelConfig c = *synthetic_preset("tiny");
  c.vocab_size = 300;  // keeps the file small
  write_synthetic_v0(path_.string(), c, 7);
  const Model from_file = load_model(path_.string(), RopeOverrides{});
  const Model in_memory = make_synthetic_model(c, 7, "tiny");
  const std::size_t n = v0_float_count(c);
  EXPECT_EQ(0, std::memcmp(from_file.weights.token_embedding, in_memory.weights.token_embedding,
                           n * sizeof(float)));
  const Model other_seed = make_synthetic_model(c, 8, "tiny");
  EXPECT_NE(0, std::memcmp(other_seed.weights.layers[0].wq, in_memory.weights.layers[0].wq,
                           c.dim * c.dim * sizeof(float)));
}

}  // namespace
}  // namespace clift
