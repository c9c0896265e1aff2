// io/runtime.h — the Asio runtime io runs on: one io_context driven by N
// threads. This is the one public io header that includes Asio; include it
// only where you need the io_context (scheduler, coroutine callers, tests).
//
// Ownership: IoRuntime owns its threads; Stop() (or the destructor) joins
// them. Objects created on it (HttpClient, servers) must be destroyed before
// it. Thread-safe: context() and Stop() may be called from any thread, but
// never destroy an IoRuntime from one of its own threads.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <thread>
#include <vector>

namespace crm::io {

class IoRuntime {
 public:
  explicit IoRuntime(int threads = 1);
  ~IoRuntime();
  IoRuntime(const IoRuntime&) = delete;
  IoRuntime& operator=(const IoRuntime&) = delete;

  boost::asio::io_context& context() { return context_; }
  int threads() const { return thread_count_; }
  // An executor that runs one component's handlers one at a time, for state
  // confined to it (a pool, an endpoint's limiter): a new strand when the
  // runtime has several threads; with one thread, the io_context's own
  // executor, since every handler already runs there one at a time and a
  // strand would only add a queue and a hop for each dispatch into it (at
  // zero latency, several microseconds per model call).
  boost::asio::any_io_executor SerialExecutor();
  // True when the calling thread is one of this runtime's threads.
  bool InRuntimeThread() const;
  // Stops the io_context and joins the threads. Idempotent.
  void Stop();

 private:
  int thread_count_;
  boost::asio::io_context context_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      work_guard_;
  std::vector<std::thread> threads_;
};

}  // namespace crm::io
