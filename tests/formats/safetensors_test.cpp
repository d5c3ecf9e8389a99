// The safetensors reader: dtype conversion, and files that lie about themselves, each of which
// must be one clear clift::Error naming the file and the tensor.
#include "runtime/formats/safetensors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "tests/formats/checkpoint_files.hpp"

namespace clift {
namespace {

using testing_support::bytes_of;
using testing_support::error_of;
using testing_support::expect_mentions;
using testing_support::TempDir;
using testing_support::write_bytes;
using testing_support::write_raw_safetensors;
using testing_support::write_safetensors;

std::vector<float> all_as_f32(const SafetensorsTensor& t) {
  std::vector<float> out(t.element_count(), std::numeric_limits<float>::quiet_NaN());
  read_as_f32(t, 0, out);
  return out;
}

TEST(Safetensors, ReadsF32BitForBitAndPartialRanges) {
  TempDir dir;
  const std::vector<float> values = {1.5f, -0.0f, 3e-41f, 7.25f, -1e30f, 0.1f};
  write_safetensors(dir / "m.safetensors", {{"small", "F32", {1}, bytes_of(std::vector{9.0f})},
                                            {"w", "F32", {2, 3}, bytes_of(values)}});
  const SafetensorsFile file((dir / "m.safetensors").string());
  ASSERT_EQ(file.tensors().size(), 2u);  // __metadata__ is not a tensor
  const SafetensorsTensor* w = file.find("w");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->shape, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(bytes_of(all_as_f32(*w)), bytes_of(values));  // -0.0 and the subnormal too

  std::vector<float> middle(3);
  read_as_f32(*w, 2, middle);
  EXPECT_EQ(middle, (std::vector<float>{3e-41f, 7.25f, -1e30f}));
  EXPECT_EQ(file.find("missing"), nullptr);
}

TEST(Safetensors, ConvertsBf16) {
  TempDir dir;
  // 1, -2.5, 0.15625, 3.140625, infinity, the smallest bfloat16 subnormal (2^-133), -0.
  const std::vector<std::uint16_t> bits = {0x3f80, 0xc020, 0x3e20, 0x4049, 0x7f80, 0x0001, 0x8000};
  write_safetensors(dir / "m.safetensors", {{"w", "BF16", {7}, bytes_of(bits)}});
  const std::vector<float> got =
      all_as_f32(*SafetensorsFile((dir / "m.safetensors").string()).find("w"));
  const std::vector<float> expected = {1.0f,     -2.5f,     0.15625f, 3.140625f,
                                       INFINITY, 0x1p-133f, -0.0f};
  EXPECT_EQ(bytes_of(got), bytes_of(expected));
}

TEST(Safetensors, ConvertsF16IncludingSubnormalsAndSpecials) {
  TempDir dir;
  const std::vector<std::uint16_t> bits = {0x3c00, 0xc000, 0x3555, 0x7bff,
                                           0x0001, 0x8400, 0x7c00, 0x7e00};
  write_safetensors(dir / "m.safetensors", {{"w", "F16", {2, 4}, bytes_of(bits)}});
  const std::vector<float> got =
      all_as_f32(*SafetensorsFile((dir / "m.safetensors").string()).find("w"));
  const std::vector<float> expected = {1.0f,     -2.0f,     0.333251953125f, 65504.0f,
                                       0x1p-24f, -0x1p-14f, INFINITY};
  for (std::size_t i = 0; i < expected.size(); i++) {
    EXPECT_EQ(got[i], expected[i]) << "element " << i;
  }
  EXPECT_TRUE(std::isnan(got[7]));
}

TEST(Safetensors, AcceptsEmptyTensorsAndUnalignedData) {
  TempDir dir;
  std::string header = R"({"e":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]},)"
                       R"("w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  // Trailing spaces are valid JSON; they put the F32 data at an odd address.
  while ((8 + header.size()) % 4 != 1)
    header += ' ';
  write_raw_safetensors(dir / "m.safetensors", header, bytes_of(std::vector{2.5f}));
  const SafetensorsFile file((dir / "m.safetensors").string());
  EXPECT_EQ(file.find("e")->element_count(), 0u);
  EXPECT_EQ(all_as_f32(*file.find("w")), std::vector<float>{2.5f});
}

// Each lie, as (header, data, header length field), with what its error must say.
struct Lie {
  const char* what;
  std::string header;
  std::string data;
  std::uint64_t header_length;
  std::vector<std::string> mentions;
};

TEST(Safetensors, LyingFilesAreClearErrors) {
  const std::string f32x2 = bytes_of(std::vector{1.0f, 2.0f});
  const auto one = [](const std::string& entry) { return R"({"w":)" + entry + "}"; };
  const std::vector<Lie> lies = {
      {"header length past the end", "{}", "", 1000, {"header length 1000", "runs past the end"}},
      {"absurd header length", "{}", "", ~0ull - 1, {"runs past the end"}},
      {"data_offsets past the end",
       one(R"({"dtype":"F32","shape":[4],"data_offsets":[0,16]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "data_offsets [0, 16]", "outside the 8 bytes"}},
      {"data_offsets reversed",
       one(R"({"dtype":"F32","shape":[0],"data_offsets":[8,4]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "data_offsets [8, 4]"}},
      {"shape and offsets disagree",
       one(R"({"dtype":"F32","shape":[3],"data_offsets":[0,8]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "hold 8 bytes but shape [3] needs 12"}},
      {"shape that overflows",
       one(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "overflows"}},
      {"negative shape",
       one(R"({"dtype":"F32","shape":[-2],"data_offsets":[0,8]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "shape is [-2]"}},
      {"unsupported dtype",
       one(R"({"dtype":"F64","shape":[1],"data_offsets":[0,8]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "dtype \"F64\" is not supported"}},
      {"misspelled dtype",
       one(R"({"dtype":"float32","shape":[2],"data_offsets":[0,8]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "dtype \"float32\""}},
      {"missing data_offsets",
       one(R"({"dtype":"F32","shape":[2]})"),
       f32x2,
       ~0ull,
       {"tensor 'w'", "data_offsets is missing"}},
      {"entry not an object", one("7"), f32x2, ~0ull, {"tensor 'w'", "expected an object"}},
      {"header not JSON", "{\"w\": [", f32x2, ~0ull, {"not valid JSON"}},
      {"header not an object", "[1, 2]", f32x2, ~0ull, {"not a JSON object"}},
  };
  TempDir dir;
  const std::string path = (dir / "lie.safetensors").string();
  for (const Lie& lie : lies) {
    SCOPED_TRACE(lie.what);
    write_raw_safetensors(path, lie.header, lie.data, lie.header_length);
    const std::string message = error_of([&] { SafetensorsFile file(path); });
    expect_mentions(message, {path});
    for (const std::string& m : lie.mentions) {
      expect_mentions(message, {m});
    }
  }
}

TEST(Safetensors, ShortFilesAndGitLfsPointersAreClearErrors) {
  TempDir dir;
  const std::string path = (dir / "m.safetensors").string();
  write_bytes(path, "abc");
  expect_mentions(error_of([&] { SafetensorsFile file(path); }),
                  {path, "3 bytes, shorter than the 8-byte"});
  write_bytes(path,
              "version https://git-lfs.github.com/spec/v1\noid sha256:0123\nsize 2471645608\n");
  expect_mentions(error_of([&] { SafetensorsFile file(path); }), {path, "git lfs pull"});
}

}  // namespace
}  // namespace clift
