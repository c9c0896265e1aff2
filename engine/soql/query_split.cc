// Splitting an over-long SOQL query on its longest IN list (query_split.h).
#include "engine/soql/query_split.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/soql/binder.h"
#include "engine/soql/binder_impl.h"
#include "engine/soql/lexer.h"
#include "engine/soql/parser.h"

namespace crm::soql {
namespace {

using JsonPath = std::vector<std::string>;

// Where the chosen IN list sits in the text.
struct InList {
  size_t open = 0;   // offset of '('
  size_t close = 0;  // offset of ')'
  std::vector<std::string_view> literals;  // each value's source text
  std::vector<const Literal*> values;      // the same values, parsed
  size_t encoded = 0;                      // encoded bytes between the parentheses
};

// What the chunks select beyond the query's own list (for the merge).
struct Extras {
  std::vector<std::string> items;  // SOQL select items
  std::set<std::string> keys;      // their BoundOperand::Key()s
};

QueryError Refuse(std::string_view soql, size_t budget, std::string_view why) {
  return QueryError{kUriTooLongCode,
                    "The query takes " + std::to_string(EncodedQueryLength(soql)) +
                        " bytes once URL-encoded, more than the " + std::to_string(budget) +
                        " bytes a REST request leaves for it (Salesforce refuses URIs over 16,384 bytes), and it "
                        "cannot be split into shorter queries: " + std::string(why),
                    414};
}

// Why the chunks' results could not be recombined exactly, or "" if they can.
std::string UnsupportedShape(const SelectStmt& stmt) {
  if (stmt.limit) return "it has a LIMIT";
  if (stmt.offset) return "it has an OFFSET";
  if (stmt.having) return "it has a HAVING clause";
  if (!stmt.group_by_mode.empty()) return "it groups by " + stmt.group_by_mode;
  auto aggregate_ok = [](const Operand& op) -> std::string {
    if (op.count_star) return "it counts with COUNT()";
    if (op.kind != Operand::Kind::kAggregate) return "";
    if (op.function == "COUNT" || op.function == "SUM" || op.function == "MIN" || op.function == "MAX") return "";
    return "it uses " + op.function + "(), which the chunks' results cannot be combined into";
  };
  for (const SelectItem& item : stmt.items) {
    if (item.kind == SelectItem::Kind::kSubquery) return "it has a child subquery";
    if (item.kind == SelectItem::Kind::kFields) return "it selects FIELDS(" + item.fields_scope + ")";
    if (item.kind == SelectItem::Kind::kTypeof) return "it uses TYPEOF";
    if (std::string why = aggregate_ok(item.operand); !why.empty()) return why;
  }
  for (const OrderItem& item : stmt.order_by) {
    if (std::string why = aggregate_ok(item.operand); !why.empty()) return why;
  }
  return "";
}

void CollectConjuncts(const Condition& c, std::vector<const Condition*>* out) {
  if (c.kind != Condition::Kind::kAnd) {
    out->push_back(&c);
    return;
  }
  for (const auto& child : c.children) CollectConjuncts(*child, out);
}

size_t TokenAt(const std::vector<Token>& tokens, size_t offset) {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), offset,
                             [](const Token& t, size_t at) { return t.offset < at; });
  return static_cast<size_t>(it - tokens.begin());
}

// The list of `cond` (IN with literals) located in the tokens, or nullopt.
std::optional<InList> LocateList(std::string_view soql, const std::vector<Token>& tokens, const Condition& cond) {
  size_t i = TokenAt(tokens, cond.op_offset);
  if (i + 1 >= tokens.size() || !IsKeyword(tokens[i], "IN") || tokens[i + 1].kind != TokenKind::kLParen) {
    return std::nullopt;
  }
  InList list;
  list.open = tokens[i + 1].offset;
  size_t start = i + 2;
  for (size_t j = start; j < tokens.size(); ++j) {
    const TokenKind kind = tokens[j].kind;
    if (kind != TokenKind::kComma && kind != TokenKind::kRParen) continue;
    if (j == start) return std::nullopt;
    const Token& last = tokens[j - 1];
    const size_t begin = tokens[start].offset;
    list.literals.push_back(soql.substr(begin, last.offset + last.text.size() - begin));
    start = j + 1;
    if (kind == TokenKind::kRParen) {
      list.close = tokens[j].offset;
      break;
    }
  }
  if (list.close == 0 || list.literals.size() != cond.values.size()) return std::nullopt;
  for (const Literal& v : cond.values) list.values.push_back(&v);
  list.encoded = EncodedQueryLength(soql.substr(list.open + 1, list.close - list.open - 1));
  return list;
}

