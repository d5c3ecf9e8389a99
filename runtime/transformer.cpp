#include "runtime/transformer.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <vector>

#include "platform/clock.hpp"
#include "platform/error.hpp"
#include "platform/large_buffer.hpp"
#include "platform/topology.hpp"
#include "runtime/rope_table.hpp"

namespace clift {
namespace {

// Rows per scheduling tile: a multiple of the GEMV's 4-row blocking, so only a matrix's last tile
// has a remainder, and small enough that the smallest matrix (kv_dim rows) still splits over the
// workers.
constexpr std::size_t kRowTile = 16;

// Tokens per attention work item: with Llama's groups of 4 query heads, 64 query rows share each
// key and value read, while a 512-token chunk still makes 32 items per key/value head.
constexpr std::size_t kAttentionTokens = 16;

// Times one operator into the profile when one is attached; costs nothing otherwise.
class OperatorTimer {
 public:
  OperatorTimer(Profile* profile, Operator op, double bytes, double flops)
      : profile_(profile),
        op_(op),
        bytes_(bytes),
        flops_(flops),
        start_(profile != nullptr ? now_seconds() : 0.0) {}
  ~OperatorTimer() {
    if (profile_ != nullptr) profile_->add(op_, now_seconds() - start_, bytes_, flops_);
  }
  OperatorTimer(const OperatorTimer&) = delete;
  OperatorTimer& operator=(const OperatorTimer&) = delete;

 private:
  Profile* profile_;
  Operator op_;
  double bytes_, flops_;
  double start_;
};

}  // namespace

// One matrix of a projection: y[t][0, n_rows) = w x[t], y's rows ldy floats apart.
struct Projection {
  float* y;
  std::size_t ldy;
  const float* w;
  std::size_t n_rows;
};

struct Transformer::State {
  const Model& model;
  const ModelConfig& config;
  const kernels::KernelSet& kernels;
  std::size_t context_len, batch, threads;
  tbb::task_arena arena;
  RopeTable rope;
  Profile* profile = nullptr;

  LargeBuffer key_cache;      // [n_layers][context_len][kv_dim]
  LargeBuffer value_cache;    // [n_layers][context_len][kv_dim]
  LargeBuffer x;              // [batch][dim] residual stream
  LargeBuffer xb;             // [batch][dim] normalized input of a block
  LargeBuffer xb2;            // [batch][dim] output of wo and w2
  LargeBuffer q;              // [batch][dim]
  LargeBuffer att;            // [batch][dim] attention output, heads side by side
  LargeBuffer hb;             // [batch][hidden_dim] gate, then swiglu
  LargeBuffer hb2;            // [batch][hidden_dim] up
  LargeBuffer packed_x;       // the input of the current projection, packed for the kernels
  std::vector<float> logits;  // [n_logits][vocab_size]

  State(const Model& m, const kernels::KernelSet& k, const TransformerOptions& o)
      : model(m),
        config(m.config),
        kernels(k),
        context_len(o.context_len != 0 ? o.context_len : m.config.seq_len),
        batch(std::max<std::size_t>(o.batch, 1)),
        threads(o.threads != 0 ? o.threads : host_topology().physical_cores),
        arena(static_cast<int>(threads)),
        rope(m.config, context_len),
        key_cache(bytes_of(config.n_layers * context_len * config.kv_dim()), "key cache"),
        value_cache(bytes_of(config.n_layers * context_len * config.kv_dim()), "value cache"),
        x(bytes_of(batch * config.dim), "activations"),
        xb(bytes_of(batch * config.dim), "activations"),
        xb2(bytes_of(batch * config.dim), "activations"),
        q(bytes_of(batch * config.dim), "activations"),
        att(bytes_of(batch * config.dim), "activations"),
        hb(bytes_of(batch * config.hidden_dim), "activations"),
        hb2(bytes_of(batch * config.hidden_dim), "activations"),
        packed_x(bytes_of(std::max(k.packed_x_floats(batch, config.dim),
                                   k.packed_x_floats(batch, config.hidden_dim))),
                 "activations") {}

