#include "engine/agents/shared_prompts.h"

#include <algorithm>

#include "engine/agents/prompt_library.h"

namespace crm::agents {
namespace {

// Each field with its length in front, so no two different inputs give one key.
void AddField(std::string& key, std::string_view field) {
  key += std::to_string(field.size());
  key += ':';
  key += field;
}

// Every input of BuildSystemPrompt except the library and the schema, which
// are fixed per cache.
std::string KeyFor(const tasks::Task& task, const PromptSetup& setup) {
  std::string key;
  key.reserve(64 + task.task.size() + task.metadata_required.size() + task.metadata_optional.size());
  AddField(key, task.task);
  AddField(key, task.metadata_required);
  AddField(key, setup.mode == PromptMode::kAided ? task.metadata_optional : std::string());
  key += static_cast<char>('0' + static_cast<int>(setup.strategy));
  key += static_cast<char>('0' + static_cast<int>(setup.mode));
  key += setup.native_tools ? 'n' : 'p';
  // The official structure strips unless folded and picks variants by these.
  key += setup.fold_system_prompt ? 'f' : 's';
  key += setup.interactive ? 'i' : 'o';
  key += setup.privacy_aware_prompt ? 'v' : 'a';
  return key;
}

Result<std::shared_ptr<const std::string>> RenderFresh(const PromptLibrary& library, const tasks::Task& task,
                                                       const PromptSetup& setup) {
  Result<std::string> text = BuildSystemPrompt(library, task, setup);
  if (!text.ok()) return text.status();
  return std::make_shared<const std::string>(std::move(text).value());
}

}  // namespace

Result<std::shared_ptr<const std::string>> SharedSystemPrompt(const PromptLibrary& lib, const tasks::Task& task,
                                                              const PromptSetup& setup) {
  if (setup.shared_prompts) return setup.shared_prompts->Get(lib, task, setup);
  return RenderFresh(lib, task, setup);
}

SharedPrompts::SharedPrompts(const PromptLibrary& library, std::shared_ptr<const std::string> schema_json)
    : library_(library), schema_json_(std::move(schema_json)) {}

Result<std::shared_ptr<const std::string>> SharedPrompts::Get(const PromptLibrary& library, const tasks::Task& task,
                                                              const PromptSetup& setup) {
  if (&library != &library_ || setup.schema_json != schema_json_) return RenderFresh(library, task, setup);
  const std::string key = KeyFor(task, setup);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = prompts_.find(key);
    if (it != prompts_.end()) {
      if (std::shared_ptr<const std::string> live = it->second.lock()) return live;
    }
  }
  Result<std::shared_ptr<const std::string>> made = RenderFresh(library_, task, setup);
  if (!made.ok()) return made;
  std::lock_guard<std::mutex> lock(mu_);
  std::weak_ptr<const std::string>& slot = prompts_[key];
  // Another thread may have rendered the same prompt meanwhile: keep one.
  if (std::shared_ptr<const std::string> live = slot.lock()) return live;
  slot = *made;
  if (prompts_.size() >= next_sweep_) {
    std::erase_if(prompts_, [](const auto& entry) { return entry.second.expired(); });
    next_sweep_ = std::max<size_t>(64, 2 * prompts_.size());
  }
  return made;
}

size_t SharedPrompts::size_for_tests() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t live = 0;
  for (const auto& entry : prompts_) live += entry.second.expired() ? 0 : 1;
  return live;
}

size_t SharedPrompts::entries_for_tests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return prompts_.size();
}

}  // namespace crm::agents