// The longest IN list of literals among the WHERE clause's AND conjuncts.
// (NOT IN cannot be split: a record must pass every chunk's list, not one.)
std::optional<InList> LongestInList(std::string_view soql, const std::vector<Token>& tokens, const SelectStmt& stmt) {
  if (!stmt.where) return std::nullopt;
  std::vector<const Condition*> conjuncts;
  CollectConjuncts(*stmt.where, &conjuncts);
  std::optional<InList> best;
  for (const Condition* c : conjuncts) {
    if (c->kind != Condition::Kind::kIn || c->subquery || c->values.size() < 2) continue;
    std::optional<InList> list = LocateList(soql, tokens, *c);
    if (list && (!best || list->encoded > best->encoded)) best = std::move(list);
  }
  return best;
}

std::string Lower(std::string_view s) {  // ASCII only, as SQLite's NOCASE
  std::string out(s);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// Groups of literal indexes (in list order) that might match the same value
// and so must share a chunk, or an aggregate would count a record twice:
// texts equal but for ASCII case (text fields compare case-insensitively),
// the 15- and 18-character forms of one id, equal numbers, '' and null.
std::vector<std::vector<size_t>> EquivalentLiterals(const InList& list) {
  const size_t n = list.values.size();
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&parent](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::map<std::string, size_t> first;
  auto join = [&](const std::string& key, size_t i) {
    auto [it, fresh] = first.emplace(key, i);
    if (!fresh) parent[find(i)] = find(it->second);
  };
  for (size_t i = 0; i < n; ++i) {
    const Literal& v = *list.values[i];
    if (v.kind == Literal::Kind::kNull || (v.kind == Literal::Kind::kString && v.text.empty())) {
      join("null", i);
    } else if (v.kind == Literal::Kind::kString) {
      join("s:" + Lower(v.text), i);
      if (auto id = org::NormalizeId(v.text)) join("id:" + *id, i);
    } else if (v.kind == Literal::Kind::kNumber) {
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::strtod(v.text.c_str(), nullptr));
      join("n:" + std::string(buf, end), i);
    } else {
      join("v:" + Lower(v.text) + ":" + std::to_string(v.n), i);
    }
  }
  std::vector<std::vector<size_t>> groups;
  std::map<size_t, size_t> group_of_root;
  for (size_t i = 0; i < n; ++i) {
    auto [it, fresh] = group_of_root.emplace(find(i), groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

// SOQL text of an operand, rebuilt from the tree (for the extra items).
std::string OperandText(const Operand& op) {
  std::string path = op.path.Joined();
  if (op.convert_timezone) path = "convertTimezone(" + path + ")";
  if (op.kind == Operand::Kind::kField) return path;
  return op.function + "(" + path + ")";
}

JsonPath PathOf(const BoundPath& path, const std::string& leaf) {
  JsonPath out;
  for (const org::Field* hop : path.hops) out.push_back(hop->relationship_name);
  out.push_back(leaf);
  return out;
}

const BoundItem* FindItem(const BoundSelect& bound, const BoundOperand& op) {
  for (const BoundItem& item : bound.items) {
    if (item.child < 0 && item.operand.Key() == op.Key()) return &item;
  }
  return nullptr;
}

// The key to delete so that an added value leaves no trace: the first key of
// its path that no selected value's path goes through (a parent object the
// query selects stays, with the added field removed from it).
JsonPath DropPathFor(const std::vector<JsonPath>& selected, const JsonPath& added) {
  size_t depth = 0;
  for (const JsonPath& s : selected) {
    size_t shared = 0;
    while (shared + 1 < s.size() && shared + 1 < added.size() && s[shared] == added[shared]) ++shared;
    depth = std::max(depth, shared);
  }
  return JsonPath(added.begin(), added.begin() + static_cast<std::ptrdiff_t>(depth) + 1);
}

// Record queries: merged by Id; ordered by the ORDER BY keys, then Id.
void PlanRecords(const SelectStmt& stmt, const BoundSelect& bound, SplitPlan* plan, Extras* extras) {
  std::vector<JsonPath> selected;
  bool has_id = false;
  for (const BoundItem& item : bound.items) {
    if (item.child >= 0) continue;
    selected.push_back(PathOf(item.operand.path, item.key));
    has_id = has_id || (item.operand.path.hops.empty() && item.operand.path.field->type == org::FieldType::kId);
  }
  for (size_t i = 0; i < bound.order_by.size(); ++i) {
    const BoundOrder& o = bound.order_by[i];
    const BoundItem* item = FindItem(bound, o.operand);
    JsonPath path = item ? PathOf(item->operand.path, item->key) : PathOf(o.operand.path, o.operand.path.field->name);
    if (!item && extras->keys.insert(o.operand.Key()).second) {
      extras->items.push_back(OperandText(stmt.order_by[i].operand));
      plan->drop.push_back(DropPathFor(selected, path));
      has_id = has_id || (o.operand.path.hops.empty() && o.operand.path.field->type == org::FieldType::kId);
    }
    plan->order.push_back({path, o.descending, o.nulls_first, internal::IsTextType(o.operand.result_type)});
  }
  if (!has_id) {
    extras->items.push_back("Id");
    plan->drop.push_back({"Id"});
  }
  plan->order.push_back({{"Id"}, false, true, false});
}

// An alias for an added aggregate item that no output key uses.
std::string FreshAlias(const std::string& stem, std::set<std::string>* taken) {
  for (int n = 0;; ++n) {
    std::string alias = stem + std::to_string(n);
    if (taken->insert(Lower(alias)).second) return alias;
  }
}

MergeFunction FunctionOf(const BoundOperand& op) {
  if (op.kind != BoundOperand::Kind::kAggregate) return MergeFunction::kGroupKey;
  if (op.function == "COUNT") return MergeFunction::kCount;
  if (op.function == "SUM") return MergeFunction::kSum;
  return op.function == "MIN" ? MergeFunction::kMin : MergeFunction::kMax;
}

// Aggregates: groups merged by their keys; ordered by the ORDER BY keys, then
// the GROUP BY keys. Group keys and ORDER BY aggregates the query does not
// select are added under fresh aliases and dropped after the merge.
void PlanAggregate(const SelectStmt& stmt, const BoundSelect& bound, SplitPlan* plan, Extras* extras) {
  plan->aggregate = true;
  std::set<std::string> taken;
  std::map<std::string, std::string> key_of;  // BoundOperand::Key() -> output key
  for (const BoundItem& item : bound.items) {
    taken.insert(Lower(item.key));
    key_of.emplace(item.operand.Key(), item.key);
    plan->columns.push_back({item.key, FunctionOf(item.operand)});
  }
  auto add = [&](const Operand& written, const BoundOperand& op, const std::string& stem) {
    std::string alias = FreshAlias(stem, &taken);
    extras->items.push_back(OperandText(written) + " " + alias);
    extras->keys.insert(op.Key());
    key_of.emplace(op.Key(), alias);
    plan->columns.push_back({alias, FunctionOf(op)});
    plan->drop.push_back({alias});
  };
  for (size_t g = 0; g < bound.group_by.size(); ++g) {
    if (!key_of.count(bound.group_by[g].Key())) add(stmt.group_by[g], bound.group_by[g], "splitGroup");
  }
  for (size_t i = 0; i < bound.order_by.size(); ++i) {
    const BoundOrder& o = bound.order_by[i];
    if (!key_of.count(o.operand.Key())) add(stmt.order_by[i].operand, o.operand, "splitOrder");
    plan->order.push_back(
        {{key_of[o.operand.Key()]}, o.descending, o.nulls_first, internal::IsTextType(o.operand.result_type)});
  }
  for (const BoundOperand& g : bound.group_by) plan->order.push_back({{key_of[g.Key()]}, false, true, false});
}

// Chunk texts: the query with `extras` added to its SELECT list and the
// list's values packed greedily, in list order, each chunk within `budget`.
Outcome<std::vector<std::string>> PackChunks(std::string_view soql, size_t budget, const InList& list,
                                             size_t from_offset, const Extras& extras) {
  std::string added;
  for (const std::string& item : extras.items) added += ", " + item;
  if (!added.empty()) added += " ";
  const std::string head =
      std::string(soql.substr(0, from_offset)) + added + std::string(soql.substr(from_offset, list.open + 1 - from_offset));
  const std::string tail(soql.substr(list.close));
  const size_t fixed = EncodedQueryLength(head) + EncodedQueryLength(tail);
  const size_t comma = EncodedQueryLength(",");
  std::vector<std::string> chunks;
  std::string values;
  size_t used = fixed;
  for (const std::vector<size_t>& group : EquivalentLiterals(list)) {
    size_t cost = 0;
    for (size_t i : group) cost += EncodedQueryLength(list.literals[i]) + comma;
    cost -= comma;
    if (fixed + cost > budget) return Refuse(soql, budget, "a value of its IN list is too long for one request");
    if (!values.empty() && used + comma + cost > budget) {
      chunks.push_back(head + values + tail);
      values.clear();
      used = fixed;
    }
    for (size_t i : group) {
      if (!values.empty()) {
        values += ',';
        used += comma;
      }
      values += list.literals[i];
      used += EncodedQueryLength(list.literals[i]);
    }
  }
  chunks.push_back(head + values + tail);
  return chunks;
}

// Bytes per input byte once percent-encoded: 1 for RFC 3986 unreserved, else 3.
constexpr std::array<unsigned char, 256> kEncodedBytes = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '_' || c == '.' || c == '~';
    table[static_cast<size_t>(c)] = unreserved ? 1 : 3;
  }
  return table;
}();

}  // namespace