  static std::size_t bytes_of(std::size_t n_floats) { return n_floats * sizeof(float); }

  // y[t][0, n_rows) = w x[t] for each output, all of them over the same input. The input is packed
  // once, split over the workers, and the outputs' rows are dealt out together in tiles, so
  // several small matrices (q, k and v) make one parallel loop. Static partitioning: every tile
  // costs the same, and for the bandwidth-bound GEMV stealing would only add traffic.
  void project(Operator op, const float* in, std::size_t n_tokens, std::size_t n_cols,
               std::initializer_list<Projection> outputs) {
    double weight_bytes = 0, flops = 0;
    std::size_t n_tiles = 0;
    for (const Projection& o : outputs) {
      weight_bytes += static_cast<double>(o.n_rows * n_cols * sizeof(float));
      flops += 2.0 * static_cast<double>(o.n_rows * n_cols * n_tokens);
      n_tiles += (o.n_rows + kRowTile - 1) / kRowTile;
    }
    OperatorTimer timer(profile, op, weight_bytes, flops);

    const float* operand = in;
    if (n_tokens > 1) {
      float* packed = packed_x.floats();
      tbb::parallel_for(
          std::size_t{0}, threads,
          [&](std::size_t part) { kernels.pack_x(packed, in, n_tokens, n_cols, part, threads); },
          tbb::static_partitioner());
      operand = packed;
    }
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, n_tiles),
        [&](const tbb::blocked_range<std::size_t>& tiles) {
          // The outputs' tiles are numbered one after another; run this range's share of each.
          std::size_t first_tile = 0;
          for (const Projection& o : outputs) {
            const std::size_t tiles_here = (o.n_rows + kRowTile - 1) / kRowTile;
            const std::size_t begin = std::max(tiles.begin(), first_tile) - first_tile;
            const std::size_t end = std::min(tiles.end(), first_tile + tiles_here);
            if (end > first_tile + begin) {
              kernels.matmul_packed(o.y, o.ldy, o.w, operand, n_tokens, n_cols, begin * kRowTile,
                                    std::min((end - first_tile) * kRowTile, o.n_rows));
            }
            first_tile += tiles_here;
          }
        },
        tbb::static_partitioner());
  }

  void rmsnorm(float* out, const float* in, const float* weight, std::size_t n_tokens) {
    OperatorTimer timer(profile, Operator::kNorms,
                        static_cast<double>(2 * n_tokens * config.dim * sizeof(float)),
                        static_cast<double>(3 * n_tokens * config.dim));
    for_each_token(n_tokens, [&](std::size_t t) {
      kernels.rmsnorm(out + t * config.dim, in + t * config.dim, weight, config.dim,
                      config.norm_eps);
    });
  }

  // f(t) for each token, split over the workers when there are several: in a prefill chunk the
  // operators between the matmuls would otherwise leave all workers but one idle.
  template <class F>
  static void for_each_token(std::size_t n_tokens, const F& f) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_tokens),
                      [&](const tbb::blocked_range<std::size_t>& tokens) {
                        for (std::size_t t = tokens.begin(); t < tokens.end(); t++)
                          f(t);
                      });
  }

  void forward_chunk(const std::int32_t* tokens, std::size_t n, std::size_t pos,
                     std::size_t n_logits, float* logits_out);
};

