#include "io/jsonl/jsonl.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "tests/io/test_util.h"

namespace crm::io {
namespace {

// A temp directory removed when the test ends.
class TempDir {
 public:
  TempDir() : path_(testing::MakeTempDir()) {}
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

TEST(Jsonl, AppendsWholeLinesAndReadsThemBack) {
  TempDir dir;
  std::string path = dir.File("results.jsonl");
  {
    JsonlWriterOptions options;
    options.sync_every = 2;
    auto writer = JsonlWriter::Open(path, options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(writer->Append(R"({"i":)" + std::to_string(i) + "}").ok());
    EXPECT_EQ(writer->lines_written(), 5);
    EXPECT_FALSE(writer->Append("a\nb").ok());
    ASSERT_TRUE(writer->Close().ok());
  }
  auto writer = JsonlWriter::Open(path);  // appends after existing lines
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Append(R"({"i":5})").ok());
  ASSERT_TRUE(writer->Close().ok());
  auto contents = ReadJsonl(path);
  ASSERT_TRUE(contents.ok());
  ASSERT_EQ(contents->lines.size(), 6u);
  EXPECT_EQ(contents->lines[5], R"({"i":5})");
  EXPECT_FALSE(contents->torn_line);
}

TEST(Jsonl, LongLinesAndTimedGroupCommitKeepEveryLineWhole) {
  TempDir dir;
  std::string path = dir.File("long.jsonl");
  JsonlWriterOptions options;
  options.sync_every = 0;
  options.sync_interval_seconds = 1e-9;  // every append is past the interval: fsync each time
  auto writer = JsonlWriter::Open(path, options);
  ASSERT_TRUE(writer.ok());
  const std::string big = "{\"text\":\"" + std::string(3 << 20, 'x') + "\"}";  // 3 MiB: may be written short
  ASSERT_TRUE(writer->Append(big).ok());
  ASSERT_TRUE(writer->Append("{}").ok());
  EXPECT_EQ(writer->size(), big.size() + 1 + 3);
  ASSERT_TRUE(writer->Close().ok());
  auto contents = ReadJsonl(path);
  ASSERT_TRUE(contents.ok());
  ASSERT_EQ(contents->lines.size(), 2u);
  EXPECT_EQ(contents->lines[0], big);
  EXPECT_EQ(contents->lines[1], "{}");
  EXPECT_EQ(std::filesystem::file_size(path), big.size() + 1 + 3);
}

TEST(Jsonl, TornLastLineIsReportedAndCanBeCut) {
  TempDir dir;
  std::string path = dir.File("torn.jsonl");
  testing::WriteFile(path, "{\"a\":1}\n{\"b\":2}\n{\"c\":");
  auto contents = ReadJsonl(path);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(contents->lines.size(), 2u);
  ASSERT_TRUE(contents->torn_line);
  EXPECT_EQ(*contents->torn_line, "{\"c\":");
  EXPECT_EQ(contents->good_bytes, 16u);
  ASSERT_TRUE(TruncateTo(path, contents->good_bytes).ok());
  auto writer = JsonlWriter::Open(path);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Append("{\"c\":3}").ok());
  ASSERT_TRUE(writer->Close().ok());
  auto again = ReadJsonl(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->lines.size(), 3u);
  EXPECT_FALSE(again->torn_line);
  EXPECT_EQ(ReadJsonl(path + ".missing").status().code(), StatusCode::kNotFound);
}

// Under RLIMIT_FSIZE the write fails with EFBIG: a clean error, and the file
// keeps only whole lines. Runs in a child so the limit stays there.
TEST(Jsonl, FileSizeLimitGivesACleanError) {
  TempDir dir;
  std::string path = dir.File("limited.jsonl");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{100, 100};
    setrlimit(RLIMIT_FSIZE, &limit);
    auto writer = JsonlWriter::Open(path);
    if (!writer.ok()) _exit(10);
    std::string line(30, 'x');
    int written = 0;
    Status status;
    while ((status = writer->Append(line)).ok()) ++written;
    bool clean = status.code() == StatusCode::kIoError &&
                 status.message().find("file size limit exceeded") != std::string::npos;
    _exit(clean && written == 3 ? 0 : 20 + written);
  }
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  ASSERT_TRUE(WIFEXITED(wstatus)) << "child killed by signal " << WTERMSIG(wstatus);
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  auto contents = ReadJsonl(path);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(contents->lines.size(), 3u);  // 3 x 31 bytes fit in 100; the 4th was rolled back
  EXPECT_FALSE(contents->torn_line);
}

}  // namespace
}  // namespace crm::io