size_t EncodedQueryLength(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += kEncodedBytes[c];
  return n;
}

Outcome<SplitPlan> PlanQuerySplit(std::string_view soql, size_t budget) {
  SplitPlan plan;
  if (EncodedQueryLength(soql) <= budget) return plan;
  Outcome<std::unique_ptr<SelectStmt>> stmt = ParseSoql(soql);
  if (!stmt.ok()) return Refuse(soql, budget, stmt.error().ToString());
  if (std::string why = UnsupportedShape(**stmt); !why.empty()) return Refuse(soql, budget, why);
  BindOptions lenient;  // only the shape and value types matter here; the org judges each chunk
  lenient.lenient_date_literals = true;
  Outcome<std::unique_ptr<BoundSelect>> bound = Bind(**stmt, soql, org::Schema::Crm(), lenient);
  if (!bound.ok()) return Refuse(soql, budget, bound.error().ToString());
  Outcome<std::vector<Token>> tokens = Lex(soql);
  if (!tokens.ok()) return Refuse(soql, budget, tokens.error().ToString());
  std::optional<InList> list = LongestInList(soql, *tokens, **stmt);
  if (!list) return Refuse(soql, budget, "its WHERE clause has no IN (...) list of values among its AND conditions");
  const size_t from_name = TokenAt(*tokens, (*stmt)->from.offset);
  if (from_name == 0 || !IsKeyword((*tokens)[from_name - 1], "FROM")) return Refuse(soql, budget, "no FROM found");
  Extras extras;
  if ((*bound)->kind == BoundSelect::Kind::kAggregate) {
    PlanAggregate(**stmt, **bound, &plan, &extras);
  } else {
    PlanRecords(**stmt, **bound, &plan, &extras);
  }
  Outcome<std::vector<std::string>> chunks = PackChunks(soql, budget, *list, (*tokens)[from_name - 1].offset, extras);
  if (!chunks.ok()) return chunks.error();
  plan.chunks = std::move(chunks).value();
  return plan;
}

}  // namespace crm::soql
