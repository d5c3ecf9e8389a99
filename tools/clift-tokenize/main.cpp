// clift-tokenize: prints the token ids of a text as one JSON array on stdout.
#include <cstdio>
#include <string>
#include <string_view>

#include "platform/error.hpp"
#include "runtime/tokenizer/tokenizer.hpp"

namespace {

constexpr const char* kUsage =
    "usage: clift-tokenize [-z FILE] [--bos] (TEXT | --stdin)\n"
    "  -z FILE   vocabulary: tokenizer.model, tokenizer.json or tokenizer.bin (told apart by\n"
    "            content); default $CLIFT_VOCAB, else the Llama 3 tokenizer.json that\n"
    "            tools/install-deps.sh installs\n"
    "  --bos     start with <|begin_of_text|>\n"
    "  --stdin   read the text from standard input instead of the argument\n"
    "Special tokens written in the text (<|eot_id|>, ...) become those tokens.\n";

struct Options {
  std::string vocab;
  bool bos = false;
  bool from_stdin = false;
  std::string text;
  bool has_text = false;
};

Options parse(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-z") {
      if (i + 1 == argc) throw clift::Error("-z needs a FILE");
      opt.vocab = argv[++i];
    } else if (arg == "--bos") {
      opt.bos = true;
    } else if (arg == "--stdin") {
      opt.from_stdin = true;
    } else if (arg.starts_with("-") && arg.size() > 1) {
      throw clift::Error("unknown option " + std::string(arg) + " (see -h)");
    } else if (opt.has_text) {
      throw clift::Error("more than one TEXT; quote the text or use --stdin");
    } else {
      opt.text = arg;
      opt.has_text = true;
    }
  }
  if (opt.from_stdin == opt.has_text) throw clift::Error("give either TEXT or --stdin (see -h)");
  return opt;
}

std::string read_stdin() {
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
    text.append(buffer, n);
  if (std::ferror(stdin)) throw clift::Error("cannot read standard input");
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  try {
    Options opt = parse(argc, argv);
    if (opt.from_stdin) opt.text = read_stdin();
    const auto tokenizer =
        clift::Tokenizer::load(opt.vocab.empty() ? clift::default_vocabulary_path() : opt.vocab);
    const auto ids = tokenizer.encode(opt.text, opt.bos);

    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i > 0) out += ", ";
      out += std::to_string(ids[i]);
    }
    out += "]\n";
    std::fputs(out.c_str(), stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clift-tokenize: %s\n", e.what());
    return 1;
  }
}
