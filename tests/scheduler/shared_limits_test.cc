// Shared limits against a private redis-server: the aggregate rate of
// several limiters (own threads, own connections) stays at the one limit;
// a 429, a learned limit and a breaker trip seen by one reach the others;
// concurrency leases of a dead holder expire; tokens are reserved and
// corrected; losing Redis falls back to a static share and rejoins.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/steady_clock.h"
#include "io/redis/redis_client.h"
#include "scheduler/limits/endpoint_limiter.h"
#include "scheduler/limits/shared_limit_store.h"
#include "scheduler/limits/shared_limiter.h"
#include "scheduler/limits/shared_limits_service.h"
#include "tests/redis_server.h"

namespace crm::sched {
namespace {

// One process's view: its own connection, store and limiter.
struct Peer {
  std::unique_ptr<io::RedisClient> client;
  std::unique_ptr<RedisLimitStore> store;
  std::unique_ptr<SharedEndpointLimiter> limiter;
  std::vector<std::string> warnings;
  int workers = 3;
};

std::unique_ptr<Peer> MakePeer(const testing::RedisServer& redis, EndpointLimits limits, const std::string& owner,
                               double lease_ttl = 10) {
  auto peer = std::make_unique<Peer>();
  auto url = io::ParseRedisUrl(redis.url());
  EXPECT_TRUE(url.ok());
  auto client = io::RedisClient::Connect(*url);
  EXPECT_TRUE(client.ok()) << client.status().message();
  peer->client = std::move(client).value();
  peer->store = std::make_unique<RedisLimitStore>(*peer->client, "test");
  SharedLimiterOptions o;
  o.endpoint = "model-a";
  o.limits = limits;
  o.owner = owner;
  o.lease_ttl = lease_ttl;
  o.breaker_open_seconds = 2;
  o.probe_interval = 0.2;
  Peer* p = peer.get();
  peer->limiter = std::make_unique<SharedEndpointLimiter>(
      o, *peer->store, [p] { return p->workers; }, [p](const std::string& w) { p->warnings.push_back(w); });
  return peer;
}

// Admits as fast as the limiter allows for `seconds`, finishing each
// request at once. `try_send` returns the wait: 0 when it sent one.
template <typename TrySend>
int64_t Hammer(double seconds, TrySend try_send) {
  int64_t sent = 0;
  const double until = SteadySeconds() + seconds;
  while (SteadySeconds() < until) {
    const double wait = try_send();
    if (wait <= 0) {
      ++sent;
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(std::min(wait, 0.05) * 1e6) + 100));
    }
  }
  return sent;
}

int64_t Hammer(SharedEndpointLimiter& limiter, double seconds) {
  return Hammer(seconds, [&limiter] {
    auto a = limiter.Admit(SteadySeconds(), 10);
    if (a.admitted) limiter.OnSuccess(SteadySeconds(), a.ticket, 10, 10, {});
    return a.admitted ? 0.0 : std::max(a.wait, 1e-6);
  });
}

int64_t HammerLocal(EndpointLimiter& limiter, double seconds) {
  return Hammer(seconds, [&limiter] {
    auto a = limiter.Admit(SteadySeconds(), 10);
    if (a.admitted) limiter.OnSuccess(SteadySeconds(), 10, 10, {});
    return a.admitted ? 0.0 : std::max(a.wait, 1e-6);
  });
}

