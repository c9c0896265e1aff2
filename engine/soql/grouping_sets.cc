#include "engine/soql/grouping_sets.h"

namespace crm::soql {
namespace {

// Which GROUP BY fields each branch keeps, finest first.
std::vector<std::vector<bool>> Sets(size_t n, const std::string& mode) {
  std::vector<std::vector<bool>> sets;
  if (mode == "ROLLUP") {
    for (size_t k = n + 1; k-- > 0;) {
      std::vector<bool> keep(n, false);
      for (size_t i = 0; i < k; ++i) keep[i] = true;
      sets.push_back(keep);
    }
    return sets;
  }
  for (size_t mask = (size_t{1} << n); mask-- > 0;) {
    std::vector<bool> keep(n);
    for (size_t i = 0; i < n; ++i) keep[i] = (mask >> (n - 1 - i)) & 1;
    sets.push_back(keep);
  }
  return sets;
}

std::string Branch(const RenderedGroups& r, const std::vector<bool>& keep) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < r.items.size(); ++i) {
    const RenderedGroups::Item& item = r.items[i];
    bool rolled = item.group >= 0 && !keep[static_cast<size_t>(item.group)];
    std::string value = item.grouping ? (rolled ? "1" : "0") : (rolled ? "NULL" : item.expr);
    sql += value + " AS c" + std::to_string(i) + ", ";
  }
  std::string group_by;
  for (size_t g = 0; g < keep.size(); ++g) {
    sql += (keep[g] ? r.group_exprs[g] : "NULL") + " AS g" + std::to_string(g) + ", ";
    sql += std::string(keep[g] ? "0" : "1") + " AS b" + std::to_string(g) + (g + 1 < keep.size() ? ", " : "");
    if (keep[g]) group_by += (group_by.empty() ? " GROUP BY " : ", ") + r.group_exprs[g];
  }
  return sql + r.from_where + group_by + r.having;
}

}  // namespace

GroupingSetsSql AssembleGroupingSets(const RenderedGroups& r, const std::string& mode) {
  GroupingSetsSql out;
  std::string branches;
  for (const std::vector<bool>& keep : Sets(r.group_exprs.size(), mode)) {
    branches += (branches.empty() ? "" : " UNION ALL ") + Branch(r, keep);
  }
  for (size_t i = 0; i < r.items.size(); ++i) out.select_list += (i ? ", u.c" : "u.c") + std::to_string(i);
  out.body = " FROM (" + branches + ") u";
  for (size_t g = 0; g < r.group_exprs.size(); ++g) {
    out.default_order += (g ? ", u.b" : " ORDER BY u.b") + std::to_string(g) + ", u.g" + std::to_string(g);
  }
  return out;
}

}  // namespace crm::soql
