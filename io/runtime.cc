#include "io/runtime.h"

#include <algorithm>

#include <boost/asio/strand.hpp>

namespace crm::io {

IoRuntime::IoRuntime(int threads) : thread_count_(std::max(threads, 1)), context_(thread_count_) {
  work_guard_.emplace(context_.get_executor());
  for (int i = 0; i < thread_count_; ++i) {
    threads_.emplace_back([this] { context_.run(); });
  }
}

IoRuntime::~IoRuntime() { Stop(); }

boost::asio::any_io_executor IoRuntime::SerialExecutor() {
  if (thread_count_ == 1) return context_.get_executor();
  return boost::asio::make_strand(context_);
}

bool IoRuntime::InRuntimeThread() const {
  auto self = std::this_thread::get_id();
  return std::any_of(threads_.begin(), threads_.end(),
                     [&](const std::thread& t) { return t.get_id() == self; });
}

void IoRuntime::Stop() {
  work_guard_.reset();
  context_.stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace crm::io
