#include "engine/agents/action_parser.h"

#include <cctype>
#include <vector>

#include "engine/tools/py_repr.h"

namespace crm::agents {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// ASCII only, as the tags are (std::tolower is a call per character).
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Offsets of every occurrence of `needle` in `hay`.
std::vector<size_t> FindAll(const std::string& hay, std::string_view needle) {
  std::vector<size_t> out;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) {
    out.push_back(at);
  }
  return out;
}

// Offsets of `label` where it starts a word: "Transaction:" or "reaction:"
// in a thought is not an "Action:" label.
std::vector<size_t> FindLabel(const std::string& hay, std::string_view label) {
  std::vector<size_t> out;
  for (size_t at : FindAll(hay, label)) {
    const unsigned char before = at == 0 ? ' ' : static_cast<unsigned char>(hay[at - 1]);
    if (!std::isalnum(before) && before != '_') out.push_back(at);
  }
  return out;
}

// The text after the opening tag at `open` up to its closing tag (or the end).
std::string_view TagBody(std::string_view reply, const std::string& lower, size_t open, std::string_view tag) {
  size_t start = open + tag.size() + 2;
  size_t close = lower.find("</" + std::string(tag) + ">", start);
  return reply.substr(start, close == std::string::npos ? std::string_view::npos : close - start);
}

ParsedAction Invalid(std::string problem) {
  ParsedAction a;
  a.problem = std::move(problem);
  return a;
}

}  // namespace

std::string UnwrapCodeFence(std::string_view text) {
  std::string_view t = Trim(text);
  size_t open = t.find("```");
  if (open == std::string_view::npos) return std::string(t);
  size_t body = t.find('\n', open + 3);
  if (body == std::string_view::npos) return std::string(Trim(t.substr(open + 3)));
  size_t close = t.find("```", body + 1);
  return std::string(Trim(t.substr(body + 1, close == std::string_view::npos ? std::string_view::npos : close - body - 1)));
}

bool IsSosl(std::string_view query) {
  std::string_view t = Trim(query);
  return t.size() >= 4 && Lower(t.substr(0, 4)) == "find" && (t.size() == 4 || !std::isalnum(static_cast<unsigned char>(t[4])));
}

ParsedAction ParseTagAction(std::string_view reply) {
  std::string lower = Lower(reply);
  std::vector<size_t> executes = FindAll(lower, "<execute>");
  std::vector<size_t> responds = FindAll(lower, "<respond>");
  size_t actions = executes.size() + responds.size();
  if (actions == 0) return Invalid("it contains no <execute> or <respond> tag");
  if (actions > 1) return Invalid("it contains more than one action; write exactly one per message");
  ParsedAction a;
  std::vector<size_t> thoughts = FindAll(lower, "<thought>");
  if (!thoughts.empty()) a.thought = std::string(Trim(TagBody(reply, lower, thoughts.front(), "thought")));
  if (!responds.empty()) {
    a.kind = ParsedAction::Kind::kRespond;
    a.text = std::string(Trim(TagBody(reply, lower, responds.front(), "respond")));
    return a;
  }
  std::string_view body = TagBody(reply, lower, executes.front(), "execute");
  a.raw_text = std::string(Trim(body));
  a.text = UnwrapCodeFence(body);
  if (a.text.empty()) return Invalid("the <execute> tag is empty");
  a.kind = ParsedAction::Kind::kExecute;
  a.language = IsSosl(a.text) ? tools::QueryLanguage::kSosl : tools::QueryLanguage::kSoql;
  return a;
}

namespace {

// re.search(r'<tag>(.*?)</tag>', text, re.DOTALL).group(1), stripped; ""
// when there is no match. The first opening tag decides: a later one could
// only close at the same closing tag.
std::string_view OfficialTagBody(std::string_view reply, std::string_view open_tag, std::string_view close_tag) {
  const size_t open = reply.find(open_tag);
  if (open == std::string_view::npos) return {};
  const size_t start = open + open_tag.size();
  const size_t close = reply.find(close_tag, start);
  if (close == std::string_view::npos) return {};
  return py::StripWhitespace(reply.substr(start, close - start));
}

}  // namespace

ParsedAction ParseTagActionOfficial(std::string_view reply) {
  ParsedAction a;
  if (std::string_view body = OfficialTagBody(reply, "<execute>", "</execute>"); !body.empty()) {
    a.kind = ParsedAction::Kind::kExecute;
    a.raw_text = std::string(body);
    a.text = a.raw_text;
    a.language = IsSosl(a.text) ? tools::QueryLanguage::kSosl : tools::QueryLanguage::kSoql;
    return a;
  }
  if (std::string_view body = OfficialTagBody(reply, "<respond>", "</respond>"); !body.empty()) {
    a.kind = ParsedAction::Kind::kRespond;
    a.text = std::string(body);
    return a;
  }
  return Invalid("it contains no complete <execute>...</execute> or <respond>...</respond> with content");
}

ParsedAction ParsePromptToolCall(std::string_view reply) {
  std::string lower = Lower(reply);
  std::vector<size_t> names = FindLabel(lower, "action:");
  std::vector<size_t> inputs = FindLabel(lower, "action input:");
  if (names.empty()) return Invalid("it contains no 'Action:' line");
  if (names.size() > 1) return Invalid("it contains more than one Action; call one function per message");
  size_t name_start = names.front() + 7;
  size_t name_end = reply.find('\n', name_start);
  std::string_view name = Trim(reply.substr(name_start, name_end == std::string_view::npos ? std::string_view::npos
                                                                                          : name_end - name_start));
  // Quotes, backticks and markdown bold around the name are not part of it.
  auto decoration = [](char c) { return c == '`' || c == '"' || c == '*' || c == ' '; };
  while (!name.empty() && decoration(name.front())) name.remove_prefix(1);
  while (!name.empty() && decoration(name.back())) name.remove_suffix(1);
  if (name.empty()) return Invalid("the Action line names no function");
  ParsedAction a;
  a.kind = ParsedAction::Kind::kToolCall;
  a.tool_name = std::string(name);
  a.arguments_json = "{}";
  if (inputs.size() > 1) return Invalid("it contains more than one Action Input");
  if (!inputs.empty()) {
    std::string body = UnwrapCodeFence(reply.substr(inputs.front() + 13));
    size_t open = body.find('{');
    size_t close = body.rfind('}');
    a.arguments_json = open != std::string::npos && close != std::string::npos && close > open
                           ? body.substr(open, close - open + 1)
                           : body;
  }
  return a;
}

}  // namespace crm::agents
