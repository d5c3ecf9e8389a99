#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Runs one of the built executables as a user would, capturing stdout, stderr and the exit code.
namespace clift::testing_support {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `executable` is relative to the build folder, e.g. "tools/clift/clift".
inline CommandResult run_command(const std::string& executable,
                                 const std::vector<std::string>& args,
                                 const std::string& stdin_text = "") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("clift-cmd-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "in", std::ios::binary) << stdin_text; }
  std::string command = shell_quote(std::string(CLIFT_BINARY_DIR) + "/" + executable);
  for (const auto& a : args) {
    command += ' ';
    command += shell_quote(a);
  }
  command += " <";
  command += shell_quote((dir / "in").string());
  command += " >";
  command += shell_quote((dir / "out").string());
  command += " 2>";
  command += shell_quote((dir / "err").string());
  const int status = std::system(command.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace clift::testing_support
