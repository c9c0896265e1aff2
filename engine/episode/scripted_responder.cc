// SIMULATED TEST PEER — replays reference solutions; see the header.
#include "engine/episode/scripted_responder.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/tools/py_literal.h"

namespace crm::episode {
namespace {

std::string Write(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

// The tool result answering scripted call `k`, as written in the conversation.
const std::string* ToolResult(const chat::CompletionRequest& request, int64_t k, bool native) {
  const std::string id = (native ? "scripted_" : "prompt_") + std::to_string(k);
  int64_t assistant = -1;
  for (size_t i = 0; i < request.messages.size(); ++i) {
    const chat::Message& m = request.messages[i];
    if (native && m.role == chat::Role::kTool && m.tool_call_id == id) return &m.content.str();
    if (m.role == chat::Role::kAssistant) ++assistant;
    if (!native && assistant == k && m.role == chat::Role::kUser && i > 0 &&
        request.messages[i - 1].role == chat::Role::kAssistant) {
      return &m.content.str();
    }
  }
  return nullptr;
}

// An observation read back as a model would: Python literal text (the
// official format) or JSON, else the text itself.
void ReadObservation(const std::string& body, rapidjson::Document::AllocatorType& alloc, rapidjson::Value* out) {
  rapidjson::Document parsed(&alloc);
  if (std::optional<py::Value> literal = py::ParseLiteral(body)) {
    parsed.Parse(py::ToJson(*literal).c_str());
  } else {
    parsed.Parse(body.c_str());
  }
  if (parsed.HasParseError()) {
    out->SetString(body.c_str(), static_cast<rapidjson::SizeType>(body.size()), alloc);
  } else {
    out->CopyFrom(parsed, alloc);
  }
}

// Replaces {"$result": k[, "$key": K]} objects inside `v`, recursively.
Status Substitute(rapidjson::Value& v, rapidjson::Document::AllocatorType& alloc,
                  const chat::CompletionRequest& request, bool native) {
  if (v.IsArray()) {
    for (rapidjson::Value& item : v.GetArray()) CRM_RETURN_IF_ERROR(Substitute(item, alloc, request, native));
    return Status::Ok();
  }
  if (!v.IsObject()) return Status::Ok();
  auto ref = v.FindMember("$result");
  if (ref == v.MemberEnd()) {
    for (auto& m : v.GetObject()) CRM_RETURN_IF_ERROR(Substitute(m.value, alloc, request, native));
    return Status::Ok();
  }
  if (!ref->value.IsInt64()) return Status::InvalidArgument("$result must be an integer");
  const std::string* text = ToolResult(request, ref->value.GetInt64(), native);
  if (!text) return Status::NotFound("no result yet for $result " + std::to_string(ref->value.GetInt64()));
  std::string body = *text;
  if (!native && body.rfind("Observation: ", 0) == 0) body = body.substr(13);
  rapidjson::Value value;
  ReadObservation(body, alloc, &value);
  auto key = v.FindMember("$key");
  if (key != v.MemberEnd() && key->value.IsString()) {
    if (!value.IsObject() || !value.HasMember(key->value.GetString())) {
      return Status::NotFound(std::string("result has no key ") + key->value.GetString());
    }
    rapidjson::Value picked(value[key->value.GetString()], alloc);
    value = picked;
  }
  v = value;
  return Status::Ok();
}

std::string TextStep(const rapidjson::Value& step, agents::Strategy strategy, size_t index) {
  bool react = strategy == agents::Strategy::kReact;
  std::string thought = react ? "<thought>Step " + std::to_string(index + 1) + " of the plan.</thought>\n" : "";
  if (step.HasMember("respond") && step["respond"].IsString()) {
    return thought + "<respond>" + step["respond"].GetString() + "</respond>";
  }
  if (step.HasMember("execute") && step["execute"].IsString()) {
    return thought + "<execute>" + step["execute"].GetString() + "</execute>";
  }
  return "(the scripted solution step has neither execute nor respond)";
}

}  // namespace

Result<ScriptedResponder> ScriptedResponder::FromSolution(std::string_view steps_json, agents::Strategy strategy,
                                                          bool native_tools) {
  rapidjson::Document doc;
  doc.Parse(steps_json.data(), steps_json.size());
  if (doc.HasParseError() || !doc.IsArray()) return Status::InvalidArgument("a solution must be a JSON list");
  ScriptedResponder r;
  r.strategy_ = strategy;
  r.native_tools_ = native_tools;
  for (const rapidjson::Value& step : doc.GetArray()) {
    if (!step.IsObject()) return Status::InvalidArgument("each solution step must be an object");
    r.steps_.push_back(Write(step));
  }
  return r;
}

Result<ScriptedResponder> ScriptedResponder::ForTask(const tasks::Task& task, agents::Strategy strategy,
                                                     bool native_tools) {
  for (const tasks::RawKey& key : task.extra) {
    if (key.key != "generator") continue;
    rapidjson::Document doc;
    doc.Parse(key.json.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("solution") || !doc["solution"].IsObject()) {
      return Status::InvalidArgument("task " + std::to_string(task.idx) + ": generator.solution is missing");
    }
    const rapidjson::Value& solution = doc["solution"];
    std::string name(agents::StrategyName(strategy));
    if (!solution.HasMember(name.c_str()) && strategy == agents::Strategy::kToolCallFlex) name = "tool_call";
    if (!solution.HasMember(name.c_str())) {
      return Status::NotFound("task " + std::to_string(task.idx) + ": no solution for strategy " + name);
    }
    return FromSolution(Write(solution[name.c_str()]), strategy, native_tools);
  }
  return Status::NotFound("task " + std::to_string(task.idx) + " has no generator.solution");
}

Result<chat::CompletionResponse> ScriptedResponder::Reply(const chat::CompletionRequest& request) const {
  size_t index = 0;
  size_t chars = 0;
  for (const chat::Message& m : request.messages) {
    chars += m.content.size();
    if (m.role == chat::Role::kAssistant) ++index;
  }
  if (index >= steps_.size()) return Status::NotFound("the scripted solution has no step " + std::to_string(index));
  rapidjson::Document step;
  step.Parse(steps_[index].c_str());
  chat::CompletionResponse out;
  out.model = "scripted";
  out.id = "scripted-" + std::to_string(index);
  if (!agents::UsesTools(strategy_)) {
    out.content = TextStep(step, strategy_, index);
  } else {
    if (!step.HasMember("tool") || !step["tool"].IsString()) return Status::InvalidArgument("step has no tool");
    rapidjson::Value args(rapidjson::kObjectType);
    if (step.HasMember("arguments")) args.CopyFrom(step["arguments"], step.GetAllocator());
    CRM_RETURN_IF_ERROR(Substitute(args, step.GetAllocator(), request, native_tools_));
    chat::ToolCall call{"scripted_" + std::to_string(index), step["tool"].GetString(), Write(args)};
    if (native_tools_) {
      out.tool_calls.push_back(std::move(call));
      out.finish_reason = chat::FinishReason::kToolCalls;
    } else {
      out.content = "Action: " + call.name + "\nAction Input: " + call.arguments_json;
    }
  }
  out.usage.input_tokens = static_cast<int64_t>(chars / 4 + 1);
  out.usage.output_tokens = static_cast<int64_t>(out.content.size() / 4 + 1);
  return out;
}

Responder ScriptedResponder::AsResponder() const {
  ScriptedResponder copy = *this;
  return [copy](const chat::CompletionRequest& request) { return copy.Reply(request); };
}

Responder ScriptedUser(const tasks::Task& task) {
  std::string query = task.query;
  return [query](const chat::CompletionRequest& request) -> Result<chat::CompletionResponse> {
    chat::CompletionResponse out;
    out.model = "scripted-user";
    size_t replies = 0;
    for (const chat::Message& m : request.messages) replies += m.role == chat::Role::kAssistant ? 1 : 0;
    out.content = replies == 0 ? query : "Thanks, that is what I needed. ###STOP###";
    return out;
  };
}

}  // namespace crm::episode
