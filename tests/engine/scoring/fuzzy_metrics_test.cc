#include "engine/scoring/fuzzy_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace crm::scoring {
namespace {

using Tokens = std::vector<std::string>;

TEST(FuzzyMetricsTest, NormalizeLowersDropsPunctuationAndArticles) {
  EXPECT_EQ(NormalizeText("The Return_Window is:  30 days!"), "return window is 30 days");
  EXPECT_EQ(NormalizeText("An apple, a day; THE end"), "apple day end");
  EXPECT_EQ(NormalizeText("  Theory anathema  "), "theory anathema");  // only whole-word articles go
  EXPECT_EQ(NormalizeText("don't\tstop\n"), "don t stop");
  EXPECT_EQ(NormalizeText("...!!!"), "");
  EXPECT_EQ(NormalizedTokens("A  B_c"), (Tokens{"b", "c"}));
}

TEST(FuzzyMetricsTest, TokenF1ByHand) {
  // 3 of 5 tokens shared each way: P = R = F1 = 0.6.
  TokenOverlap o = TokenF1({"returns", "accepted", "within", "60", "days"}, {"within", "60", "days", "of", "purchase"});
  EXPECT_DOUBLE_EQ(o.precision, 0.6);
  EXPECT_DOUBLE_EQ(o.recall, 0.6);
  EXPECT_DOUBLE_EQ(o.f1, 0.6);
  // Repeats are clipped: P = 1/3, R = 1, F1 = 0.5.
  o = TokenF1({"days", "days", "days"}, {"days"});
  EXPECT_DOUBLE_EQ(o.precision, 1.0 / 3);
  EXPECT_DOUBLE_EQ(o.recall, 1.0);
  EXPECT_DOUBLE_EQ(o.f1, 0.5);
  EXPECT_DOUBLE_EQ(TokenF1({}, {}).f1, 1.0);
  EXPECT_DOUBLE_EQ(TokenF1({"x"}, {}).f1, 0.0);
  EXPECT_DOUBLE_EQ(TokenF1({"x"}, {"y"}).f1, 0.0);
}

TEST(FuzzyMetricsTest, SentenceBleuByHand) {
  Tokens c = {"returns", "accepted", "within", "60", "days"};
  Tokens r = {"within", "60", "days", "of", "purchase"};
  // p1 = 3/5, p2 = 2/4, p3 = 1/3, p4 = 0 -> 0.1/2; equal lengths: BP = 1.
  double expected = std::pow(0.6 * 0.5 * (1.0 / 3) * 0.05, 0.25);
  EXPECT_NEAR(SentenceBleu(c, r), expected, 1e-12);
  EXPECT_NEAR(SentenceBleu(c, r), 0.2659147948, 1e-9);
  // Two-word candidate: orders 1..2 only, p1 = p2 = 1; BP = exp(1 - 5/2).
  EXPECT_NEAR(SentenceBleu({"60", "days"}, r), std::exp(-1.5), 1e-12);
  EXPECT_NEAR(SentenceBleu({"60", "days"}, r), 0.2231301601, 1e-9);
  // Three words, two orders matched: p1 = 1, p2 = 1/2, p3 = 0.1/1, BP = exp(1 - 5/3).
  EXPECT_NEAR(SentenceBleu({"60", "days", "within"}, r), std::exp(1 - 5.0 / 3) * std::cbrt(0.05), 1e-12);
  EXPECT_DOUBLE_EQ(SentenceBleu({"days"}, {"days"}), 1.0);  // a perfect one-word answer
  EXPECT_DOUBLE_EQ(SentenceBleu(r, r), 1.0);
  EXPECT_DOUBLE_EQ(SentenceBleu({}, r), 0.0);
  EXPECT_DOUBLE_EQ(SentenceBleu({"nothing", "shared"}, r), 0.0);
  // A smaller epsilon punishes missing 4-grams harder.
  EXPECT_LT(SentenceBleu(c, r, 4, 1e-12), 1e-3);
}

TEST(FuzzyMetricsTest, RougeByHand) {
  Tokens c = {"returns", "accepted", "within", "60", "days"};
  Tokens r = {"within", "60", "days", "of", "purchase"};
  EXPECT_DOUBLE_EQ(RougeNF(c, r, 1), 0.6);
  EXPECT_DOUBLE_EQ(RougeNF(c, r, 2), 0.5);  // 2 of 4 bigrams each way
  EXPECT_DOUBLE_EQ(RougeLF(c, r), 0.6);     // LCS "within 60 days"
  Tokens reversed = {"days", "60", "within"};
  Tokens forward = {"within", "60", "days"};
  EXPECT_DOUBLE_EQ(RougeNF(reversed, forward, 1), 1.0);
  EXPECT_DOUBLE_EQ(RougeNF(reversed, forward, 2), 0.0);
  EXPECT_DOUBLE_EQ(RougeLF(reversed, forward), 1.0 / 3);
  EXPECT_DOUBLE_EQ(RougeNF({"one"}, {"one"}, 2), 0.0);  // no bigrams at all
}

TEST(FuzzyMetricsTest, ComputeAllOnNormalisedText) {
  FuzzyMetrics m = ComputeFuzzyMetrics("Returns accepted within 60 days!", "within 60 days of the purchase");
  EXPECT_DOUBLE_EQ(m.exact_match, 0.0);
  EXPECT_DOUBLE_EQ(m.f1, 0.6);
  EXPECT_NEAR(m.bleu, 0.2659147948, 1e-9);
  EXPECT_DOUBLE_EQ(m.rouge2, 0.5);
  EXPECT_DOUBLE_EQ(m.rouge_l, 0.6);
  FuzzyMetrics same = ComputeFuzzyMetrics("Within 60 days of purchase.", "within the 60 days of purchase");
  EXPECT_DOUBLE_EQ(same.exact_match, 1.0);
  EXPECT_DOUBLE_EQ(same.f1, 1.0);
  EXPECT_DOUBLE_EQ(same.bleu, 1.0);
}

}  // namespace
}  // namespace crm::scoring
