#include "io/http/deadline_watch.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>

namespace crm::io::internal {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Probe : Watched {
  int fired = 0;
  Clock::time_point fired_at{};
  void OnDeadline() override {
    ++fired;
    fired_at = Clock::now();
  }
};

class DeadlineWatchTest : public ::testing::Test {
 protected:
  boost::asio::io_context context;
  std::shared_ptr<DeadlineWatch> watch = std::make_shared<DeadlineWatch>(context.get_executor());
};

TEST_F(DeadlineWatchTest, ExpiresTheOverdueAndOnlyThem) {
  Probe soon, later, far;
  const Clock::time_point start = Clock::now();
  watch->Watch(far, start + 10s);
  watch->Watch(later, start + 60ms);
  watch->Watch(soon, start + 20ms);
  context.run_for(200ms);
  EXPECT_EQ(soon.fired, 1);
  EXPECT_EQ(later.fired, 1);
  EXPECT_EQ(far.fired, 0);
  EXPECT_GE(soon.fired_at, start + 20ms);
  EXPECT_GE(later.fired_at, start + 60ms);
  EXPECT_FALSE(soon.watched());
  EXPECT_TRUE(far.watched());
  EXPECT_EQ(watch->size(), 1u);
  watch->Unwatch(far);
}

TEST_F(DeadlineWatchTest, AMovedDeadlineIsKeptInsteadOfTheFirst) {
  Probe p;
  const Clock::time_point start = Clock::now();
  watch->Watch(p, start + 30ms);
  boost::asio::steady_timer extend(context, start + 10ms);
  extend.async_wait([&](const boost::system::error_code&) { watch->Watch(p, start + 250ms); });
  context.run_for(150ms);
  EXPECT_EQ(p.fired, 0);  // the first deadline passed, but it had been moved
  context.restart();
  context.run_for(300ms);
  EXPECT_EQ(p.fired, 1);
  EXPECT_GE(p.fired_at, start + 250ms);
}

TEST_F(DeadlineWatchTest, AnEarlierDeadlineWakesTheWatchSooner) {
  Probe far, near;
  const Clock::time_point start = Clock::now();
  watch->Watch(far, start + 10s);
  watch->Watch(near, start + 30ms);
  context.run_for(150ms);
  EXPECT_EQ(near.fired, 1);
  EXPECT_EQ(far.fired, 0);
  watch->Unwatch(far);
}

TEST_F(DeadlineWatchTest, UnwatchingTheLastEntryLeavesNoTimerRunning) {
  Probe a, b;
  watch->Watch(a, Clock::now() + 10s);
  watch->Watch(b, Clock::now() + 20s);
  watch->Unwatch(a);
  watch->Unwatch(b);
  watch->Unwatch(b);  // twice is harmless
  EXPECT_EQ(watch->size(), 0u);
  const Clock::time_point start = Clock::now();
  context.run();  // returns once nothing is pending
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_EQ(a.fired + b.fired, 0);
}

TEST_F(DeadlineWatchTest, EntriesStayFindableAfterOthersLeave) {
  // Unwatch swaps the last entry into the freed slot: the moved entry must
  // still be expired on time and unwatchable afterwards.
  Probe probes[5];
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < 5; ++i) watch->Watch(probes[i], start + (i == 4 ? 20ms : 10s));
  watch->Unwatch(probes[0]);  // probes[4] moves into slot 0
  watch->Unwatch(probes[2]);
  context.run_for(150ms);
  EXPECT_EQ(probes[4].fired, 1);
  EXPECT_EQ(watch->size(), 2u);
  watch->Unwatch(probes[1]);
  watch->Unwatch(probes[3]);
  EXPECT_EQ(watch->size(), 0u);
}

}  // namespace
}  // namespace crm::io::internal
