// cli/fail.cc — how a command reports a failure and ends (cli/commands.h).
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"

namespace crm::cli {

void Fail(const std::string& message, int code) {
  std::fprintf(stderr, "crmarena: %s\n", message.c_str());
  throw CLI::RuntimeError(code);
}

}  // namespace crm::cli
