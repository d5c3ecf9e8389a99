#include "tools/clift/logits_json.hpp"

#include <cstdio>
#include <memory>

#include "platform/error.hpp"

namespace clift::cli {
namespace {

void write_ids(std::FILE* f, std::span<const std::int32_t> ids) {
  std::fputc('[', f);
  for (std::size_t i = 0; i < ids.size(); i++)
    std::fprintf(f, i ? ",%d" : "%d", ids[i]);
  std::fputc(']', f);
}

}  // namespace

void write_logits_json(const std::string& path, std::span<const std::int32_t> prompt,
                       const LogitsCapture& capture, std::size_t vocab_size,
                       std::span<const std::int32_t> generated) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), std::fclose);
  if (!file) throw Error("--logits-out " + path + ": cannot open for writing");
  std::FILE* f = file.get();

  std::fputs("{\"prompt\":", f);
  write_ids(f, prompt);
  std::fprintf(f, ",\n\"logits_from\":%zu,\n\"logits\":[", capture.first_position);
  const std::size_t rows = vocab_size > 0 ? capture.rows.size() / vocab_size : 0;
  for (std::size_t r = 0; r < rows; r++) {
    std::fputs(r ? ",\n[" : "\n[", f);
    for (std::size_t v = 0; v < vocab_size; v++) {
      // %.9g round-trips a float exactly.
      std::fprintf(f, v ? ",%.9g" : "%.9g", static_cast<double>(capture.rows[r * vocab_size + v]));
    }
    std::fputc(']', f);
  }
  std::fputs("],\n\"greedy\":", f);
  write_ids(f, generated);
  std::fputs("}\n", f);
  if (std::ferror(f) || std::fflush(f) != 0) throw Error("--logits-out " + path + ": write failed");
}

}  // namespace clift::cli
