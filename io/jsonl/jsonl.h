// io/jsonl/jsonl.h — append-only JSONL files for results: a writer that puts
// each line down with a single writev(2) (a failed or partial write is rolled
// back with ftruncate, so the file never holds half a line we wrote), fsyncs
// as a group commit (every `sync_every` lines, or on the first append once
// `sync_interval_seconds` have passed since the last fsync) and on
// Sync/Close; and a reader that keeps the good lines and reports a torn last
// line (a crash mid-write by another writer).
//
// Thread safety: a JsonlWriter is used by one thread at a time (the sweep's
// serial writer node); distinct writers on distinct files are independent.
// Errors (ENOSPC, EFBIG, EIO) come back as Status values. Under RLIMIT_FSIZE
// the process must ignore SIGXFSZ to see EFBIG (the writer leaves signal
// dispositions alone).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace crm::io {

struct JsonlWriterOptions {
  int sync_every = 64;     // fsync after this many appended lines (0: no count bound)
  // fsync on an append when this long has passed since the last one (0: no
  // time bound). Lines are in the page cache as soon as Append returns, so a
  // killed process loses nothing; the bounds limit what a power cut can take.
  double sync_interval_seconds = 0;
  bool truncate = false;   // start a new file instead of appending
};

class JsonlWriter {
 public:
  static Result<JsonlWriter> Open(const std::string& path, JsonlWriterOptions options = {});
  JsonlWriter(JsonlWriter&& other) noexcept;
  JsonlWriter& operator=(JsonlWriter&& other) noexcept;
  ~JsonlWriter();  // Close(), ignoring its status

  // Appends `line` + '\n'. REQUIRES: `line` holds no '\n'. After an error the
  // file is as it was before the call; the writer stays usable.
  Status Append(std::string_view line);
  Status Sync();
  Status Close();
  uint64_t size() const { return size_; }
  int64_t lines_written() const { return lines_; }

 private:
  JsonlWriter(int fd, std::string path, JsonlWriterOptions options, uint64_t size);
  int fd_ = -1;
  std::string path_;
  JsonlWriterOptions options_;
  uint64_t size_ = 0;  // bytes of whole lines in the file
  int64_t lines_ = 0;
  int unsynced_ = 0;
  double last_sync_ = 0;  // steady-clock seconds
};

struct JsonlContents {
  std::vector<std::string> lines;  // complete lines, without '\n' (empty lines skipped)
  std::optional<std::string> torn_line;  // trailing bytes with no final '\n'
  uint64_t good_bytes = 0;  // offset just after the last complete line
};

// Reads the whole file. A missing file is NotFound.
Result<JsonlContents> ReadJsonl(const std::string& path);
// Cuts a torn tail so appends start on a line boundary (resume).
Status TruncateTo(const std::string& path, uint64_t size);

}  // namespace crm::io
