// scheduler/report/report_html.cc — the report as one offline HTML page:
// inline SVG charts (success per task with 95% Wilson intervals, a model x
// task heatmap, cost versus success), the tables, the auxiliary models' calls
// and cost, and the scoring labels. Pure; thread-compatible.
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

// A whisker from y_high to y_low (pixels) with caps: the 95% interval.
std::string ErrorBar(int x, int y_high, int y_low, const std::string& title) {
  const std::string xs = std::to_string(x), l = std::to_string(x - 4), r = std::to_string(x + 4);
  const std::string hi = std::to_string(y_high), lo = std::to_string(y_low);
  return "<g class=\"ci\" stroke=\"#1a202c\" stroke-width=\"1\"><title>" + Escape(title) + "</title><line x1=\"" + xs +
         "\" x2=\"" + xs + "\" y1=\"" + hi + "\" y2=\"" + lo + "\"/><line x1=\"" + l + "\" x2=\"" + r + "\" y1=\"" + hi +
         "\" y2=\"" + hi + "\"/><line x1=\"" + l + "\" x2=\"" + r + "\" y1=\"" + lo + "\" y2=\"" + lo + "\"/></g>";
}

std::string SuccessBars(const Report& report) {
  std::vector<std::string> tasks, series;
  for (const SummaryRow& r : report.by_task) {
    if (std::find(tasks.begin(), tasks.end(), r.task) == tasks.end()) tasks.push_back(r.task);
    if (std::find(series.begin(), series.end(), Series(r)) == series.end()) series.push_back(Series(r));
  }
  const int group_w = std::max<int>(40, static_cast<int>(series.size()) * 14 + 10), h = 220, left = 40, top = 10;
  // Room on the right for the last task's slanted label.
  const int width = left + static_cast<int>(tasks.size()) * group_w + 150;
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
    const std::string label = Series(r) + " — " + r.task + ": " + F("%.1f%%", 100 * r.success_rate) + " (95% CI " +
                              F("%.1f", 100 * r.success_ci.low) + "–" + F("%.1f%%", 100 * r.success_ci.high) + ", n=" +
                              std::to_string(r.n) + ")";
    svg += "<rect class=\"bar\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + h - bar_h) +
           "\" width=\"12\" height=\"" + std::to_string(bar_h) + "\" fill=\"" + kPalette[s % 8] + "\"><title>" +
           Escape(label) + "</title></rect>";
    if (r.n > 0) svg += ErrorBar(x + 6, top + h - static_cast<int>(r.success_ci.high * h),
                                 top + h - static_cast<int>(r.success_ci.low * h), label);
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

// Each point is numbered and the numbers are explained in a list under the
// chart, so labels never overlap each other or run off the edge; the axes
// have ticks with their units.
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
  auto x_of = [&](const SummaryRow& r) { return by_cost ? r.cost_usd : static_cast<double>(r.input_tokens + r.output_tokens); };
  const int w = 480, h = 240, left = 70, top = 12, bottom = 56;
  const std::string axis = by_cost ? "agent cost per model and strategy (USD)" : "agent tokens per model and strategy (no prices known)";
  std::string svg = "<svg id=\"chart-cost\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(left + w + 30) +
                    "\" height=\"" + std::to_string(top + h + bottom) + "\" font-size=\"11\">";
  svg += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + h) + "\" x2=\"" + std::to_string(left + w) +
         "\" y2=\"" + std::to_string(top + h) + "\" stroke=\"#4a5568\"/><line x1=\"" + std::to_string(left) + "\" y1=\"" +
         std::to_string(top) + "\" x2=\"" + std::to_string(left) + "\" y2=\"" + std::to_string(top + h) +
         "\" stroke=\"#4a5568\"/>";
  for (int i = 0; i <= 4; ++i) {  // ticks at quarters of each axis
    const int x = left + i * (w - 10) / 4 + 5, y = top + h - 5 - i * (h - 10) / 4;
    const double value = max_x * i / 4;
    const std::string text = by_cost ? "$" + F(max_x < 0.1 ? "%.4f" : "%.2f", value) : F("%.0f", value);
    svg += "<line class=\"tick\" x1=\"" + std::to_string(x) + "\" x2=\"" + std::to_string(x) + "\" y1=\"" +
           std::to_string(top + h) + "\" y2=\"" + std::to_string(top + h + 4) + "\" stroke=\"#4a5568\"/><text class=\"tick\" x=\"" +
           std::to_string(x) + "\" y=\"" + std::to_string(top + h + 16) + "\" text-anchor=\"middle\">" + text + "</text>";
    svg += "<text class=\"tick\" x=\"" + std::to_string(left - 6) + "\" y=\"" + std::to_string(y + 4) +
           "\" text-anchor=\"end\">" + std::to_string(i * 25) + "%</text>";
  }
  svg += "<text class=\"axis\" x=\"" + std::to_string(left + w / 2) + "\" y=\"" + std::to_string(top + h + 40) +
         "\" text-anchor=\"middle\">" + Escape(axis) + "</text><text class=\"axis\" text-anchor=\"middle\" transform=\"translate(14," +
         std::to_string(top + h / 2) + ") rotate(-90)\">success rate (%)</text>";
  std::string legend = "<ol class=\"points\">";
  size_t s = 0;
  for (const SummaryRow& r : report.overall) {
    const int x = left + static_cast<int>(x_of(r) / max_x * (w - 10)) + 5;
    const int y = top + h - static_cast<int>(r.success_rate * (h - 10)) - 5;
    const std::string number = std::to_string(s + 1);
    const std::string where = (by_cost ? "$" + F("%.4f", r.cost_usd) : F("%.0f tokens", x_of(r))) + ", " +
                              F("%.1f%% success", 100 * r.success_rate);
    svg += "<circle class=\"point\" cx=\"" + std::to_string(x) + "\" cy=\"" + std::to_string(y) + "\" r=\"8\" fill=\"" +
           kPalette[s % 8] + "\"><title>" + Escape(Series(r) + ": " + where) + "</title></circle><text class=\"point-label\" x=\"" +
           std::to_string(x) + "\" y=\"" + std::to_string(y + 4) + "\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"10\">" +
           number + "</text>";
    legend += "<li><i style=\"background:" + std::string(kPalette[s % 8]) + "\"></i>" + Escape(Series(r)) + " — " +
              Escape(where) + "</li>";
    ++s;
  }
  return svg + "</svg>" + legend + "</ol>";
}

