// The streaming v0 writer: a file appears under its name only when complete.
#include "runtime/formats/v0_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "runtime/model_v0.hpp"
#include "tests/formats/checkpoint_files.hpp"

namespace clift {
namespace {

namespace fs = std::filesystem;
using testing_support::error_of;
using testing_support::expect_mentions;
using testing_support::TempDir;

ModelConfig tiny() {
  ModelConfig c;
  c.dim = 8, c.hidden_dim = 12, c.n_layers = 1, c.n_heads = 2, c.n_kv_heads = 1;
  c.vocab_size = 5, c.seq_len = 3, c.shared_classifier = false;
  return c;
}

TEST(V0Writer, FileAppearsOnlyWhenComplete) {
  TempDir dir;
  const std::string path = (dir / "m.bin").string();
  const std::vector<float> body(v0_float_count(tiny()), 0.25f);
  {
    V0Writer unfinished(path, tiny());
    unfinished.write({body.data(), 10});
    EXPECT_TRUE(fs::exists(path + ".partial"));
    EXPECT_FALSE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path + ".partial"));

  {
    V0Writer short_one(path, tiny());
    short_one.write({body.data(), body.size() - 1});
    expect_mentions(error_of([&] { short_one.finish(); }),
                    {path + ".partial", std::to_string(body.size() - 1) + " floats written"});
  }
  EXPECT_FALSE(fs::exists(path + ".partial"));
  EXPECT_FALSE(fs::exists(path));

  V0Writer complete(path, tiny());
  complete.write({body.data(), body.size() / 2});
  EXPECT_EQ(complete.fraction_done(),
            static_cast<double>(body.size() / 2) / static_cast<double>(body.size()));
  complete.write({body.data() + body.size() / 2, body.size() - body.size() / 2});
  complete.finish();
  EXPECT_FALSE(fs::exists(path + ".partial"));
  const Model model = load_v0_model(path, 500000.0f, RopeScaling{});
  EXPECT_EQ(model.config.shape_string(), tiny().shape_string());
  EXPECT_FALSE(model.config.shared_classifier);
  EXPECT_EQ(model.weights.classifier[0], 0.25f);
}

TEST(V0Writer, UnwritablePathIsAClearError) {
  TempDir dir;
  const std::string path = (dir / "no" / "such" / "m.bin").string();
  expect_mentions(error_of([&] { V0Writer w(path, tiny()); }),
                  {path + ".partial", "cannot open for writing"});
}

}  // namespace
}  // namespace clift