void Transformer::State::forward_chunk(const std::int32_t* tokens, std::size_t n, std::size_t pos,
                                       std::size_t n_logits, float* logits_out) {
  const ModelWeights& w = model.weights;
  const std::size_t dim = config.dim, kv_dim = config.kv_dim(), hidden = config.hidden_dim;
  const std::size_t head_dim = config.head_dim(), n_heads = config.n_heads;
  const std::size_t group = config.n_heads / config.n_kv_heads;
  const float attention_scale = 1.0f / std::sqrt(static_cast<float>(head_dim));

  {
    OperatorTimer timer(profile, Operator::kEmbedding,
                        static_cast<double>(2 * n * dim * sizeof(float)), 0);
    kernels.embed(x.floats(), w.token_embedding, tokens, n, dim);
  }

  for (std::size_t l = 0; l < config.n_layers; l++) {
    const LayerWeights& layer = w.layers[l];
    float* layer_keys = key_cache.floats() + l * context_len * kv_dim;      // [context_len][kv_dim]
    float* layer_values = value_cache.floats() + l * context_len * kv_dim;  // [context_len][kv_dim]
    float* keys = layer_keys + pos * kv_dim;
    float* values = layer_values + pos * kv_dim;

    rmsnorm(xb.floats(), x.floats(), layer.attention_norm, n);

    // Keys and values go straight into the cache rows of their positions.
    project(Operator::kQkv, xb.floats(), n, dim,
            {{q.floats(), dim, layer.wq, dim},
             {keys, kv_dim, layer.wk, kv_dim},
             {values, kv_dim, layer.wv, kv_dim}});

    {
      OperatorTimer timer(profile, Operator::kRope,
                          static_cast<double>(2 * n * (dim + kv_dim) * sizeof(float)),
                          static_cast<double>(3 * n * (dim + kv_dim)));
      for_each_token(n, [&](std::size_t t) {
        const float* cos = rope.cos_at(pos + t);
        const float* sin = rope.sin_at(pos + t);
        kernels.rope(q.floats() + t * dim, n_heads, head_dim, cos, sin);
        kernels.rope(keys + t * kv_dim, config.n_kv_heads, head_dim, cos, sin);
      });
    }

    // Token t sees positions [0, pos + t]; query heads [g * group, (g + 1) * group) read
    // key/value head g. A work item is one key/value head over a tile of tokens, so its keys and
    // values are read once for group x kAttentionTokens queries.
    {
      const double visible = static_cast<double>(n * pos) + static_cast<double>(n * (n + 1)) / 2;
      OperatorTimer timer(profile, Operator::kAttention,
                          visible * static_cast<double>(2 * kv_dim * sizeof(float)),
                          visible * static_cast<double>(4 * n_heads * head_dim));
      const std::size_t n_token_tiles = (n + kAttentionTokens - 1) / kAttentionTokens;
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(0, config.n_kv_heads * n_token_tiles),
          [&](const tbb::blocked_range<std::size_t>& items) {
            for (std::size_t i = items.begin(); i < items.end(); i++) {
              // Tiles of the latest tokens first: they see the most keys, and the cheaper ones
              // after them even out the load.
              const std::size_t t0 = (n_token_tiles - 1 - i / config.n_kv_heads) * kAttentionTokens;
              const std::size_t kv_head = i % config.n_kv_heads;
              const std::size_t offset = t0 * dim + kv_head * group * head_dim;
              kernels.attention(att.floats() + offset, q.floats() + offset, dim,
                                std::min(kAttentionTokens, n - t0), group, pos + t0,
                                layer_keys + kv_head * head_dim, layer_values + kv_head * head_dim,
                                kv_dim, head_dim, attention_scale);
            }
          });
    }

    project(Operator::kWo, att.floats(), n, dim, {{xb2.floats(), dim, layer.wo, dim}});
    {
      OperatorTimer timer(profile, Operator::kResidual,
                          static_cast<double>(3 * n * dim * sizeof(float)),
                          static_cast<double>(n * dim));
      for_each_token(n, [&](std::size_t t) {
        kernels.add(x.floats() + t * dim, xb2.floats() + t * dim, dim);
      });
    }

    rmsnorm(xb.floats(), x.floats(), layer.ffn_norm, n);

    project(Operator::kGateUp, xb.floats(), n, dim,
            {{hb.floats(), hidden, layer.w1, hidden}, {hb2.floats(), hidden, layer.w3, hidden}});
    {
      OperatorTimer timer(profile, Operator::kSwiglu,
                          static_cast<double>(3 * n * hidden * sizeof(float)),
                          static_cast<double>(5 * n * hidden));
      for_each_token(n, [&](std::size_t t) {
        kernels.swiglu(hb.floats() + t * hidden, hb2.floats() + t * hidden, hidden);
      });
    }

    project(Operator::kDown, hb.floats(), n, hidden, {{xb2.floats(), dim, layer.w2, dim}});
    {
      OperatorTimer timer(profile, Operator::kResidual,
                          static_cast<double>(3 * n * dim * sizeof(float)),
                          static_cast<double>(n * dim));
      for_each_token(n, [&](std::size_t t) {
        kernels.add(x.floats() + t * dim, xb2.floats() + t * dim, dim);
      });
    }
  }

  // Only the positions that need logits go through the final norm and the classifier.
  if (n_logits == 0) return;
  const std::size_t first = n - n_logits;
  rmsnorm(xb.floats(), x.floats() + first * dim, w.final_norm, n_logits);
  project(Operator::kClassifier, xb.floats(), n_logits, dim,
          {{logits_out, config.vocab_size, w.classifier, config.vocab_size}});
}

