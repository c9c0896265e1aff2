#include "tests/engine/episode/test_prompts.h"

#include <gtest/gtest.h>

#include <string>

namespace crm::episode {

const agents::PromptLibrary& ProjectPromptsForTests() {
  static const agents::PromptLibrary lib = [] {
    Result<agents::PromptLibrary> r = agents::PromptLibrary::Load(std::string(CRM_SOURCE_DIR) + "/configs/prompts");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : agents::PromptLibrary();
  }();
  return lib;
}

}  // namespace crm::episode
