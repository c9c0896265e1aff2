// tests/engine/episode/test_prompts.h — the project's prompt library
// (configs/prompts), loaded once per test binary for the episode tests.
#pragma once

#include "engine/agents/prompt_library.h"

namespace crm::episode {

// Loaded on first use; a load failure fails the calling test and yields an
// empty library.
const agents::PromptLibrary& ProjectPromptsForTests();

}  // namespace crm::episode
