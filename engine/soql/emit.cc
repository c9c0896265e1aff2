#include "engine/soql/emit.h"

#include <algorithm>
#include <map>

#include "engine/org/sqlite.h"
#include "engine/soql/binder_impl.h"
#include "engine/soql/grouping_sets.h"

namespace crm::soql {
namespace {

using org::FieldType;
using org::QuoteIdent;
using Pred = BoundPredicate;

std::string Param(size_t index) { return "?" + std::to_string(index); }

// Builds the SQL of one SELECT; nested semi-join selects use their own
// Emitter sharing the parameter list and the alias counter.
class Emitter {
 public:
  Emitter(std::vector<SqlValue>* params, int* alias_counter, const org::SObject* root)
      : params_(params), alias_counter_(alias_counter), root_(root) {
    root_alias_ = NewAlias();
  }

  std::string AddParam(SqlValue v) {
    params_->push_back(std::move(v));
    return Param(params_->size());
  }

  // The table alias holding the last hop's target; joins on first use.
  std::string AliasFor(const std::vector<const org::Field*>& hops) {
    std::string alias = root_alias_;
    std::string key;
    for (const org::Field* hop : hops) {
      key += hop->name + ">";
      auto it = joins_.find(key);
      if (it == joins_.end()) {
        std::string next = NewAlias();
        join_sql_ += " LEFT JOIN " + QuoteIdent(hop->references) + " " + next + " ON " + next + ".\"Id\" = " +
                     alias + "." + QuoteIdent(hop->name);
        it = joins_.emplace(key, next).first;
      }
      alias = it->second;
    }
    return alias;
  }

  std::string Column(const BoundPath& path) { return AliasFor(path.hops) + "." + QuoteIdent(path.field->name); }

  std::string Operand(const BoundOperand& op) {
    if (op.count_star) return "COUNT(*)";
    if (op.function == "GROUPING") return "0";  // no ROLLUP/CUBE: nothing is rolled up
    // COUNT(Id) of the queried object counts rows: COUNT(*) lets SQLite answer from an index.
    if (op.kind == BoundOperand::Kind::kAggregate && op.function == "COUNT" && op.path.hops.empty() &&
        op.path.field->type == FieldType::kId) {
      return "COUNT(*)";
    }
    std::string c = Column(op.path);
    if (op.kind == BoundOperand::Kind::kField) return c;
    if (op.kind == BoundOperand::Kind::kAggregate) {
      if (op.function == "COUNT_DISTINCT") return "COUNT(DISTINCT " + c + ")";
      return op.function + "(" + c + ")";
    }
    return DateFunction(op.function, c);
  }

  static std::string DateFunction(const std::string& fn, const std::string& c) {
    auto part = [&c](int from, int len) {
      return "CAST(substr(" + c + "," + std::to_string(from) + "," + std::to_string(len) + ") AS INTEGER)";
    };
    std::string day_of_year = "CAST(strftime('%j', substr(" + c + ",1,10)) AS INTEGER)";
    if (fn == "CALENDAR_YEAR" || fn == "FISCAL_YEAR") return part(1, 4);
    if (fn == "CALENDAR_MONTH" || fn == "FISCAL_MONTH") return part(6, 2);
    if (fn == "CALENDAR_QUARTER" || fn == "FISCAL_QUARTER") return "((" + part(6, 2) + "+2)/3)";
    if (fn == "DAY_IN_MONTH") return part(9, 2);
    if (fn == "HOUR_IN_DAY") return part(12, 2);
    if (fn == "DAY_IN_WEEK") return "(CAST(strftime('%w', substr(" + c + ",1,10)) AS INTEGER)+1)";
    if (fn == "DAY_IN_YEAR") return day_of_year;
    if (fn == "WEEK_IN_MONTH") return "((" + part(9, 2) + "+6)/7)";
    if (fn == "WEEK_IN_YEAR") return "((" + day_of_year + "+6)/7)";
    return "substr(" + c + ",1,10)";  // DAY_ONLY
  }

