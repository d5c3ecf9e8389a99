#pragma once

#include "tools/clift/options.hpp"
#include "tools/clift/session.hpp"

namespace clift::cli {

// An interactive conversation on stdin with the Llama 3 instruct template: one user turn per line,
// the KV cache kept across turns, each reply ending at an end-of-turn token or after -n tokens.
// Ends at end of input or when the context is full.
void run_chat(Session& session, const Options& options);

}  // namespace clift::cli