TEST(SharedLimits, ThreePeersShareOneRequestLimit) {
  CRM_START_REDIS_OR_SKIP(redis);
  const double rpm = 1200;  // 20 per second for everyone together
  const double seconds = 3;
  std::vector<std::unique_ptr<Peer>> peers;
  for (int i = 0; i < 3; ++i) peers.push_back(MakePeer(redis, {rpm, 0, 64}, "p" + std::to_string(i)));
  std::atomic<int64_t> shared_total{0};
  std::vector<std::thread> threads;
  for (auto& p : peers) threads.emplace_back([&, lim = p->limiter.get()] { shared_total += Hammer(*lim, seconds); });
  for (auto& t : threads) t.join();
  // Without the shared limiter: three per-process limiters, each with the whole limit.
  std::atomic<int64_t> alone_total{0};
  threads.clear();
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      EndpointLimiter own({rpm, 0, 64}, SteadySeconds());
      alone_total += HammerLocal(own, seconds);
    });
  }
  for (auto& t : threads) t.join();
  const double limit = rpm * kLimitSafetyFactor / 60 * seconds;  // 58.8
  const double burst = rpm / 60;                                   // one second's burst
  std::printf("aggregate over %.0f s: shared %lld (limit %.1f + burst %.0f), three alone %lld\n", seconds,
              static_cast<long long>(shared_total.load()), limit, burst, static_cast<long long>(alone_total.load()));
  EXPECT_LE(shared_total.load(), limit + burst + 3);
  EXPECT_GE(shared_total.load(), 0.9 * limit);
  EXPECT_GE(alone_total.load(), 2.5 * limit);  // what the shared limiter prevents
  for (auto& p : peers) EXPECT_TRUE(p->warnings.empty());
}

TEST(SharedLimits, A429SeenByOnePausesTheOthers) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto a = MakePeer(redis, {6000, 0, 64}, "a");
  auto b = MakePeer(redis, {6000, 0, 64}, "b");
  auto first = a->limiter->Admit(SteadySeconds(), 10);
  ASSERT_TRUE(first.admitted);
  CallError e;
  e.code = CallErrorCode::kRateLimited;
  e.limits.retry_after_seconds = 1.5;
  a->limiter->OnFailure(SteadySeconds(), first.ticket, 10, e);
  auto other = b->limiter->Admit(SteadySeconds(), 10);
  EXPECT_FALSE(other.admitted);
  EXPECT_GT(other.wait, 1.2);
  EXPECT_LE(other.wait, 1.5);
  std::this_thread::sleep_for(std::chrono::milliseconds(1600));
  EXPECT_TRUE(b->limiter->Admit(SteadySeconds(), 10).admitted);
}

TEST(SharedLimits, ALearnedLimitAndABreakerTripReachTheOthers) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto a = MakePeer(redis, {0, 0, 64}, "a");  // no configured limit
  auto b = MakePeer(redis, {0, 0, 64}, "b");
  auto first = a->limiter->Admit(SteadySeconds(), 10);
  ASSERT_TRUE(first.admitted);
  RateLimitInfo info;
  info.requests_limit = 30;  // the provider says 30 RPM: one every 2 s, after a burst of one
  a->limiter->OnSuccess(SteadySeconds(), first.ticket, 10, 10, info);
  EXPECT_TRUE(b->limiter->Admit(SteadySeconds(), 10).admitted);
  auto next = b->limiter->Admit(SteadySeconds(), 10);
  EXPECT_FALSE(next.admitted);
  EXPECT_GT(next.wait, 1.0);
  // (b itself would sleep the wait it was told; a third process asks at once.)
  auto c = MakePeer(redis, {0, 0, 64}, "c");
  a->limiter->OnBreakerTrip(SteadySeconds());
  auto tripped = c->limiter->Admit(SteadySeconds(), 10);
  EXPECT_TRUE(tripped.breaker_open);
  EXPECT_FALSE(tripped.admitted);
}

TEST(SharedLimits, ConcurrencyLeasesOfADeadHolderExpire) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto holder = MakePeer(redis, {0, 0, 2}, "holder", /*lease_ttl=*/1);
  auto other = MakePeer(redis, {0, 0, 2}, "other", 1);
  ASSERT_TRUE(holder->limiter->Admit(SteadySeconds(), 1).admitted);
  ASSERT_TRUE(holder->limiter->Admit(SteadySeconds(), 1).admitted);
  EXPECT_FALSE(holder->limiter->Admit(SteadySeconds(), 1).admitted);  // the cap is 2 for everyone
  // A live holder renews its leases: they outlast their TTL.
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    holder->limiter->RenewLeases();
  }
  EXPECT_FALSE(other->limiter->Admit(SteadySeconds(), 1).admitted);
  // The holder dies (no finish, no renewal): its slots come back after the TTL.
  holder.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_TRUE(other->limiter->Admit(SteadySeconds(), 1).admitted);
  EXPECT_TRUE(other->limiter->Admit(SteadySeconds(), 1).admitted);
}