  std::string Predicate(const Pred& p) {
    switch (p.kind) {
      case Pred::Kind::kAnd:
      case Pred::Kind::kOr:
        if (p.children.empty()) return p.kind == Pred::Kind::kAnd ? "1" : "0";
        return Connect(p, 0, p.children.size());
      // Two-valued logic, as Salesforce: a condition on a null value is false, so NOT makes it true.
      case Pred::Kind::kNot: return "(NOT COALESCE(" + Predicate(*p.children[0]) + ", 0))";
      case Pred::Kind::kConst: return p.constant ? "1" : "0";
      case Pred::Kind::kIsNull: return "(" + Operand(p.lhs) + " IS NULL)";
      case Pred::Kind::kNotNull: return "(" + Operand(p.lhs) + " IS NOT NULL)";
      case Pred::Kind::kLike: return "(" + Operand(p.lhs) + " LIKE " + AddParam(p.values[0]) + " ESCAPE '\\')";
      case Pred::Kind::kCompare: return Comparison(p);
      case Pred::Kind::kIn:
      case Pred::Kind::kNotIn: return InList(p);
      case Pred::Kind::kSemiJoin:
      case Pred::Kind::kAntiJoin: return SemiJoin(p);
      case Pred::Kind::kSearch: return Search(p);
      case Pred::Kind::kIncludes: return Includes(p);
      case Pred::Kind::kExcludes: return "(NOT COALESCE(" + Includes(p) + ", 0))";
    }
    return "0";
  }

  // Children [lo, hi) joined by AND/OR as a balanced tree, so long chains stay
  // far below SQLite's expression depth limit.
  std::string Connect(const Pred& p, size_t lo, size_t hi) {
    if (hi - lo == 1) return Predicate(*p.children[lo]);
    size_t mid = lo + (hi - lo) / 2;
    std::string left = Connect(p, lo, mid);
    return "(" + left + (p.kind == Pred::Kind::kAnd ? " AND " : " OR ") + Connect(p, mid, hi) + ")";
  }

  std::string Comparison(const Pred& p) {
    std::string lhs = Operand(p.lhs);
    std::string rhs = AddParam(p.values[0]) + (p.nocase ? " COLLATE NOCASE" : "");
    if (p.op == "!=") return "(" + lhs + " IS NULL OR " + lhs + " <> " + rhs + ")";
    return "(" + lhs + " " + p.op + " " + rhs + ")";
  }

  // Any value set whose every ';'-separated part the field holds.
  std::string Includes(const Pred& p) {
    std::string any;
    for (const auto& value : p.values) {
      const std::string& set = std::get<std::string>(value);
      std::string all;
      size_t start = 0;
      while (start <= set.size()) {
        size_t end = std::min(set.find(';', start), set.size());
        std::string part = set.substr(start, end - start);
        all += (all.empty() ? "" : " AND ") + ("soql_multi_has(" + Operand(p.lhs) + ", " + AddParam(part) + ")");
        start = end + 1;
      }
      any += (any.empty() ? "(" : " OR (") + all + ")";
    }
    return any.empty() ? "0" : "(" + any + ")";
  }

  std::string InList(const Pred& p) {
    std::string out = "(" + Operand(p.lhs) + (p.nocase ? " COLLATE NOCASE" : "") +
                      (p.kind == Pred::Kind::kNotIn ? " NOT IN (" : " IN (");
    for (size_t i = 0; i < p.values.size(); ++i) {
      if (i > 0) out += ", ";
      out += AddParam(p.values[i]);
    }
    return out + "))";
  }

  std::string SemiJoin(const Pred& p) {
    const BoundSelect& sub = *p.subquery;
    Emitter inner(params_, alias_counter_, sub.object);
    std::string column = inner.Operand(sub.items[0].operand);
    std::string where = column + " IS NOT NULL";
    if (sub.where) where += " AND " + inner.Predicate(*sub.where);
    std::string sql = "SELECT " + column + " FROM " + inner.FromClause() + " WHERE " + where;
    std::string lhs = Operand(p.lhs);
    if (p.kind == Pred::Kind::kSemiJoin) return "(" + lhs + " IN (" + sql + "))";
    return "(" + lhs + " IS NULL OR " + lhs + " NOT IN (" + sql + "))";
  }

  // Joins the FTS5 matches (rowid, rank); rank orders results by relevance.
  std::string Search(const Pred& p) {
    const std::string* match = std::get_if<std::string>(&p.values[0]);
    bool has_fts = match != nullptr && !match->empty();
    bool has_like = !p.children.empty() && p.children[0] != nullptr;
    std::string like = has_like ? Predicate(*p.children[0]) : "";
    if (!has_fts) return has_like ? like : "0";
    std::string m = NewAlias();
    std::string fts = QuoteIdent(p.search_table);
    search_join_ = std::string(has_like ? " LEFT JOIN" : " JOIN") + " (SELECT rowid AS r, rank AS k FROM " + fts +
                   " WHERE " + fts + " MATCH " + AddParam(*match) + ") " + m + " ON " + m + ".r = " + root_alias_ +
                   ".rowid";
    rank_ = m + ".k";
    std::string fts_part = m + ".r IS NOT NULL";
    if (!p.word_patterns.empty() && !p.word_fields.empty()) {
      std::string text;
      for (const org::Field* f : p.word_fields) {
        text += (text.empty() ? "" : " || ' ' || ") + ("coalesce(" + root_alias_ + "." + QuoteIdent(f->name) + ", '')");
      }
      for (const std::string& pattern : p.word_patterns) {
        fts_part += " AND soql_word_match(" + text + ", " + AddParam(pattern) + ")";
      }
    }
    return has_like ? "((" + fts_part + ") OR " + like + ")" : "(" + fts_part + ")";
  }
  const std::string& rank() const { return rank_; }

