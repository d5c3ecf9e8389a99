#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "bench/clift-bench/stats.hpp"
#include "bench/clift-bench/work.hpp"

namespace clift::bench {
namespace {

TEST(Summarize, MeanSampleStddevAndMedian) {
  const std::vector<double> samples{4, 1, 3, 2};
  const Summary s = summarize(samples);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(5.0 / 3.0));  // squares 2.25 + 0.25 + 0.25 + 2.25, n - 1
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(summarize(std::vector<double>{3, 9, 1}).median, 3);
}

TEST(Summarize, OneSampleHasNoSpreadAndNoneIsAllZero) {
  const Summary one = summarize(std::vector<double>{7});
  EXPECT_DOUBLE_EQ(one.mean, 7);
  EXPECT_DOUBLE_EQ(one.stddev, 0);
  EXPECT_DOUBLE_EQ(one.median, 7);
  const Summary none = summarize({});
  EXPECT_DOUBLE_EQ(none.mean, 0);
  EXPECT_DOUBLE_EQ(none.median, 0);
}

ModelConfig small_config(bool shared) {
  ModelConfig c;
  c.dim = 8;
  c.hidden_dim = 16;
  c.n_layers = 2;
  c.n_heads = 2;
  c.n_kv_heads = 1;  // kv_dim = 4
  c.vocab_size = 10;
  c.seq_len = 64;
  c.shared_classifier = shared;
  return c;
}

// Per layer: wq, wo 8x8, wk, wv 4x8, gate, up, down 16x8 = 64+64+32+32+384 = 576 weights.
constexpr double kLayerMatmul = 576;
constexpr double kClassifier = 80;                // [vocab_size][dim]
constexpr double kKvPerPosition = 2 * 4 * 2 * 4;  // k and v, kv_dim, n_layers, float32

TEST(Work, DecodeStreamsEveryWeightAndTheCache) {
  const ModelConfig c = small_config(true);
  const Work w = forward_work(c, 4, 1, 5, 1);
  // The shared table is the classifier: streamed whole, so the parameter count is what is read.
  EXPECT_DOUBLE_EQ(w.bytes,
                   static_cast<double>(c.parameter_count()) * 4 + (6 + 1) * kKvPerPosition);
  // Matmuls 2 per weight; attention 4 per head element (dim) per attended position (6) per layer.
  EXPECT_DOUBLE_EQ(w.flops, 2 * (2 * kLayerMatmul + kClassifier) + 4 * 8 * 2 * 6);
}

TEST(Work, UntiedEmbeddingIsGatheredNotStreamed) {
  const ModelConfig shared = small_config(true);
  const ModelConfig untied = small_config(false);
  const Work a = forward_work(shared, 4, 1, 0, 1);
  const Work b = forward_work(untied, 4, 1, 0, 1);
  EXPECT_DOUBLE_EQ(b.bytes - a.bytes, 8 * 4);  // one embedding row more, never the whole table
  EXPECT_DOUBLE_EQ(b.flops, a.flops);
}

TEST(Work, PrefillStreamsWeightsOncePerChunkAndClassifiesOnce) {
  const ModelConfig c = small_config(true);
  const Work one_chunk = prefill_work(c, 4, 8, 0, 8);
  const Work two_chunks = prefill_work(c, 4, 8, 0, 4);
  const double streamed = static_cast<double>(c.parameter_count()) * 4;
  // The second chunk streams the weights again and reads the first chunk's cache positions.
  EXPECT_DOUBLE_EQ(two_chunks.bytes - one_chunk.bytes, streamed + 4 * kKvPerPosition);
  EXPECT_DOUBLE_EQ(two_chunks.flops, one_chunk.flops);
  // 8 tokens of layer matmuls, one classifier row, and attention over 1 + 2 + ... + 8 positions.
  EXPECT_DOUBLE_EQ(one_chunk.flops, 2 * 8 * 2 * kLayerMatmul + 2 * kClassifier + 4 * 8 * 2 * 36);
}

TEST(Work, DecodeSumsOneCallPerToken) {
  const ModelConfig c = small_config(true);
  Work expected;
  for (std::size_t pos = 3; pos < 7; pos++)
    expected += forward_work(c, 4, 1, pos, 1);
  const Work w = decode_work(c, 4, 4, 3);
  EXPECT_DOUBLE_EQ(w.bytes, expected.bytes);
  EXPECT_DOUBLE_EQ(w.flops, expected.flops);
}

}  // namespace
}  // namespace clift::bench