void check_token_ids(std::span<const std::int32_t> tokens, std::size_t vocab_size) {
  for (std::size_t i = 0; i < tokens.size(); i++) {
    if (tokens[i] < 0 || static_cast<std::size_t>(tokens[i]) >= vocab_size) {
      throw Error("token id " + std::to_string(tokens[i]) + " at prompt index " +
                  std::to_string(i) + " is outside the vocabulary of " +
                  std::to_string(vocab_size));
    }
  }
}

Transformer::Transformer(const Model& model, const kernels::KernelSet& kernels,
                         const TransformerOptions& options)
    : state_(nullptr) {
  if (options.context_len > model.config.seq_len) {
    throw Error("-c " + std::to_string(options.context_len) + " exceeds the model's context of " +
                std::to_string(model.config.seq_len) + " positions");
  }
  state_ = std::make_unique<State>(model, kernels, options);
}

Transformer::~Transformer() = default;

std::span<const float> Transformer::forward(std::span<const std::int32_t> tokens, std::size_t pos,
                                            std::size_t n_logits) {
  State& s = *state_;
  const std::size_t n = tokens.size();
  if (n == 0) throw Error("forward: no tokens");
  if (pos + n > s.context_len) {
    throw Error("context is full: positions " + std::to_string(pos) + ".." +
                std::to_string(pos + n - 1) + " do not fit a context of " +
                std::to_string(s.context_len) + " (raise -c, at most the model's " +
                std::to_string(s.config.seq_len) + ")");
  }
  check_token_ids(tokens, s.config.vocab_size);
  n_logits = std::min(n_logits, n);
  s.logits.resize(n_logits * s.config.vocab_size);

  s.arena.execute([&] {
    for (std::size_t begin = 0; begin < n; begin += s.batch) {
      const std::size_t chunk = std::min(s.batch, n - begin);
      // Rows of logits this chunk owns: those of the last n_logits positions of the whole call.
      const std::size_t first_logit = n - n_logits;
      const std::size_t chunk_end = begin + chunk;
      const std::size_t chunk_logits =
          chunk_end > first_logit ? chunk_end - std::max(begin, first_logit) : 0;
      float* out =
          s.logits.data() +
          (chunk_logits > 0 ? (chunk_end - chunk_logits - first_logit) : 0) * s.config.vocab_size;
      s.forward_chunk(tokens.data() + begin, chunk, pos + begin, chunk_logits, out);
    }
  });
  return s.logits;
}

const ModelConfig& Transformer::config() const {
  return state_->config;
}
const kernels::KernelSet& Transformer::kernels() const {
  return state_->kernels;
}
std::size_t Transformer::context_len() const {
  return state_->context_len;
}
std::size_t Transformer::batch() const {
  return state_->batch;
}
std::size_t Transformer::threads() const {
  return state_->threads;
}
void Transformer::set_profile(Profile* profile) {
  state_->profile = profile;
}
void Transformer::run_on_workers(const std::function<void()>& f) {
  state_->arena.execute(f);
}

}  // namespace clift
