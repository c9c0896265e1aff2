// One results line -> the official harness's result object for one task.
// Read the official sources for what each field means: run_tasks.py (the
// object and the error shape), agents/chat_agent.py and tool_call_agent.py
// (agent_info, traj), env/env.py (end reasons, rewards). Quirks reproduced
// are marked "official quirk".
#include "scheduler/report/official_results.h"

#include <cmath>
#include <string_view>

namespace crm::sched {
namespace {

using Value = rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

const Value* Member(const Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(key);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

std::string StrOf(const Value& v, const char* key) {
  const Value* m = Member(v, key);
  return m != nullptr && m->IsString() ? std::string(m->GetString(), m->GetStringLength()) : "";
}

double NumOf(const Value& v, const char* key, double fallback = 0) {
  const Value* m = Member(v, key);
  return m != nullptr && m->IsNumber() ? m->GetDouble() : fallback;
}

Value Text(const std::string& s, Alloc& a) { return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a); }

// Python writes an int where the official code computes one (rewards 0/1,
// token counts); a whole number here is written the same way.
Value PythonNumber(double x) {
  if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9e15) return Value(static_cast<int64_t>(x));
  return Value(x);
}

bool IsToolStrategy(const std::string& strategy) { return strategy.rfind("tool_call", 0) == 0; }

// The episode's view of itself (line.episode), or an empty object.
const Value& Episode(const Value& line) {
  static const Value kEmpty(rapidjson::kObjectType);
  const Value* e = Member(line, "episode");
  return e != nullptr && e->IsObject() ? *e : kEmpty;
}

const Value& Score(const Value& line) {
  static const Value kEmpty(rapidjson::kObjectType);
  const Value* s = Member(Episode(line), "score");
  return s != nullptr && s->IsObject() ? *s : kEmpty;
}

// trajectory.messages; an older line kept the list itself as the trajectory.
const Value& Messages(const Value& line) {
  static const Value kEmpty(rapidjson::kArrayType);
  const Value* t = Member(Episode(line), "trajectory");
  if (t == nullptr) return kEmpty;
  if (t->IsArray()) return *t;
  const Value* m = Member(*t, "messages");
  return m != nullptr && m->IsArray() ? *m : kEmpty;
}

const Value& Steps(const Value& line) {
  static const Value kEmpty(rapidjson::kArrayType);
  const Value* t = Member(Episode(line), "trajectory");
  const Value* s = t != nullptr ? Member(*t, "steps") : nullptr;
  return s != nullptr && s->IsArray() ? *s : kEmpty;
}

std::string EndReasonOf(const Value& line) {
  std::string end = StrOf(line, "end_reason");
  return end.empty() ? StrOf(Episode(line), "end_reason") : end;
}

// Episodes the official run would have ended with an exception, caught by
// run_tasks.py and written as {"source": "api", "content": "Error: ..."}:
// our infrastructure errors, a context overflow (litellm raises) and a
// connector error (the official connector raises on that response).
bool IsErrored(const Value& line) {
  if (StrOf(line, "status") == "infra_error") return true;
  const std::string end = EndReasonOf(line);
  return end == "context_overflow" || end == "connector_error";
}

std::string ErrorMessage(const Value& line) {
  const Value* error = Member(line, "error");
  std::string message = error != nullptr ? StrOf(*error, "message") : "";
  if (message.empty()) message = StrOf(Episode(line), "end_detail");
  if (message.empty()) message = EndReasonOf(line);
  return message;
}

std::string LastContentOf(const Value& messages, std::string_view role) {
  for (auto it = messages.End(); it != messages.Begin();) {
    --it;
    if (StrOf(*it, "role") == role) return StrOf(*it, "content");
  }
  return "";
}

bool IsRespondStep(const Value& step) {
  const std::string kind = StrOf(step, "kind");
  return kind == "respond" || (kind == "tool" && StrOf(step, "tool") == "respond");
}

// ---- reward ----------------------------------------------------------------

// The official fuzzy_match reward, get_all_metrics(): {"em", "f1", "bleu",
// "rouge": {"rouge-1", "rouge-2", "rouge-l"}}, from our score's metrics.
// Official quirk: f1_score returns the int 0 when no token is shared.
Value FuzzyRewardFromMetrics(const Value& m, Alloc& a) {
  Value out(rapidjson::kObjectType);
  out.AddMember("em", Value(NumOf(m, "exact_match") >= 0.5), a);
  const double f1 = NumOf(m, "f1");
  out.AddMember("f1", f1 == 0 ? Value(0) : Value(f1), a);
  out.AddMember("bleu", Value(NumOf(m, "bleu")), a);
  Value rouge(rapidjson::kObjectType);
  rouge.AddMember("rouge-1", Value(NumOf(m, "rouge1")), a);
  rouge.AddMember("rouge-2", Value(NumOf(m, "rouge2")), a);
  rouge.AddMember("rouge-l", Value(NumOf(m, "rougeL")), a);
  out.AddMember("rouge", rouge, a);
  return out;
}

// The scorer's own official reward when the line has it; else, for a scored
// fuzzy_match answer, the metrics object; else the number (int when whole,
// as Python writes 0/1). Official quirk kept: a fuzzy_match task that was
// never submitted has the number 0, not a metrics object.
Value Reward(const Value& line, Alloc& a) {
  const Value& score = Score(line);
  if (const Value* official = Member(score, "official_reward"); official != nullptr) {
    if (official->IsNumber()) return PythonNumber(official->GetDouble());
    if (official->IsObject()) return Value(*official, a);
  }
  const Value* metrics = Member(score, "metrics");
  if (StrOf(score, "metric") == "fuzzy_match" && metrics != nullptr && metrics->IsObject() &&
      Member(*metrics, "f1") != nullptr) {
    return FuzzyRewardFromMetrics(*metrics, a);
  }
  return PythonNumber(NumOf(line, "reward"));
}

// ---- agent_info ------------------------------------------------------------

// env.step reports len(result) of a successful query; result is the list of
// records, so the size is a record count. Our steps carry "records" when the
// line has it; otherwise the observation's length in characters stands in
// (see README: ask the line for "records"). Official quirk: ToolEnv never
// reports a size, so tool-calling strategies have [].
Value ObservationSizes(const Value& line, bool tools, Alloc& a) {
  Value sizes(rapidjson::kArrayType);
  if (tools) return sizes;
  for (const Value& step : Steps(line).GetArray()) {
    if (StrOf(step, "kind") != "execute" || !StrOf(step, "error").empty()) continue;
    const Value* records = Member(step, "records");
    const double n = records != nullptr && records->IsNumber() ? records->GetDouble() : NumOf(step, "observation_chars");
    sizes.PushBack(PythonNumber(n), a);
  }
  return sizes;
}

Value EndReasonValue(const char* source, const std::string& message, const std::string& content, Alloc& a) {
  Value out(rapidjson::kObjectType);
  out.AddMember("source", Value(source, a), a);
  out.AddMember("message", Text(message, a), a);
  out.AddMember("content", Text(content, a), a);
  return out;
}

// The answer items the official evaluator parsed: the extracted list for
// exact_match, [answer] for fuzzy_match and privacy_rejection (env.py).
Value ParsedAnswer(const Value& line, Alloc& a) {
  const Value& score = Score(line);
  const Value* parsed = Member(score, "parsed_answer");
  if (StrOf(score, "metric") == "exact_match" && parsed != nullptr && parsed->IsArray() && !parsed->Empty()) {
    return Value(*parsed, a);
  }
  Value out(rapidjson::kArrayType);
  out.PushBack(Text(StrOf(line, "answer"), a), a);
  return out;
}

// An episode that ran out of turns: the official loop keeps the end reason of
// its last step when that step set one (an invalid action, a query error, and
// — official quirk — every non-respond tool call in ToolEnv), else "Max turns
// reached" with the last reply.
Value OutOfTurns(const Value& line, Alloc& a) {
  const Value& messages = Messages(line);
  const Value& steps = Steps(line);
  const std::string last_reply = LastContentOf(messages, "assistant");
  if (!steps.Empty()) {
    const Value& last = steps[steps.Size() - 1];
    const std::string kind = StrOf(last, "kind");
    if (kind == "format_error") return EndReasonValue("agent", "Invalid action", last_reply, a);
    if (kind == "execute" && !StrOf(last, "error").empty()) {
      return EndReasonValue("agent", "SOQL/SOSL query error", StrOf(last, "error"), a);
    }
    if (kind == "tool" && StrOf(last, "tool") != "respond") {
      return EndReasonValue("tool", "tool_call error: " + StrOf(last, "tool"), LastContentOf(messages, "tool"), a);
    }
  }
  return EndReasonValue("agent", "Max turns reached", last_reply, a);
}

// Our end reasons onto the official end_reason objects (README: mapping).
Value EndReason(const Value& line, bool tools, Alloc& a) {
  const std::string end = EndReasonOf(line);
  const std::string answer = StrOf(line, "answer");
  if (end == "answered") {
    Value out = EndReasonValue("agent", "Submit action", answer, a);
    // ChatEnv adds the parsed answer; ToolEnv does not.
    if (!tools) out.AddMember("parsed_answer", ParsedAnswer(line, a), a);
    return out;
  }
  if (end == "max_user_turns") return EndReasonValue("user", "Max user turns reached", answer, a);
  if (end == "format_errors") return EndReasonValue("agent", "Invalid action", LastContentOf(Messages(line), "assistant"), a);
  // The user ended before any answer: the last thing the agent saw is the
  // user's reply, as after an official "Respond action".
  if (end == "user_stopped") return EndReasonValue("user", "Respond action", LastContentOf(Messages(line), "user"), a);
  return OutOfTurns(line, a);  // max_turns, and anything newer we do not know
}

// Per-call usage lists. The line has per-episode totals only, so each list
// holds one element, the episode's total (README); empty when no call was made.
Value Usage(const Value& line, Alloc& a) {
  const Value* usage = Member(line, "usage");
  const double input = usage != nullptr ? NumOf(*usage, "input_tokens") : 0;
  const double output = usage != nullptr ? NumOf(*usage, "output_tokens") : 0;
  const Value* latencies = Member(line, "latencies_ms");
  const bool any_call = (latencies != nullptr && latencies->IsArray() && !latencies->Empty()) ||
                        NumOf(line, "turns") > 0 || input + output > 0;
  Value out(rapidjson::kObjectType);
  const std::pair<const char*, double> lists[] = {
      {"cost", NumOf(line, "cost_usd")}, {"completion_tokens", output}, {"prompt_tokens", input}, {"total_tokens", input + output}};
  for (const auto& [name, total] : lists) {
    Value list(rapidjson::kArrayType);
    if (any_call) list.PushBack(std::string_view(name) == "cost" ? Value(total) : PythonNumber(total), a);
    out.AddMember(Value(name, a), list, a);
  }
  return out;
}

// Official quirk: chat_agent.py writes (env.current_user_turn,
// current_agent_turn + 1), where the agent counter restarts at every respond
// action — so a submitted answer reads [user_turns, 1] — and the user counter
// counts respond actions in an interactive run (0 otherwise).
// tool_call_agent.py writes the int turn_id + 1, the number of model calls.
Value NumTurns(const Value& line, bool tools, bool interactive, Alloc& a) {
  const int64_t turns = static_cast<int64_t>(NumOf(line, "turns"));
  if (tools) return Value(turns);
  int64_t responds = 0, last_respond_turn = 0;
  for (const Value& step : Steps(line).GetArray()) {
    if (!IsRespondStep(step)) continue;
    ++responds;
    last_respond_turn = static_cast<int64_t>(NumOf(step, "turn"));
  }
  Value out(rapidjson::kArrayType);
  out.PushBack(Value(interactive ? responds : int64_t{0}), a);
  out.PushBack(Value(turns - last_respond_turn + 1), a);
  return out;
}

Value AgentInfo(const Value& line, const OfficialFileKey& key, Alloc& a) {
  Value info(rapidjson::kObjectType);
  if (IsErrored(line)) {  // run_tasks.py's except branch
    info.AddMember("source", "api", a);
    info.AddMember("content", Text("Error: " + ErrorMessage(line), a), a);
    return info;
  }
  const bool tools = IsToolStrategy(key.strategy);
  Value usage = Usage(line, a);
  info.AddMember("observation_sizes", ObservationSizes(line, tools, a), a);
  info.AddMember("end_reason", EndReason(line, tools, a), a);
  info.AddMember("usage", usage, a);
  info.AddMember("total_cost", Value(NumOf(line, "cost_usd")), a);
  info.AddMember("num_turns", NumTurns(line, tools, key.interactive, a), a);
  return info;
}

// ---- traj ------------------------------------------------------------------

// A tool-calling assistant message as litellm's message.model_dump() gives it:
// {"content", "role", "tool_calls", "function_call"}; content null when empty.
Value ModelDumpMessage(const Value& m, Alloc& a) {
  Value out(rapidjson::kObjectType);
  const std::string content = StrOf(m, "content");
  out.AddMember("content", content.empty() ? Value() : Text(content, a), a);
  out.AddMember("role", "assistant", a);
  const Value* calls = Member(m, "tool_calls");
  Value tool_calls;  // null without calls
  if (calls != nullptr && calls->IsArray() && !calls->Empty()) {
    tool_calls.SetArray();
    for (const Value& c : calls->GetArray()) {
      Value function(rapidjson::kObjectType);
      function.AddMember("arguments", Text(StrOf(c, "arguments"), a), a);
      function.AddMember("name", Text(StrOf(c, "name"), a), a);
      Value call(rapidjson::kObjectType);
      call.AddMember("function", function, a);
      call.AddMember("id", Text(StrOf(c, "id"), a), a);
      call.AddMember("type", "function", a);
      tool_calls.PushBack(call, a);
    }
  }
  out.AddMember("tool_calls", tool_calls, a);
  out.AddMember("function_call", Value(), a);
  return out;
}

// The agent's conversation (agent.get_messages()): {"role", "content"} for
// chat strategies; with native tool calls, assistant messages as model dumps
// and tool results as {"role": "tool", "tool_call_id", "name", "content"}.
Value Traj(const Value& line, bool tools, Alloc& a) {
  const Value& messages = Messages(line);
  bool native = false;
  for (const Value& m : messages.GetArray()) native = native || Member(m, "tool_calls") != nullptr || StrOf(m, "role") == "tool";
  Value traj(rapidjson::kArrayType);
  for (const Value& m : messages.GetArray()) {
    const std::string role = StrOf(m, "role");
    if (tools && native && role == "assistant") {
      traj.PushBack(ModelDumpMessage(m, a), a);
      continue;
    }
    Value out(rapidjson::kObjectType);
    out.AddMember("role", Text(role, a), a);
    if (role == "tool") {
      out.AddMember("tool_call_id", Text(StrOf(m, "tool_call_id"), a), a);
      out.AddMember("name", Text(StrOf(m, "name"), a), a);
    }
    out.AddMember("content", Text(StrOf(m, "content"), a), a);
    traj.PushBack(out, a);
  }
  return traj;
}

}  // namespace