std::string AuxiliaryTable(const Report& report) {
  std::string t = "<p>Calls the harness made for evaluation, apart from the agent's: agent $" +
                  F("%.4f", report.agent_cost_usd) + " + auxiliary $" + F("%.4f", report.auxiliary_cost_usd) + " = $" +
                  F("%.4f", report.agent_cost_usd + report.auxiliary_cost_usd) + ".</p>";
  if (report.auxiliary.empty()) return t + "<p>No auxiliary model calls.</p>";
  t += "<table id=\"auxiliary\"><tr><th>role</th><th>model</th><th>episodes</th><th>calls</th><th>input tokens</th>"
       "<th>output tokens</th><th>cost $</th></tr>";
  for (const AuxiliaryRow& r : report.auxiliary) {
    t += "<tr><td>" + Escape(r.role) + "</td><td>" + Escape(r.model) + "</td><td>" + std::to_string(r.episodes) +
         "</td><td>" + std::to_string(r.calls) + "</td><td>" + std::to_string(r.input_tokens) + "</td><td>" +
         std::to_string(r.output_tokens) + "</td><td>" + F("%.4f", r.cost_usd) + "</td></tr>";
  }
  return t + "</table>";
}

std::string Table(const std::vector<SummaryRow>& rows, bool with_task) {
  std::string t = "<table><tr><th>model</th><th>strategy</th>" + std::string(with_task ? "<th>task</th>" : "") +
                  "<th>n</th><th>success</th><th>95% CI</th><th>mean reward</th><th>pass^k</th><th>turns</th>"
                  "<th>tokens</th><th>cost $</th><th>aux cost $</th><th>infra errors</th><th>p50 ms</th><th>p95 ms</th></tr>";
  for (const SummaryRow& r : rows) {
    t += "<tr><td>" + Escape(r.model) + "</td><td>" + Escape(r.strategy) + "</td>" +
         (with_task ? "<td>" + Escape(r.task) + "</td>" : "") + "<td>" + std::to_string(r.n) + "</td><td>" +
         F("%.1f%%", 100 * r.success_rate) + "</td><td>" + F("%.2f", r.success_ci.low) + "–" +
         F("%.2f", r.success_ci.high) + "</td><td>" + F("%.3f", r.mean_reward) + "</td><td>" + F("%.2f", r.pass_all_k) +
         " (k=" + std::to_string(r.k) + ")</td><td>" + F("%.1f", r.mean_turns) + "</td><td>" +
         std::to_string(r.input_tokens + r.output_tokens) + "</td><td>" + F("%.4f", r.cost_usd) + "</td><td>" +
         F("%.4f", r.auxiliary_cost_usd) + "</td><td>" + std::to_string(r.infra_errors) + "</td><td>" + F("%.0f", r.latency_p50_ms) + "</td><td>" +
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
      ".legend i,.points i{display:inline-block;width:10px;height:10px;margin-right:4px}section{margin-bottom:28px}"
      ".points{font-size:12px}.note{background:#fefcbf;border:1px solid #d69e2e;padding:6px 10px}"
      "</style></head><body><h1>crmarena report</h1>";
  html += "<p>" + std::to_string(report.episodes) + " episodes; " + std::to_string(report.superseded) +
          " superseded lines; " + std::to_string(report.torn_lines) + " torn lines skipped.</p>";
  for (const std::string& note : ScoringNotes(report)) html += "<p class=\"note\">Note: " + Escape(note) + ".</p>";
  for (const std::string& source : report.price_sources) html += "<p class=\"note\">Price of " + Escape(source) + ".</p>";
  html += "<section><h2>Success rate per task (bars: 95% Wilson interval)</h2>" + SuccessBars(report) + "</section>";
  html += "<section><h2>Model × task</h2>" + Heatmap(report) + "</section>";
  html += "<section><h2>Cost versus success</h2>" + CostScatter(report) + "</section>";
  html += "<section><h2>Overall</h2>" + Table(report.overall, false) + "</section>";
  html += "<section><h2>Per task</h2>" + Table(report.by_task, true) + "</section>";
  html += "<section><h2>Auxiliary models</h2>" + AuxiliaryTable(report) + "</section>";
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