TEST(SharedLimits, TokensAreReservedThenCorrected) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto a = MakePeer(redis, {0, 6000, 64}, "a");  // ~98 tokens per second, one second of burst
  auto b = MakePeer(redis, {0, 6000, 64}, "b");
  auto first = a->limiter->Admit(SteadySeconds(), 90);
  ASSERT_TRUE(first.admitted);
  auto blocked = b->limiter->Admit(SteadySeconds(), 90);
  EXPECT_FALSE(blocked.admitted);  // the estimate is reserved for everyone
  EXPECT_GT(blocked.wait, 0.5);
  a->limiter->OnSuccess(SteadySeconds(), first.ticket, 90, 5, {});  // the call used 5
  // b sleeps what it was told; a third process sees the correction at once.
  auto c = MakePeer(redis, {0, 6000, 64}, "c");
  EXPECT_TRUE(c->limiter->Admit(SteadySeconds(), 80).admitted);
}

TEST(SharedLimits, LosingRedisFallsBackToAStaticShareAndRejoins) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto a = MakePeer(redis, {1200, 0, 64}, "a");
  a->workers = 4;
  EXPECT_GT(Hammer(*a->limiter, 0.5), 0);
  EXPECT_FALSE(a->limiter->fallen_back());
  redis.Kill();
  // 1200/4 = 300 RPM: 5 per second, one of burst on a fresh bucket.
  const int64_t during = Hammer(*a->limiter, 2);
  EXPECT_TRUE(a->limiter->fallen_back());
  ASSERT_EQ(a->warnings.size(), 1u);
  EXPECT_NE(a->warnings[0].find("static 1/4 share"), std::string::npos) << a->warnings[0];
  EXPECT_LE(during, 5 * 0.98 * 2 + 5 + 1);
  EXPECT_GE(during, 7);
  ASSERT_TRUE(redis.Start());
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // past the client's reconnect interval
  Hammer(*a->limiter, 0.5);
  EXPECT_FALSE(a->limiter->fallen_back());
  ASSERT_EQ(a->warnings.size(), 2u);
  EXPECT_NE(a->warnings[1].find("rejoined"), std::string::npos);
}

// A store that answers what the test says and counts the round trips.
struct ScriptedStore : SharedLimitStore {
  SharedAdmitReply reply;
  int admits = 0, finishes = 0;
  Result<SharedAdmitReply> Admit(const std::string&, const SharedAdmitArgs&) override {
    ++admits;
    return reply;
  }
  Status Finish(const std::string&, const SharedFinishArgs&) override {
    ++finishes;
    return Status::Ok();
  }
  Status RenewLeases(const std::string&, const std::vector<std::string>&, double) override { return Status::Ok(); }
};

