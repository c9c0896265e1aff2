#include "engine/scoring/official_metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/tools/py_repr.h"

namespace crm::scoring {
namespace {

bool IsPunctuationByte(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

// Python's \w for what we support: ASCII alphanumerics, '_', and every
// non-ASCII code point (letters in the texts we see).
bool IsWordByte(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c >= 0x80; }

// Lower case: ASCII, and the Latin-1 capitals U+00C0..U+00DE except U+00D7.
std::string PyLower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < s.size()) {
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      out += static_cast<char>(c);
      out += static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// ‘ ’ ´ and the ASCII punctuation (with ` among it) become spaces.
std::string PunctuationToSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsPunctuationByte(c)) {
      out += ' ';
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0x98 || static_cast<unsigned char>(s[i + 2]) == 0x99)) {
      out += ' ';  // U+2018, U+2019
      i += 2;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xB4) {
      out += ' ';  // U+00B4
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// re.sub(r'\b(a|an|the)\b', ' ', text)
std::string RemoveArticles(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const bool boundary_before = i == 0 || !IsWordByte(static_cast<unsigned char>(s[i - 1]));
    bool removed = false;
    if (boundary_before) {
      for (std::string_view article : {"the", "an", "a"}) {
        if (s.compare(i, article.size(), article) != 0) continue;
        const size_t end = i + article.size();
        if (end < s.size() && IsWordByte(static_cast<unsigned char>(s[end]))) continue;
        out += ' ';
        i = end;
        removed = true;
        break;
      }
    }
    if (!removed) out += s[i++];
  }
  return out;
}

std::vector<std::string_view> SplitTokens(const std::string& normalized) { return py::SplitWhitespace(normalized); }

double OfficialTokenF1(const std::vector<std::string_view>& prediction, const std::vector<std::string_view>& truth,
               bool* is_int) {
  std::map<std::string_view, int> counts;
  for (std::string_view t : truth) ++counts[t];
  int same = 0;
  for (std::string_view t : prediction) {
    auto it = counts.find(t);
    if (it != counts.end() && it->second > 0) {
      --it->second;
      ++same;
    }
  }
  *is_int = same == 0;
  if (same == 0) return 0;
  const double precision = static_cast<double>(same) / static_cast<double>(prediction.size());
  const double recall = static_cast<double>(same) / static_cast<double>(truth.size());
  return 2 * precision * recall / (precision + recall);
}

using WordGram = std::vector<std::string_view>;

std::set<WordGram> GramSet(const std::vector<std::string_view>& words, size_t n) {
  std::set<WordGram> out;
  for (size_t i = 0; i + n <= words.size(); ++i) out.emplace(words.begin() + i, words.begin() + i + n);
  return out;
}

double RougeN(const std::vector<std::string_view>& hyp, const std::vector<std::string_view>& ref, size_t n) {
  const std::set<WordGram> h = GramSet(hyp, n), r = GramSet(ref, n);
  size_t overlap = 0;
  for (const WordGram& g : h) overlap += r.count(g);
  const double p = h.empty() ? 0.0 : static_cast<double>(overlap) / static_cast<double>(h.size());
  const double rc = r.empty() ? 0.0 : static_cast<double>(overlap) / static_cast<double>(r.size());
  return 2.0 * ((p * rc) / (p + rc + 1e-8));
}

// The package's ROUGE-L for one sentence each: the distinct words of the LCS
// its backtrack reconstructs, over the distinct words of each side.
double RougeL(const std::vector<std::string_view>& hyp, const std::vector<std::string_view>& ref) {
  const std::vector<std::string_view>& x = ref;
  const std::vector<std::string_view>& y = hyp;
  const size_t n = x.size(), m = y.size();
  std::vector<std::vector<int>> table(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      table[i][j] = x[i - 1] == y[j - 1] ? table[i - 1][j - 1] + 1 : std::max(table[i - 1][j], table[i][j - 1]);
    }
  }
  std::set<std::string_view> lcs;
  for (size_t i = n, j = m; i > 0 && j > 0;) {
    if (x[i - 1] == y[j - 1]) {
      lcs.insert(x[i - 1]);
      --i;
      --j;
    } else if (table[i - 1][j] > table[i][j - 1]) {
      --i;
    } else {
      --j;
    }
  }
  const std::set<std::string_view> ref_words(x.begin(), x.end()), hyp_words(y.begin(), y.end());
  const double r = static_cast<double>(lcs.size()) / static_cast<double>(ref_words.size());
  const double p = static_cast<double>(lcs.size()) / static_cast<double>(hyp_words.size());
  return 2.0 * ((p * r) / (p + r + 1e-8));
}

