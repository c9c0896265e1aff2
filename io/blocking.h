// io/blocking.h — internal: runs an awaitable on a runtime and waits for its
// value on the calling thread. REQUIRES: the caller is not a runtime thread
// (it would wait for itself). The awaitable must not throw.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <future>

#include "io/runtime.h"

namespace crm::io::internal {

template <typename T>
T RunBlocking(IoRuntime& runtime, boost::asio::awaitable<T> work) {
  std::promise<T> promise;
  std::future<T> future = promise.get_future();
  auto wrapper = [](boost::asio::awaitable<T> w, std::promise<T>& p) -> boost::asio::awaitable<void> {
    p.set_value(co_await std::move(w));
  };
  boost::asio::co_spawn(runtime.context(), wrapper(std::move(work), promise), boost::asio::detached);
  return future.get();
}

}  // namespace crm::io::internal
