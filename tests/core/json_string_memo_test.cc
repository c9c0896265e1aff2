// The memo and the raw copy change how JSON is written, never what is written:
// every output is compared with RapidJSON's own String/RawValue.
#include "core/json_string_memo.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace crm::json {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Writes ["x", <each text>, {"k": <each text>}] both ways.
std::pair<std::string, std::string> BothWays(const std::vector<std::string>& texts) {
  rapidjson::StringBuffer plain_buf, memo_buf;
  Writer plain(plain_buf), memo(memo_buf);
  for (Writer* w : {&plain, &memo}) {
    w->StartArray();
    w->String("x");
  }
  for (const std::string& t : texts) {
    plain.String(t.data(), static_cast<rapidjson::SizeType>(t.size()));
    WriteStringMemo(memo, t);
    for (Writer* w : {&plain, &memo}) {
      w->StartObject();
      w->Key("k");
    }
    plain.String(t.data(), static_cast<rapidjson::SizeType>(t.size()));
    WriteStringMemo(memo, t);
    for (Writer* w : {&plain, &memo}) w->EndObject();
  }
  for (Writer* w : {&plain, &memo}) w->EndArray();
  EXPECT_TRUE(plain.IsComplete());
  EXPECT_TRUE(memo.IsComplete());
  return {plain_buf.GetString(), memo_buf.GetString()};
}

std::string LongText(int variant, size_t size) {
  std::string text = "variant " + std::to_string(variant) + ": ";
  const std::string piece = "{\"Name\":\"Case \\\\ 1\"}\n\ttab \x01 ctrl \xc3\xa9 accent / slash ";
  while (text.size() < size) text += piece;
  text.resize(size);  // exact, for the size bounds
  return text;
}

TEST(JsonStringMemoTest, ShortAndLongStringsMatchRapidJson) {
  std::vector<std::string> texts = {"", "plain", "quote \" and backslash \\", std::string("nul\0inside", 10),
                                    LongText(0, 255),  LongText(1, 256), LongText(2, 2048),
                                    LongText(3, 16 * 1024), LongText(4, 16 * 1024 + 1), LongText(5, 20000)};
  auto [plain, memo] = BothWays(texts);
  EXPECT_EQ(plain, memo);
}

TEST(JsonStringMemoTest, RepeatedLongStringsComeFromTheMemoUnchanged) {
  // The same few long texts many times (the system-prompt pattern), mixed with
  // many one-off long texts that push entries out.
  std::vector<std::string> texts;
  for (int round = 0; round < 40; ++round) {
    texts.push_back(LongText(round % 3, 12000));
    texts.push_back(LongText(1000 + round, 3000));
  }
  // More one-off texts than the memo has entries, then the favourites again.
  for (int round = 0; round < 1500; ++round) texts.push_back(LongText(5000 + round, 300 + round % 7));
  for (int round = 0; round < 6; ++round) texts.push_back(LongText(round % 3, 12000));
  auto [plain, memo] = BothWays(texts);
  EXPECT_EQ(plain, memo);
}

TEST(JsonStringMemoTest, EqualSizedDifferentTextsAreNotConfused) {
  std::string a = LongText(5, 4096), b = a;
  b[b.size() / 2] = b[b.size() / 2] == 'x' ? 'y' : 'x';
  auto [plain, memo] = BothWays({a, b, a, b});
  EXPECT_EQ(plain, memo);
  EXPECT_NE(memo.find(std::string(1, b[b.size() / 2])), std::string::npos);
}

// One value written through the shared-string memo, as JSON text.
std::string SharedWay(const std::shared_ptr<const std::string>& text) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartArray();
  WriteSharedStringMemo(w, text);
  w.EndArray();
  EXPECT_TRUE(w.IsComplete());
  return buf.GetString();
}

std::string PlainWay(const std::string& text) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartArray();
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  w.EndArray();
  return buf.GetString();
}

