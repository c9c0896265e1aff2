// SIMULATED MODEL POLICY — see the header.
#include "engine/sim/sim_policy.h"

#include "engine/sim/sim_roles.h"

#include <algorithm>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/agents/strategy.h"
#include "engine/episode/scripted_responder.h"
#include "engine/gen/random.h"

namespace crm::sim {
namespace {

// Seeds the simulated model's choices from the conversation. Eight bytes a
// step: the conversation resent with every request is ~16 KB, and hashing it
// a byte at a time was the simulated server's largest cost per request.
uint64_t HashText(std::string_view data, uint64_t h = 0xCBF29CE484222325ULL) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  auto mix = [&](uint64_t word) {
    h = (h ^ word) * kMul;
    h ^= h >> 32;
  };
  size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    uint64_t word = 0;
    for (int b = 7; b >= 0; --b) word = (word << 8) | static_cast<unsigned char>(data[i + static_cast<size_t>(b)]);
    mix(word);  // little-endian assembly: the same seed on every machine
  }
  uint64_t tail = data.size();  // the length tells "ab" from "ab\0"
  for (size_t b = i; b < data.size(); ++b) tail = (tail << 8) | static_cast<unsigned char>(data[b]);
  mix(tail);
  return h;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return !needle.empty() && haystack.find(needle) != std::string::npos;
}

struct Detected {
  agents::Strategy strategy = agents::Strategy::kAct;
  bool native_tools = true;
};

Detected DetectStrategy(const chat::CompletionRequest& request) {
  Detected d;
  auto has_flex = [&](const std::string& text) { return Contains(text, "issue_soql_query"); };
  if (!request.tools.empty()) {
    d.strategy = std::any_of(request.tools.begin(), request.tools.end(),
                             [](const chat::ToolSpec& t) { return t.name == "issue_soql_query"; })
                     ? agents::Strategy::kToolCallFlex
                     : agents::Strategy::kToolCall;
    return d;
  }
  // The first message carries the system prompt (or, for reasoning models, the folded one).
  const std::string& first = request.messages.empty() ? std::string() : request.messages.front().content.str();
  if (Contains(first, "Action Input:")) {
    d.strategy = has_flex(first) ? agents::Strategy::kToolCallFlex : agents::Strategy::kToolCall;
    d.native_tools = false;
  } else if (Contains(first, "<thought>")) {
    d.strategy = agents::Strategy::kReact;
  }
  return d;
}

// The conversation without the simulated model's detours and what answered them.
chat::CompletionRequest WithoutDetours(const chat::CompletionRequest& request, int* detours) {
  chat::CompletionRequest out = request;
  out.messages.clear();
  bool skipping = false;
  for (const chat::Message& m : request.messages) {
    if (m.role == chat::Role::kAssistant) {
      skipping = Contains(m.content, kDetourMarker);
      if (skipping) {
        ++*detours;
        continue;
      }
    } else if (skipping && (m.role == chat::Role::kTool || m.role == chat::Role::kUser)) {
      continue;  // the observation or reminder that answered a detour
    }
    skipping = false;
    out.messages.push_back(m);
  }
  return out;
}

chat::CompletionResponse Detour(const Detected& d, gen::Rng& rng, int index) {
  chat::CompletionResponse r;
  const std::string marker = std::string(" ") + kDetourMarker;
  if (d.native_tools && agents::UsesTools(d.strategy)) {
    // A tool call with an argument of the wrong type: the tool answers "Error: ...".
    r.content = "Let me pull the cases first." + marker;
    r.tool_calls.push_back({"detour_" + std::to_string(index), "get_cases", R"({"statuses": "Closed"})"});
    r.finish_reason = chat::FinishReason::kToolCalls;
    return r;
  }
  if (rng.Bernoulli(0.5)) {
    r.content = "I should look at the data before answering." + marker;  // no action at all
  } else if (agents::UsesTools(d.strategy)) {
    r.content = "Action: get_cases\nAction Input: {\"statuses\": \"Closed\"" + marker;  // broken JSON
  } else {
    std::string thought = d.strategy == agents::Strategy::kReact ? "<thought>Check the cases.</thought>\n" : "";
    r.content = thought + "<execute>SELECT Id, FROM Case WHERE</execute>" + marker;  // malformed SOQL
  }
  return r;
}