// As json.dumps writes a Python float (its repr).
void Number(std::string& out, double v) { py::AppendReprFloat(out, v); }

}  // namespace

std::string OfficialNormalize(std::string_view text) {
  std::string s(text);
  std::replace(s.begin(), s.end(), '_', ' ');
  s = RemoveArticles(PunctuationToSpaces(PyLower(s)));
  std::string out;
  for (std::string_view token : py::SplitWhitespace(s)) {
    if (!out.empty()) out += ' ';
    out += token;
  }
  return out;
}

double SacreSentenceBleu(const std::vector<std::string_view>& hyp, const std::vector<std::string_view>& ref) {
  constexpr size_t kOrder = 4;
  std::map<WordGram, int> ref_counts;
  for (size_t n = 1; n <= kOrder; ++n) {
    for (size_t i = 0; i + n <= ref.size(); ++i) ++ref_counts[WordGram(ref.begin() + i, ref.begin() + i + n)];
  }
  std::map<WordGram, int> hyp_counts;
  for (size_t n = 1; n <= kOrder; ++n) {
    for (size_t i = 0; i + n <= hyp.size(); ++i) ++hyp_counts[WordGram(hyp.begin() + i, hyp.begin() + i + n)];
  }
  double correct[kOrder] = {0, 0, 0, 0}, total[kOrder] = {0, 0, 0, 0};
  for (const auto& [gram, count] : hyp_counts) {
    total[gram.size() - 1] += count;
    auto it = ref_counts.find(gram);
    if (it != ref_counts.end()) correct[gram.size() - 1] += std::min(count, it->second);
  }
  const double sys_len = static_cast<double>(hyp.size()), ref_len = static_cast<double>(ref.size());
  const double bp = sys_len < ref_len ? (sys_len > 0 ? std::exp(1 - ref_len / sys_len) : 0.0) : 1.0;
  if (std::all_of(std::begin(correct), std::end(correct), [](double c) { return c == 0; })) return 0.0;
  double precisions[kOrder] = {0, 0, 0, 0};
  double smooth = 1;
  for (size_t n = 0; n < kOrder; ++n) {
    if (total[n] == 0) break;
    if (correct[n] == 0) {
      smooth *= 2;
      precisions[n] = 100.0 / (smooth * total[n]);
    } else {
      precisions[n] = 100.0 * correct[n] / total[n];
    }
  }
  double log_sum = 0;
  for (double p : precisions) log_sum += p == 0.0 ? -9999999999.0 : std::log(p);  // sacrebleu's my_log
  return bp * std::exp(log_sum / kOrder);
}

OfficialMetrics ComputeOfficialMetrics(std::string_view prediction, std::string_view reference) {
  OfficialMetrics m;
  const std::string p = OfficialNormalize(prediction), r = OfficialNormalize(reference);
  const std::vector<std::string_view> pt = SplitTokens(p), rt = SplitTokens(r);
  m.em = p == r;
  m.f1 = OfficialTokenF1(pt, rt, &m.f1_is_int);
  m.bleu = SacreSentenceBleu(pt, rt) / 100;
  if (p.empty() || r.empty()) {
    m.error = p.empty() ? "Hypothesis is empty." : "Reference is empty.";  // what the rouge package raises
    return m;
  }
  m.rouge1 = RougeN(pt, rt, 1);
  m.rouge2 = RougeN(pt, rt, 2);
  m.rouge_l = RougeL(pt, rt);
  return m;
}

std::string OfficialMetricsJson(const OfficialMetrics& m) {
  std::string out = "{\"em\":";
  out += m.em ? "true" : "false";
  out += ",\"f1\":";
  if (m.f1_is_int) {
    out += "0";
  } else {
    Number(out, m.f1);
  }
  out += ",\"bleu\":";
  Number(out, m.bleu);
  out += ",\"rouge\":{\"rouge-1\":";
  Number(out, m.rouge1);
  out += ",\"rouge-2\":";
  Number(out, m.rouge2);
  out += ",\"rouge-l\":";
  Number(out, m.rouge_l);
  out += "}}";
  return out;
}

}  // namespace crm::scoring
