// engine/soql/grouping_sets.h — GROUP BY ROLLUP/CUBE as a UNION ALL of
// plain GROUP BYs (internal to emit). SQLite has no grouping sets; each
// branch repeats the same FROM/WHERE text, so numbered parameters are
// shared. Pure string assembly; safe from any thread.
#pragma once

#include <string>
#include <vector>

namespace crm::soql {

struct RenderedGroups {
  struct Item {
    std::string expr;      // aggregate or grouped expression
    int group = -1;        // >= 0: the GROUP BY field this item is (or GROUPING() of)
    bool grouping = false; // GROUPING(field): 1 on rows where the field is rolled up
  };
  std::vector<std::string> group_exprs;
  std::vector<Item> items;
  std::string from_where;  // " FROM ... WHERE ..."
  std::string having;      // " HAVING ..." or ""
};

struct GroupingSetsSql {
  std::string select_list;    // u.c0, u.c1, ...
  std::string body;           // " FROM (branch UNION ALL branch ...) u"
  std::string default_order;  // subtotals after their groups, grand total last
};

// mode: ROLLUP or CUBE.
GroupingSetsSql AssembleGroupingSets(const RenderedGroups& r, const std::string& mode);

}  // namespace crm::soql
