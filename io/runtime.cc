#include "io/runtime.h"

#include <algorithm>

namespace crm::io {

IoRuntime::IoRuntime(int threads) : context_(std::max(threads, 1)) {
  work_guard_.emplace(context_.get_executor());
  for (int i = 0; i < std::max(threads, 1); ++i) {
    threads_.emplace_back([this] { context_.run(); });
  }
}

IoRuntime::~IoRuntime() { Stop(); }

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