OfficialFileKey OfficialFileKeyOf(const Value& line) {
  OfficialFileKey key;
  key.settings_hash = StrOf(line, "settings_hash");
  if (key.settings_hash.empty()) key.settings_hash = "unknown-settings";
  key.seed = static_cast<int64_t>(NumOf(line, "seed"));
  key.model = StrOf(line, "model");
  key.strategy = StrOf(line, "strategy");
  key.task = StrOf(line, "task");
  if (const Value* flag = Member(line, "interactive"); flag != nullptr && flag->IsBool()) {
    key.interactive = flag->GetBool();
  } else {
    // Older lines: an interactive episode is the one with a simulated user.
    const Value* traj = Member(Episode(line), "trajectory");
    const Value* users = traj != nullptr ? Member(*traj, "user_messages") : nullptr;
    key.interactive = (users != nullptr && users->IsArray() && !users->Empty()) || NumOf(Episode(line), "user_turns") > 0;
  }
  return key;
}

std::string SafeFileComponent(const std::string& name) {
  std::string out = name.empty() ? "_" : name;
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') c = '_';
  }
  if (out == ".") return "_";
  if (out == "..") return "__";
  return out;
}

std::string OfficialFilePath(const OfficialFileKey& key) {
  return SafeFileComponent(key.settings_hash) + "/seed-" + std::to_string(key.seed) + "/results_" +
         SafeFileComponent(key.model) + "_" + SafeFileComponent(key.strategy) + "_" + SafeFileComponent(key.task) +
         "_interactive-" + (key.interactive ? "True" : "False") + ".json";
}

Value OfficialResultItem(const Value& line, Alloc& a) {
  const OfficialFileKey key = OfficialFileKeyOf(line);
  const bool errored = IsErrored(line);
  Value item(rapidjson::kObjectType);
  item.AddMember("task_id", Value(static_cast<int64_t>(NumOf(line, "task_id"))), a);
  item.AddMember("task_type", Text(key.task, a), a);
  const Value* truth = Member(line, "ground_truth");
  item.AddMember("gt_answer", truth != nullptr ? Value(*truth, a) : Value(rapidjson::kArrayType), a);
  item.AddMember("reward", errored ? Value(0) : Reward(line, a), a);
  item.AddMember("agent_info", AgentInfo(line, key, a), a);
  item.AddMember("traj", Traj(line, IsToolStrategy(key.strategy), a), a);
  return item;
}

}  // namespace crm::sched