  std::string OrderBy(const std::vector<BoundOrder>& order) {
    std::string out;
    for (const BoundOrder& o : order) {
      out += out.empty() ? " ORDER BY " : ", ";
      out += Operand(o.operand);
      if (internal::IsTextType(o.operand.result_type)) out += " COLLATE NOCASE";
      out += o.descending ? " DESC" : " ASC";
      out += o.nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
    return out;
  }

  std::string FromClause() const { return QuoteIdent(root_->name) + " " + root_alias_ + search_join_ + join_sql_; }
  const std::string& root_alias() const { return root_alias_; }

 private:
  std::string NewAlias() { return "t" + std::to_string((*alias_counter_)++); }

  std::vector<SqlValue>* params_;
  int* alias_counter_;
  const org::SObject* root_;
  std::string root_alias_;
  std::string join_sql_;
  std::string search_join_;
  std::string rank_;
  std::map<std::string, std::string> joins_;
};

class QueryBuilder {
 public:
  explicit QueryBuilder(const BoundSelect& select) : select_(select) {}

  SqlQuery Build(const org::Field* parent_lookup) {
    SqlQuery q;
    q.kind = select_.kind;
    q.limit = select_.limit;
    q.offset = select_.offset;
    int aliases = 0;
    Emitter e(&q.params, &aliases, select_.object);
    std::string where;
    if (parent_lookup != nullptr) {
      q.params.emplace_back();  // ?1: the parent record's Id, bound per parent row
      where = e.root_alias() + "." + QuoteIdent(parent_lookup->name) + " = ?1";
    }
    if (select_.where) where += (where.empty() ? "" : " AND ") + e.Predicate(*select_.where);
    if (q.kind == BoundSelect::Kind::kAggregate && !select_.group_mode.empty()) {
      GroupingSets(e, where, &q);
      return q;
    }
    if (q.kind == BoundSelect::Kind::kAggregate) {
      Aggregate(e, &q);
    } else if (q.kind == BoundSelect::Kind::kRecords) {
      Records(e, &q);
    }
    std::string tail;
    for (size_t i = 0; i < select_.group_by.size(); ++i) {
      tail += (i == 0 ? " GROUP BY " : ", ") + e.Operand(select_.group_by[i]);
    }
    if (select_.having) tail += " HAVING " + e.Predicate(*select_.having);
    q.order_by = e.OrderBy(select_.order_by);
    if (q.order_by.empty() && !e.rank().empty()) q.order_by = " ORDER BY " + e.rank() + " NULLS LAST";
    std::string ties = TieBreak(e, q.kind);
    if (!ties.empty()) q.order_by += (q.order_by.empty() ? " ORDER BY " : ", ") + ties;
    q.body = " FROM " + e.FromClause() + (where.empty() ? "" : " WHERE " + where) + tail;
    for (const auto& child : select_.children) q.children.push_back(QueryBuilder(*child).Build(child->parent_lookup));
    return q;
  }

 private:
  // The last ORDER BY keys, so that every result has one defined order (also
  // without ORDER BY): records by the root's rowid (Id order in a generated
  // org, whose rows are inserted by sequence), groups by their GROUP BY keys
  // (ascending, nulls first, binary). query_merge.h orders a split query's
  // merged chunks by the same rules, so both give the same records in the
  // same order. Equal-key rows on an index come out in rowid order anyway, so
  // the common lookups need no extra sort.
  std::string TieBreak(Emitter& e, BoundSelect::Kind kind) {
    if (kind == BoundSelect::Kind::kRecords) return e.root_alias() + ".rowid";
    if (kind != BoundSelect::Kind::kAggregate) return "";
    std::string out;
    for (const BoundOperand& g : select_.group_by) out += (out.empty() ? "" : ", ") + e.Operand(g) + " ASC NULLS FIRST";
    return out;
  }

  int AddColumn(const std::string& sql, SqlQuery* q) {
    q->select_list += (columns_ == 0 ? "" : ", ") + sql;
    return columns_++;
  }