TEST(SharedLimits, RefusalsAreAnsweredLocallyUntilTheirTime) {
  ScriptedStore store;
  SharedLimiterOptions o;
  o.endpoint = "m";
  o.limits = {600, 0, 4};
  SharedEndpointLimiter limiter(o, store, [] { return 1; }, [](const std::string&) {});
  store.reply = {SharedAdmitReply::Kind::kWait, 0.2};
  auto first = limiter.Admit(100.0, 1);
  EXPECT_FALSE(first.admitted);
  EXPECT_DOUBLE_EQ(first.wait, 0.2);
  for (int i = 0; i < 50; ++i) {  // fifty waiting requests ask again before the time: no round trip
    auto again = limiter.Admit(100.1, 1);
    EXPECT_FALSE(again.admitted);
    EXPECT_NEAR(again.wait, 0.1, 1e-9);
  }
  EXPECT_EQ(store.admits, 1);
  store.reply = {SharedAdmitReply::Kind::kAdmitted, 0};
  auto sent = limiter.Admit(100.2, 1);
  EXPECT_TRUE(sent.admitted);
  EXPECT_EQ(store.admits, 2);
  store.reply = {SharedAdmitReply::Kind::kWait, 5};  // e.g. the concurrency cap
  EXPECT_FALSE(limiter.Admit(100.3, 1).admitted);
  EXPECT_FALSE(limiter.Admit(100.4, 1).admitted);
  EXPECT_EQ(store.admits, 3);
  limiter.OnSuccess(100.5, sent.ticket, 1, 1, {});  // our slot came free: ask the store again
  EXPECT_EQ(store.finishes, 1);
  EXPECT_FALSE(limiter.Admit(100.6, 1).admitted);
  EXPECT_EQ(store.admits, 4);
  EXPECT_EQ(limiter.store_admissions(), 4);
}

TEST(SharedLimits, UnreachableRedisAtStartIsAClearErrorWithoutThePassword) {
  const int port = testing::FreeLoopbackPort();  // nothing listens there
  auto url = io::ParseRedisUrl("redis://:hunter2@127.0.0.1:" + std::to_string(port) + "/0");
  ASSERT_TRUE(url.ok());
  SharedLimitsOptions o;
  o.url = *url;
  auto service = SharedLimitsService::Start(o);
  ASSERT_FALSE(service.ok());
  const std::string m = service.status().message();
  EXPECT_NE(m.find("cannot reach Redis at redis://:***@127.0.0.1:" + std::to_string(port)), std::string::npos) << m;
  EXPECT_EQ(m.find("hunter2"), std::string::npos) << m;
}

TEST(SharedLimits, RedisUrls) {
  auto ok = io::ParseRedisUrl("redis://user:s3cret@cache.internal:6380/2");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->host, "cache.internal");
  EXPECT_EQ(ok->port, 6380);
  EXPECT_EQ(ok->db, 2);
  EXPECT_EQ(ok->username, "user");
  EXPECT_EQ(ok->password, "s3cret");
  EXPECT_EQ(ok->Redacted(), "redis://user:***@cache.internal:6380/2");
  auto plain = io::ParseRedisUrl("redis://localhost");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->port, 6379);
  EXPECT_EQ(plain->db, 0);
  for (const char* bad : {"http://x:1/0", "redis://:s3cret@host:99999/0", "redis://:s3cret@host:1/x", "redis://"}) {
    auto r = io::ParseRedisUrl(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().find("s3cret"), std::string::npos) << r.status().message();
    }
  }
}

TEST(SharedLimits, TheServiceAdmitsOnItsThreadAndCountsLiveWorkers) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto url = io::ParseRedisUrl(redis.url());
  SharedLimitsOptions o;
  o.url = *url;
  o.heartbeat_seconds = 0.1;
  auto one = SharedLimitsService::Start(o);
  ASSERT_TRUE(one.ok()) << one.status().message();
  auto two = SharedLimitsService::Start(o);
  ASSERT_TRUE(two.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ((*one)->workers(), 2);
  SharedEndpointLimiter* limiter = (*one)->AddEndpoint("m", {600, 0, 4});
  std::mutex mu;
  std::condition_variable cv;
  bool done = false, admitted = false;
  (*one)->Post([&] {
    auto a = limiter->Admit(SteadySeconds(), 1);
    std::lock_guard<std::mutex> lock(mu);
    admitted = a.admitted;
    done = true;
    cv.notify_all();
  });
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return done; }));
  EXPECT_TRUE(admitted);
  two->reset();
  lock.unlock();
  std::this_thread::sleep_for(std::chrono::milliseconds(1600));  // the departed worker's heartbeat (3 beats + 1 s) expires
  EXPECT_EQ((*one)->workers(), 1);
}

}  // namespace
}  // namespace crm::sched
