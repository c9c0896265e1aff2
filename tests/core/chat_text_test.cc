#include "core/chat_text.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>

#include "core/chat.h"

namespace crm::chat {
namespace {

TEST(ChatText, OwnedTextReadsAsAString) {
  Text t = std::string("hello");
  EXPECT_FALSE(t.shared());
  EXPECT_EQ(t, "hello");
  EXPECT_EQ(t.size(), 5u);
  EXPECT_FALSE(t.empty());
  EXPECT_TRUE(Text().empty());
  const std::string& as_string = t;
  EXPECT_EQ(as_string, std::string("hello"));
  std::ostringstream out;
  out << t;
  EXPECT_EQ(out.str(), "hello");
  EXPECT_EQ(t + " world", "hello world");
}

TEST(ChatText, CopiesOfASharedTextReadTheSameString) {
  auto prompt = std::make_shared<const std::string>(std::string(10000, 'p'));
  Message a, b;
  a.content = Text(prompt);
  b = a;
  EXPECT_TRUE(b.content.shared());
  EXPECT_EQ(a.content.data(), prompt->data());  // no copy of the text
  EXPECT_EQ(b.content.data(), prompt->data());
  EXPECT_EQ(prompt.use_count(), 3);
}

TEST(ChatText, WritingToASharedTextNeverChangesTheSharedString) {
  auto prompt = std::make_shared<const std::string>("system prompt");
  Text a(prompt);
  Text b(prompt);
  a += "\n\nthe query";
  EXPECT_FALSE(a.shared());
  EXPECT_EQ(a, "system prompt\n\nthe query");
  EXPECT_EQ(b, "system prompt");
  EXPECT_EQ(*prompt, "system prompt");
  b.mutable_str().resize(6);
  EXPECT_EQ(b, "system");
  EXPECT_EQ(*prompt, "system prompt");
  EXPECT_EQ(prompt.use_count(), 1);  // both let go of it
}

TEST(ChatText, NullSharedStringReadsAsEmpty) {
  Text t{std::shared_ptr<const std::string>()};
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t, "");
  EXPECT_FALSE(t.shared());
}

}  // namespace
}  // namespace crm::chat