  void Records(Emitter& e, SqlQuery* q) {
    q->shape.type = select_.object->name;
    q->shape.id_column = AddColumn(e.root_alias() + ".\"Id\"", q);
    std::map<std::string, OutputNode*> nodes;
    for (const BoundItem& item : select_.items) {
      OutputNode* node = &q->shape;
      OutputNode::Entry entry;
      entry.key = item.key;
      if (item.child >= 0) {
        entry.child = item.child;
        node->entries.push_back(std::move(entry));
        continue;
      }
      std::string path;
      std::vector<const org::Field*> hops;
      for (const org::Field* hop : item.operand.path.hops) {
        path += hop->name + ">";
        hops.push_back(hop);
        auto it = nodes.find(path);
        if (it == nodes.end()) {
          OutputNode::Entry parent;
          parent.key = hop->relationship_name;
          parent.parent = std::make_unique<OutputNode>();
          parent.parent->type = hop->references;
          parent.parent->id_column = AddColumn(e.AliasFor(hops) + ".\"Id\"", q);
          OutputNode* created = parent.parent.get();
          node->entries.push_back(std::move(parent));
          it = nodes.emplace(path, created).first;
        }
        node = it->second;
      }
      entry.column = AddColumn(e.Operand(item.operand), q);
      entry.type = item.operand.result_type;
      node->entries.push_back(std::move(entry));
    }
  }

  void Aggregate(Emitter& e, SqlQuery* q) {
    q->shape.type = "AggregateResult";
    for (const BoundItem& item : select_.items) {
      OutputNode::Entry entry;
      entry.key = item.key;
      entry.type = item.operand.result_type;
      entry.column = AddColumn(e.Operand(item.operand), q);
      q->shape.entries.push_back(std::move(entry));
    }
  }

  int GroupIndex(const BoundOperand& op) const {
    BoundOperand field = op;
    if (op.function == "GROUPING") {
      field.kind = BoundOperand::Kind::kField;
      field.function.clear();
    }
    for (size_t g = 0; g < select_.group_by.size(); ++g) {
      if (select_.group_by[g].Key() == field.Key()) return static_cast<int>(g);
    }
    return -1;
  }

  // GROUP BY ROLLUP/CUBE: a UNION ALL of plain GROUP BYs (grouping_sets.h).
  void GroupingSets(Emitter& e, const std::string& where, SqlQuery* q) {
    q->shape.type = "AggregateResult";
    RenderedGroups r;
    for (const BoundOperand& g : select_.group_by) r.group_exprs.push_back(e.Operand(g));
    for (size_t i = 0; i < select_.items.size(); ++i) {
      const BoundOperand& op = select_.items[i].operand;
      bool grouping = op.function == "GROUPING";
      int group = op.kind != BoundOperand::Kind::kAggregate || grouping ? GroupIndex(op) : -1;
      r.items.push_back({grouping ? "" : e.Operand(op), group, grouping});
      q->shape.entries.push_back({select_.items[i].key, static_cast<int>(i), op.result_type, nullptr, -1});
    }
    if (select_.having) r.having = " HAVING " + e.Predicate(*select_.having);
    r.from_where = " FROM " + e.FromClause() + (where.empty() ? "" : " WHERE " + where);
    GroupingSetsSql sql = AssembleGroupingSets(r, select_.group_mode);
    q->select_list = sql.select_list;
    q->body = sql.body;
    for (const BoundOrder& o : select_.order_by) {
      for (size_t i = 0; i < select_.items.size(); ++i) {
        if (select_.items[i].operand.Key() != o.operand.Key()) continue;
        q->order_by += (q->order_by.empty() ? " ORDER BY u.c" : ", u.c") + std::to_string(i) +
                       (o.descending ? " DESC" : " ASC") + (o.nulls_first ? " NULLS FIRST" : " NULLS LAST");
        break;
      }
    }
    if (q->order_by.empty()) q->order_by = sql.default_order;
  }

  const BoundSelect& select_;
  int columns_ = 0;
};

}  // namespace

std::string SqlQuery::PageSql() const {
  return "SELECT " + select_list + body + order_by + " LIMIT " + Param(params.size() + 1) + " OFFSET " +
         Param(params.size() + 2);
}

std::string SqlQuery::CountSql() const {
  return "SELECT COUNT(*) FROM (SELECT 1" + body + " LIMIT " + Param(params.size() + 1) + " OFFSET " +
         Param(params.size() + 2) + ")";
}

SqlQuery Emit(const BoundSelect& select) { return QueryBuilder(select).Build(select.parent_lookup); }

}  // namespace crm::soql
