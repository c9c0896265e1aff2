#include "io/jsonl/jsonl.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/steady_clock.h"

namespace crm::io {
namespace {

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string reason = err == ENOSPC ? "no space left on device"
                       : err == EFBIG ? "file size limit exceeded"
                                      : std::strerror(err);
  return Status::IoError(what + " " + path + ": " + reason);
}

}  // namespace

JsonlWriter::JsonlWriter(int fd, std::string path, JsonlWriterOptions options, uint64_t size)
    : fd_(fd), path_(std::move(path)), options_(options), size_(size), last_sync_(SteadySeconds()) {}

JsonlWriter::JsonlWriter(JsonlWriter&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), options_(other.options_), size_(other.size_),
      lines_(other.lines_), unsynced_(other.unsynced_), last_sync_(other.last_sync_) {
  other.fd_ = -1;
}

JsonlWriter& JsonlWriter::operator=(JsonlWriter&& other) noexcept {
  if (this != &other) {
    (void)Close();
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    options_ = other.options_;
    size_ = other.size_;
    lines_ = other.lines_;
    unsynced_ = other.unsynced_;
    last_sync_ = other.last_sync_;
    other.fd_ = -1;
  }
  return *this;
}

JsonlWriter::~JsonlWriter() { (void)Close(); }

Result<JsonlWriter> JsonlWriter::Open(const std::string& path, JsonlWriterOptions options) {
  int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (options.truncate ? O_TRUNC : 0);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return ErrnoStatus("cannot open", path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("cannot stat", path, err);
  }
  return JsonlWriter(fd, path, options, static_cast<uint64_t>(st.st_size));
}

Status JsonlWriter::Append(std::string_view line) {
  if (fd_ < 0) return Status::Internal("append to a closed JSONL writer");
  if (line.find('\n') != std::string_view::npos) return Status::InvalidArgument("JSONL line holds a newline");
  // The line and its newline go down in one writev(2): no copy of a line that
  // may be tens of kilobytes.
  char newline = '\n';
  const size_t total = line.size() + 1;
  size_t done = 0;
  while (done < total) {  // one call unless the kernel writes short
    iovec rest[2];
    int count = 0;
    if (done < line.size()) rest[count++] = {const_cast<char*>(line.data()) + done, line.size() - done};
    rest[count++] = {&newline, 1};
    ssize_t n = ::writev(fd_, rest, count);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      if (done > 0 && ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
        return ErrnoStatus("partial line left in", path_, errno);
      }
      return ErrnoStatus("cannot append to", path_, err);
    }
    done += static_cast<size_t>(n);
  }
  size_ += total;
  ++lines_;
  ++unsynced_;
  const bool count_due = options_.sync_every > 0 && unsynced_ >= options_.sync_every;
  const bool time_due =
      options_.sync_interval_seconds > 0 && SteadySeconds() - last_sync_ >= options_.sync_interval_seconds;
  if (count_due || time_due) return Sync();
  return Status::Ok();
}

Status JsonlWriter::Sync() {
  if (fd_ < 0 || unsynced_ == 0) return Status::Ok();
  if (::fsync(fd_) != 0) return ErrnoStatus("cannot fsync", path_, errno);
  unsynced_ = 0;
  last_sync_ = SteadySeconds();
  return Status::Ok();
}

Status JsonlWriter::Close() {
  if (fd_ < 0) return Status::Ok();
  Status synced = Sync();
  int rc = ::close(fd_);
  fd_ = -1;
  if (!synced.ok()) return synced;
  if (rc != 0) return ErrnoStatus("cannot close", path_, errno);
  return Status::Ok();
}

Result<JsonlContents> ReadJsonl(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  JsonlContents out;
  size_t start = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    if (nl > start) out.lines.emplace_back(text, start, nl - start);
    start = nl + 1;
  }
  out.good_bytes = start;
  if (start < text.size()) out.torn_line = text.substr(start);
  return out;
}

Status TruncateTo(const std::string& path, uint64_t size) {
  if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) return ErrnoStatus("cannot truncate", path, errno);
  return Status::Ok();
}

}  // namespace crm::io