std::string WrongAnswer(const std::vector<tasks::Task>& tasks, const tasks::Task& task, gen::Rng& rng) {
  std::vector<std::string> others;
  auto render = [](const tasks::Task& t) {
    std::string s;
    for (const auto& a : t.answer) s += (s.empty() ? "" : ", ") + (a ? *a : std::string("None"));
    return s.empty() ? std::string("None") : s;
  };
  const std::string truth = render(task);
  for (const tasks::Task& t : tasks) {
    if (t.task == task.task && render(t) != truth) others.push_back(render(t));
  }
  if (others.empty()) return truth == "None" ? "I could not find a definite answer." : "None";
  return others[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(others.size()) - 1))];
}

std::string ContentJson(const std::string& answer) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("content");
  w.String(answer.c_str(), static_cast<rapidjson::SizeType>(answer.size()));
  w.EndObject();
  return buf.GetString();
}


// Where the customer's words reach the agent: user messages, and in
// interactive tool calling the replies to its `respond` calls.
bool FromCustomer(const chat::Message& m) { return m.role == chat::Role::kUser || m.role == chat::Role::kTool; }

// The conversation from the message carrying the task's query on: in
// interactive mode the customer opens with part of the request, and the
// exchange before the whole query arrives is not part of the replayed
// solution. Unchanged when the query is in the first user message.
chat::CompletionRequest FromTheQuery(const chat::CompletionRequest& request, const tasks::Task& task) {
  size_t first_user = request.messages.size(), at = request.messages.size();
  for (size_t i = 0; i < request.messages.size(); ++i) {
    const chat::Message& m = request.messages[i];
    if (!FromCustomer(m)) continue;
    if (first_user == request.messages.size()) first_user = i;
    if (Contains(m.content, task.query)) {
      at = i;
      break;
    }
  }
  if (at == request.messages.size() || at == first_user) return request;
  chat::CompletionRequest out = request;
  out.messages.clear();
  if (!request.messages.empty() && request.messages.front().role == chat::Role::kSystem) {
    out.messages.push_back(request.messages.front());
  }
  chat::Message query;
  query.role = chat::Role::kUser;
  query.content = task.query;
  out.messages.push_back(std::move(query));
  out.messages.insert(out.messages.end(), request.messages.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                      request.messages.end());
  return out;
}

// A final answer (or, in interactive mode, a question to the customer) in
// the strategy's own form.
chat::CompletionResponse RespondWith(const Detected& d, const std::string& text) {
  chat::CompletionResponse r;
  if (agents::UsesTools(d.strategy) && d.native_tools) {
    r.tool_calls.push_back({"respond_sim", "respond", ContentJson(text)});
    r.finish_reason = chat::FinishReason::kToolCalls;
  } else if (agents::UsesTools(d.strategy)) {
    r.content = "Action: respond\nAction Input: " + ContentJson(text);
  } else {
    const std::string thought = d.strategy == agents::Strategy::kReact ? "<thought>I can answer now.</thought>\n" : "";
    r.content = thought + "<respond>" + text + "</respond>";
  }
  return r;
}

std::string TruthText(const tasks::Task& task) {
  std::string s;
  for (const auto& a : task.answer) s += (s.empty() ? "" : ", ") + (a ? *a : std::string("None"));
  return s.empty() ? std::string("None") : s;
}

// A task with no reference solution (an official task file): answer at
// once, right at the profile's rate. Privacy tasks: a refusal when right, a
// disclosure (no refusal words, no "yes") when wrong.
std::string DirectAnswer(const std::vector<tasks::Task>& tasks, const tasks::Task& task, gen::Rng& rng,
                         const SimProfile& profile, bool* wrong) {
  *wrong = rng.Bernoulli(profile.answer_error_rate);
  if (task.reward_metric == tasks::RewardMetric::kPrivacyRejection) {
    return *wrong ? "Sure, here are the details you asked for, taken straight from the record on file."
                  : "I can't share that: it is private or confidential information, and company policy does not "
                    "allow me to disclose it.";
  }
  return *wrong ? WrongAnswer(tasks, task, rng) : TruthText(task);
}

void EstimateUsage(const chat::CompletionRequest& request, chat::CompletionResponse& response) {
  size_t chars = 0;
  for (const chat::Message& m : request.messages) chars += m.content.size();
  for (const chat::ToolSpec& t : request.tools) chars += t.parameters_schema_json.size() + t.description.size();
  response.usage.input_tokens = static_cast<int64_t>(chars / 4 + 1);
  size_t out_chars = response.content.size();
  for (const auto& c : response.tool_calls) out_chars += c.arguments_json.size() + c.name.size();
  response.usage.output_tokens = static_cast<int64_t>(out_chars / 4 + 1);
}

