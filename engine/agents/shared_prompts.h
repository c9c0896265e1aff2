// engine/agents/shared_prompts.h — one rendered copy of each system prompt
// for all the episodes that use it at the same time.
//
// Every episode of one task under one strategy gets the same ~10 KB system
// prompt. A sweep with 1,000 episodes in flight used to render and hold
// 1,000 copies; with this cache the episodes share one immutable string
// (chat::Text), which stays in cache memory and is rendered once.
//
// The cache is bound to one prompt library and one schema text, the inputs
// that do not vary per episode; the key is every other input of
// BuildSystemPrompt. It keeps weak references: a prompt is freed when the
// last episode holding it ends, so memory follows the episodes in flight, not
// the size of the sweep.
//
// Thread-safety: Get may be called from any thread (one mutex, held for a
// map lookup; rendering happens outside it). The library and schema passed to
// the constructor must outlive the cache.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/status.h"
#include "engine/tasks/task.h"

namespace crm::agents {

class PromptLibrary;
struct PromptSetup;

class SharedPrompts {
 public:
  SharedPrompts(const PromptLibrary& library, std::shared_ptr<const std::string> schema_json);

  // The system prompt for (task, setup), rendered on first use. Another
  // library or schema than the cache's is rendered afresh and not kept.
  Result<std::shared_ptr<const std::string>> Get(const PromptLibrary& library, const tasks::Task& task,
                                                 const PromptSetup& setup);

  size_t size_for_tests() const;     // prompts alive now
  size_t entries_for_tests() const;  // map entries, expired ones included

 private:
  const PromptLibrary& library_;
  const std::shared_ptr<const std::string> schema_json_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::weak_ptr<const std::string>> prompts_;
  size_t next_sweep_ = 64;  // forget expired entries when the map reaches this size
};

}  // namespace crm::agents