TEST(JsonStringMemoTest, SharedStringsMatchRapidJsonEveryTime) {
  auto prompt = std::make_shared<const std::string>(LongText(7, 10000));
  auto small = std::make_shared<const std::string>("short \"quoted\"");
  auto huge = std::make_shared<const std::string>(LongText(8, 70000));  // above the shared memo's bound
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(SharedWay(prompt), PlainWay(*prompt));
    EXPECT_EQ(SharedWay(small), PlainWay(*small));
    EXPECT_EQ(SharedWay(huge), PlainWay(*huge));
  }
  EXPECT_EQ(SharedWay(nullptr), "[\"\"]");
}

// Identity, not content, finds an entry: a string that dies and a new one
// with other text (perhaps at the same address) must never be confused, and
// two strings with equal text each get their own right answer.
TEST(JsonStringMemoTest, SharedStringsAreKnownByOwnerNeverByAddress) {
  for (int round = 0; round < 200; ++round) {
    auto text = std::make_shared<const std::string>(LongText(round, 1000 + round % 5));
    ASSERT_EQ(SharedWay(text), PlainWay(*text)) << round;
    ASSERT_EQ(SharedWay(text), PlainWay(*text)) << round;
  }  // each dies before the next is made: the allocator may reuse its address
  auto a = std::make_shared<const std::string>(LongText(1, 3000));
  auto b = std::make_shared<const std::string>(*a);
  EXPECT_EQ(SharedWay(a), SharedWay(b));
  EXPECT_EQ(SharedWay(b), PlainWay(*a));
}

// More live shared strings than the memo holds, written round after round:
// entries are evicted and refilled within their sets, and every output is
// still RapidJSON's.
TEST(JsonStringMemoTest, ManyLiveSharedStringsEvictAndStayRight) {
  std::vector<std::shared_ptr<const std::string>> live;
  for (int i = 0; i < 300; ++i) live.push_back(std::make_shared<const std::string>(LongText(i, 300 + i)));
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < live.size(); ++i) {
      ASSERT_EQ(SharedWay(live[i]), PlainWay(*live[i])) << "round " << round << ", string " << i;
    }
    live[static_cast<size_t>(round) * 7].reset();  // a dead one among them
    live[static_cast<size_t>(round) * 7] = std::make_shared<const std::string>(LongText(1000 + round, 900));
  }
}

// The memo never keeps a text alive.
TEST(JsonStringMemoTest, SharedMemoHoldsNoStrongReference) {
  auto text = std::make_shared<const std::string>(LongText(3, 5000));
  std::weak_ptr<const std::string> weak = text;
  SharedWay(text);
  EXPECT_EQ(text.use_count(), 1);
  text.reset();
  EXPECT_TRUE(weak.expired());
}

TEST(JsonStringMemoTest, WriteRawMatchesRawValue) {
  const std::string object = R"({"a":[1,2,{"b":"c"}]})";
  rapidjson::StringBuffer plain_buf, fast_buf;
  Writer plain(plain_buf), fast(fast_buf);
  for (Writer* w : {&plain, &fast}) {
    w->StartObject();
    w->Key("first");
  }
  plain.RawValue(object.data(), object.size(), rapidjson::kObjectType);
  WriteRaw(fast, object, rapidjson::kObjectType);
  for (Writer* w : {&plain, &fast}) w->Key("second");
  plain.RawValue(object.data(), object.size(), rapidjson::kObjectType);
  WriteRaw(fast, object, rapidjson::kObjectType);
  for (Writer* w : {&plain, &fast}) w->EndObject();
  EXPECT_TRUE(fast.IsComplete());
  EXPECT_EQ(std::string(plain_buf.GetString()), std::string(fast_buf.GetString()));
  EXPECT_EQ(std::string(fast_buf.GetString()), R"({"first":)" + object + R"(,"second":)" + object + "}");
}

}  // namespace
}  // namespace crm::json