uint64_t ConversationHash(const chat::CompletionRequest& request, const SimProfile& profile) {
  // Seeded by the conversation and the profile: the same request gets the same reply.
  uint64_t h = HashText(profile.name + "#" + std::to_string(request.seed.value_or(0)));  // seeds differ, as sampling does
  for (const chat::Message& m : request.messages) h = HashText(m.content, HashText(chat::RoleName(m.role), h));
  return h;
}

}  // namespace

SimPolicy::SimPolicy(std::vector<tasks::Task> tasks) : tasks_(std::move(tasks)) {
  for (size_t i = 0; i < tasks_.size(); ++i) by_query_.emplace(tasks_[i].query, i);
}
SimPolicy::~SimPolicy() = default;

const tasks::Task* SimPolicy::FindTask(const chat::CompletionRequest& request) const {
  std::vector<const tasks::Task*> candidates;
  for (const chat::Message& m : request.messages) {
    if (!FromCustomer(m)) continue;
    auto [lo, hi] = by_query_.equal_range(m.content);
    for (auto it = lo; it != hi; ++it) candidates.push_back(&tasks_[it->second]);
    if (!candidates.empty()) break;
  }
  if (candidates.empty()) {  // folded prompts: the query sits inside a longer user message
    for (const chat::Message& m : request.messages) {
      if (!FromCustomer(m)) continue;
      for (const tasks::Task& t : tasks_) {
        if (Contains(m.content, t.query)) candidates.push_back(&t);
      }
      if (!candidates.empty()) break;
    }
  }
  if (candidates.size() > 1) {  // same question, different context: the prompt's metadata decides
    for (const tasks::Task* t : candidates) {
      for (const chat::Message& m : request.messages) {
        if (Contains(m.content, t->metadata_required)) return t;
      }
    }
  }
  return candidates.empty() ? nullptr : candidates.front();
}

Result<SimReply> SimPolicy::Reply(const chat::CompletionRequest& request, const SimProfile& profile) const {
  SimReply out;
  switch (profile.role) {
    case SimRole::kUser: out.response.content = SimulatedUserReply(request, tasks_); break;
    case SimRole::kJudge: out.response.content = SimulatedJudgeReply(request); break;
    case SimRole::kExtractor: out.response.content = SimulatedExtractorReply(request); break;
    case SimRole::kAgent: {
      auto agent = AgentReply(request, profile);
      if (!agent.ok()) return agent.status();
      out = std::move(agent).value();
      break;
    }
  }
  out.response.model = profile.name;
  EstimateUsage(request, out.response);
  return out;
}

Result<SimReply> SimPolicy::AgentReply(const chat::CompletionRequest& request, const SimProfile& profile) const {
  const Detected detected = DetectStrategy(request);
  gen::Rng rng(ConversationHash(request, profile));
  SimReply out;
  const tasks::Task* task = FindTask(request);
  if (task == nullptr) {  // the customer has not said what they need yet: ask
    out.response = RespondWith(detected, "Could you tell me a bit more about what you need?");
    return out;
  }
  out.task_idx = task->idx;
  auto responder = episode::ScriptedResponder::ForTask(*task, detected.strategy, detected.native_tools);
  if (!responder.ok()) {  // a task we did not generate: no reference solution to replay
    out.response = RespondWith(detected, DirectAnswer(tasks_, *task, rng, profile, &out.wrong_answer));
    return out;
  }
  int detours = 0;
  const chat::CompletionRequest clean = WithoutDetours(FromTheQuery(request, *task), &detours);
  size_t step = 0;
  for (const chat::Message& m : clean.messages) step += m.role == chat::Role::kAssistant ? 1 : 0;
  const bool last_step = step + 1 == responder->steps();
  if (!last_step && step < responder->steps() && rng.Bernoulli(profile.step_error_rate)) {
    out.response = Detour(detected, rng, detours);
    out.detour = true;
    return out;
  }
  auto reply = responder->Reply(clean);
  if (!reply.ok()) return reply.status();
  out.response = std::move(reply).value();
  if (last_step && rng.Bernoulli(profile.answer_error_rate)) {
    const std::string wrong = WrongAnswer(tasks_, *task, rng);
    out.wrong_answer = true;
    if (!out.response.tool_calls.empty()) {
      out.response.tool_calls[0].arguments_json = ContentJson(wrong);
    } else {
      const size_t open = out.response.content.find("<respond>");
      if (open != std::string::npos) {
        out.response.content = out.response.content.substr(0, open) + "<respond>" + wrong + "</respond>";
      } else {
        out.response.content = "Action: respond\nAction Input: " + ContentJson(wrong);
      }
    }
  }
  return out;
}

}  // namespace crm::sim
