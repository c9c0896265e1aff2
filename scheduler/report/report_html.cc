// The report as one offline HTML page with inline SVG charts.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "scheduler/report/report.h"

namespace crm::sched {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string F(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

const char* kPalette[] = {"#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#b7791f", "#4a5568"};

std::string Series(const SummaryRow& r) { return r.model + " / " + r.strategy; }

std::string SuccessBars(const Report& report) {
  std::vector<std::string> tasks, series;
  for (const SummaryRow& r : report.by_task) {
    if (std::find(tasks.begin(), tasks.end(), r.task) == tasks.end()) tasks.push_back(r.task);
    if (std::find(series.begin(), series.end(), Series(r)) == series.end()) series.push_back(Series(r));
  }
  const int group_w = std::max<int>(40, static_cast<int>(series.size()) * 14 + 10), h = 220, left = 40, top = 10;
  const int width = left + static_cast<int>(tasks.size()) * group_w + 20;
  std::string svg = "<svg id=\"chart-success\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(h + 130) + "\" role=\"img\" aria-label=\"success rate per task\">";
  for (int g = 0; g <= 4; ++g) {
    int y = top + h - g * h / 4;
    svg += "<line x1=\"" + std::to_string(left) + "\" x2=\"" + std::to_string(width) + "\" y1=\"" + std::to_string(y) +
           "\" y2=\"" + std::to_string(y) + "\" stroke=\"#e2e8f0\"/><text x=\"2\" y=\"" + std::to_string(y + 4) +
           "\" font-size=\"10\">" + std::to_string(g * 25) + "%</text>";
  }
  for (const SummaryRow& r : report.by_task) {
    size_t t = static_cast<size_t>(std::find(tasks.begin(), tasks.end(), r.task) - tasks.begin());
    size_t s = static_cast<size_t>(std::find(series.begin(), series.end(), Series(r)) - series.begin());
    int bar_h = static_cast<int>(r.success_rate * h);
    int x = left + static_cast<int>(t) * group_w + 5 + static_cast<int>(s) * 14;
    svg += "<rect class=\"bar\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + h - bar_h) +
           "\" width=\"12\" height=\"" + std::to_string(bar_h) + "\" fill=\"" + kPalette[s % 8] + "\"><title>" +
           Escape(Series(r) + " — " + r.task + ": " + F("%.1f%%", 100 * r.success_rate)) + "</title></rect>";
  }
  for (size_t t = 0; t < tasks.size(); ++t) {
    int x = left + static_cast<int>(t) * group_w + group_w / 2;
    svg += "<text font-size=\"10\" transform=\"translate(" + std::to_string(x) + "," + std::to_string(top + h + 8) +
           ") rotate(40)\">" + Escape(tasks[t]) + "</text>";
  }
  svg += "</svg><div class=\"legend\">";
  for (size_t s = 0; s < series.size(); ++s) {
    svg += "<span><i style=\"background:" + std::string(kPalette[s % 8]) + "\"></i>" + Escape(series[s]) + "</span>";
  }
  return svg + "</div>";
}

std::string Heatmap(const Report& report) {
  std::vector<std::string> tasks, series;
  for (const SummaryRow& r : report.by_task) {
    if (std::find(tasks.begin(), tasks.end(), r.task) == tasks.end()) tasks.push_back(r.task);
    if (std::find(series.begin(), series.end(), Series(r)) == series.end()) series.push_back(Series(r));
  }
  const int cell_w = 70, cell_h = 26, left = 200, top = 120;
  std::string svg = "<svg id=\"chart-heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(left + cell_w * static_cast<int>(tasks.size()) + 90) + "\" height=\"" +
                    std::to_string(top + cell_h * static_cast<int>(series.size()) + 10) + "\">";
  for (size_t t = 0; t < tasks.size(); ++t) {
    svg += "<text font-size=\"10\" transform=\"translate(" + std::to_string(left + static_cast<int>(t) * cell_w + 30) +
           "," + std::to_string(top - 6) + ") rotate(-40)\">" + Escape(tasks[t]) + "</text>";
  }
  for (size_t s = 0; s < series.size(); ++s) {
    svg += "<text font-size=\"11\" x=\"4\" y=\"" + std::to_string(top + static_cast<int>(s) * cell_h + 17) + "\">" +
           Escape(series[s]) + "</text>";
  }
  for (const SummaryRow& r : report.by_task) {
    size_t t = static_cast<size_t>(std::find(tasks.begin(), tasks.end(), r.task) - tasks.begin());
    size_t s = static_cast<size_t>(std::find(series.begin(), series.end(), Series(r)) - series.begin());
    // White (0%) to blue (100%).
    int shade = static_cast<int>(255 - r.success_rate * 180);
    char color[16];
    std::snprintf(color, sizeof color, "#%02x%02xff", shade, shade);
    int x = left + static_cast<int>(t) * cell_w, y = top + static_cast<int>(s) * cell_h;
    svg += "<rect class=\"cell\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(cell_w - 2) + "\" height=\"" + std::to_string(cell_h - 2) + "\" fill=\"" + color +
           "\"/><text font-size=\"11\" x=\"" + std::to_string(x + 18) + "\" y=\"" + std::to_string(y + 17) + "\">" +
           F("%.0f%%", 100 * r.success_rate) + "</text>";
  }
  return svg + "</svg>";
}

std::string CostScatter(const Report& report) {
  // Cost on the x axis; when nothing has a price (simulated models, unknown
  // prices) tokens stand in, so the points still spread out.
  double max_cost = 0, max_tokens = 0;
  for (const SummaryRow& r : report.overall) {
    max_cost = std::max(max_cost, r.cost_usd);
    max_tokens = std::max(max_tokens, static_cast<double>(r.input_tokens + r.output_tokens));
  }
  const bool by_cost = max_cost > 0;
  const double max_x = by_cost ? max_cost : std::max(1.0, max_tokens);
  const int w = 420, h = 240, left = 50, top = 10;
  const std::string axis = by_cost ? "cost (USD, max " + F("%.4f", max_cost) + ")"
                                   : "tokens (no prices known), max " + F("%.0f", max_tokens);
  std::string svg = "<svg id=\"chart-cost\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w + 200) +
                    "\" height=\"" + std::to_string(h + 50) + "\"><line x1=\"" + std::to_string(left) + "\" y1=\"" +
                    std::to_string(top + h) + "\" x2=\"" + std::to_string(left + w) + "\" y2=\"" +
                    std::to_string(top + h) + "\" stroke=\"#4a5568\"/><line x1=\"" + std::to_string(left) + "\" y1=\"" +
                    std::to_string(top) + "\" x2=\"" + std::to_string(left) + "\" y2=\"" + std::to_string(top + h) +
                    "\" stroke=\"#4a5568\"/><text x=\"" + std::to_string(left + w / 2 - 80) + "\" y=\"" +
                    std::to_string(top + h + 35) + "\" font-size=\"11\">" + Escape(axis) +
                    "</text><text x=\"2\" y=\"" + std::to_string(top + 10) + "\" font-size=\"11\">success</text>";
  size_t s = 0;
  for (const SummaryRow& r : report.overall) {
    const double xv = by_cost ? r.cost_usd : static_cast<double>(r.input_tokens + r.output_tokens);
    int x = left + static_cast<int>(xv / max_x * (w - 10)) + 5;
    int y = top + h - static_cast<int>(r.success_rate * (h - 10)) - 5;
    svg += "<circle class=\"point\" cx=\"" + std::to_string(x) + "\" cy=\"" + std::to_string(y) + "\" r=\"6\" fill=\"" +
           kPalette[s++ % 8] + "\"><title>" + Escape(Series(r)) + "</title></circle><text font-size=\"10\" x=\"" +
           std::to_string(x + 8) + "\" y=\"" + std::to_string(y + 4) + "\">" + Escape(Series(r)) + "</text>";
  }
  return svg + "</svg>";
}

std::string Table(const std::vector<SummaryRow>& rows, bool with_task) {
  std::string t = "<table><tr><th>model</th><th>strategy</th>" + std::string(with_task ? "<th>task</th>" : "") +
                  "<th>n</th><th>success</th><th>95% CI</th><th>mean reward</th><th>pass^k</th><th>turns</th>"
                  "<th>tokens</th><th>cost $</th><th>infra errors</th><th>p50 ms</th><th>p95 ms</th></tr>";
  for (const SummaryRow& r : rows) {
    t += "<tr><td>" + Escape(r.model) + "</td><td>" + Escape(r.strategy) + "</td>" +
         (with_task ? "<td>" + Escape(r.task) + "</td>" : "") + "<td>" + std::to_string(r.n) + "</td><td>" +
         F("%.1f%%", 100 * r.success_rate) + "</td><td>" + F("%.2f", r.success_ci.low) + "–" +
         F("%.2f", r.success_ci.high) + "</td><td>" + F("%.3f", r.mean_reward) + "</td><td>" + F("%.2f", r.pass_all_k) +
         " (k=" + std::to_string(r.k) + ")</td><td>" + F("%.1f", r.mean_turns) + "</td><td>" +
         std::to_string(r.input_tokens + r.output_tokens) + "</td><td>" + F("%.4f", r.cost_usd) + "</td><td>" +
         std::to_string(r.infra_errors) + "</td><td>" + F("%.0f", r.latency_p50_ms) + "</td><td>" +
         F("%.0f", r.latency_p95_ms) + "</td></tr>";
  }
  return t + "</table>";
}

}  // namespace

std::string ReportToHtml(const Report& report) {
  std::string html =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>crmarena report</title><style>"
      "body{font-family:sans-serif;margin:24px;color:#1a202c}table{border-collapse:collapse;margin:8px 0 24px}"
      "td,th{border:1px solid #cbd5e0;padding:3px 8px;font-size:12px;text-align:right}th{background:#edf2f7}"
      "td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}.legend span{margin-right:14px;font-size:12px}"
      ".legend i{display:inline-block;width:10px;height:10px;margin-right:4px}section{margin-bottom:28px}"
      "</style></head><body><h1>crmarena report</h1>";
  html += "<p>" + std::to_string(report.episodes) + " episodes; " + std::to_string(report.superseded) +
          " superseded lines; " + std::to_string(report.torn_lines) + " torn lines skipped.</p>";
  html += "<section><h2>Success rate per task</h2>" + SuccessBars(report) + "</section>";
  html += "<section><h2>Model × task</h2>" + Heatmap(report) + "</section>";
  html += "<section><h2>Cost versus success</h2>" + CostScatter(report) + "</section>";
  html += "<section><h2>Overall</h2>" + Table(report.overall, false) + "</section>";
  html += "<section><h2>Per task</h2>" + Table(report.by_task, true) + "</section>";
  if (!report.comparisons.empty()) {
    html += "<section><h2>Paired comparisons</h2><table><tr><th>kind</th><th>a</th><th>b</th><th>within</th>"
            "<th>pairs</th><th>reward a − b</th><th>95% CI</th><th>only a</th><th>only b</th><th>McNemar p</th></tr>";
    for (const Comparison& c : report.comparisons) {
      html += "<tr><td>" + Escape(c.kind) + "</td><td>" + Escape(c.a) + "</td><td>" + Escape(c.b) + "</td><td>" +
              Escape(c.within) + "</td><td>" + std::to_string(c.reward_difference.pairs) + "</td><td>" +
              F("%+.3f", c.reward_difference.mean) + "</td><td>" + F("%+.3f", c.reward_difference.ci.low) + " – " +
              F("%+.3f", c.reward_difference.ci.high) + "</td><td>" + std::to_string(c.a_only) + "</td><td>" +
              std::to_string(c.b_only) + "</td><td>" + F("%.4f", c.mcnemar_p) + "</td></tr>";
    }
    html += "</table></section>";
  }
  return html + "</body></html>\n";
}

}  // namespace crm::sched
