#include "scheduler/limits/shared_limiter.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace crm::sched {

EndpointLimits StaticShare(const EndpointLimits& limits, int workers) {
  const int n = std::max(1, workers);
  EndpointLimits share = limits;
  share.rpm = limits.rpm / n;
  share.tpm = limits.tpm / n;
  share.max_concurrency = std::max(1, (limits.max_concurrency + n - 1) / n);
  return share;
}

SharedEndpointLimiter::SharedEndpointLimiter(SharedLimiterOptions options, SharedLimitStore& store,
                                             std::function<int()> workers, std::function<void(const std::string&)> warn)
    : options_(std::move(options)), store_(store), workers_(std::move(workers)), warn_(std::move(warn)) {}

void SharedEndpointLimiter::FallBack(double now, const Status& why) {
  next_probe_ = now + options_.probe_interval;
  if (!shared_) return;
  shared_ = false;
  ++fallbacks_;
  const int n = std::max(1, workers_());
  const EndpointLimits share = StaticShare(options_.limits, n);
  fallback_ = std::make_unique<EndpointLimiter>(share, now);
  char buf[256];
  std::snprintf(buf, sizeof buf, "shared limits unavailable for %s: falling back to a static 1/%d share (%.0f RPM, "
                "%.0f TPM, %d in flight) until the store answers again: ", options_.endpoint.c_str(), n, share.rpm,
                share.tpm, share.max_concurrency);
  warn_(buf + why.message());
}

SharedEndpointLimiter::Admission SharedEndpointLimiter::Admit(double now, double tokens) {
  Admission out;
  if (shared_ && now < refused_until_) {
    out.wait = refused_until_ - now;  // the store said so a moment ago
    return out;
  }
  if (shared_ || now >= next_probe_) {
    SharedAdmitArgs args;
    args.rpm = rpm();
    args.tpm = tpm();
    args.tokens = tokens;
    args.max_concurrency = options_.limits.max_concurrency;
    args.lease = options_.owner + ":" + std::to_string(next_lease_++);
    args.lease_ttl = options_.lease_ttl;
    ++store_admissions_;
    auto reply = store_.Admit(options_.endpoint, args);
    if (reply.ok()) {
      if (!shared_) {
        shared_ = true;
        warn_("shared limits for " + options_.endpoint + " are back: rejoined the shared budget");
      }
      out.wait = reply->wait;
      out.breaker_open = reply->kind == SharedAdmitReply::Kind::kBreakerOpen;
      out.admitted = reply->kind == SharedAdmitReply::Kind::kAdmitted;
      if (out.admitted) {
        out.ticket = Ticket{true, args.lease};
        held_.insert(args.lease);
      } else if (reply->kind == SharedAdmitReply::Kind::kWait) {
        refused_until_ = now + out.wait;
      }
      return out;
    }
    FallBack(now, reply.status());
  }
  auto local = fallback_->Admit(now, tokens);
  out.admitted = local.admitted;
  out.wait = local.admitted ? 0 : std::min(local.wait, std::max(0.001, next_probe_ - now));
  return out;
}

SharedFinishArgs SharedEndpointLimiter::BaseFinish(const Ticket& ticket) const {
  SharedFinishArgs args;
  args.lease = ticket.lease;
  args.rpm = rpm();
  args.tpm = tpm();
  return args;
}

void SharedEndpointLimiter::Finish(double now, const Ticket& ticket, SharedFinishArgs args) {
  held_.erase(ticket.lease);
  // A slot of ours came free, or a 429's pause was set: ask the store next time.
  refused_until_ = 0;
  if (!shared_) return;  // the lease expires by itself; the store is not answering
  Status s = store_.Finish(options_.endpoint, args);
  if (!s.ok()) FallBack(now, s);
}

namespace {

void AddLearned(const RateLimitInfo& info, SharedFinishArgs& args) {
  if (info.requests_limit && *info.requests_limit > 0) {
    args.learned_rpm = static_cast<double>(*info.requests_limit) * kLimitSafetyFactor;
  }
  if (info.tokens_limit && *info.tokens_limit > 0) {
    args.learned_tpm = static_cast<double>(*info.tokens_limit) * kLimitSafetyFactor;
  }
  if (info.requests_remaining && *info.requests_remaining <= 0 && info.requests_reset_seconds) {
    args.requests_drain = *info.requests_reset_seconds;
  }
  if (info.tokens_remaining && *info.tokens_remaining <= 0 && info.tokens_reset_seconds) {
    args.tokens_drain = *info.tokens_reset_seconds;
  }
}

}  // namespace

void SharedEndpointLimiter::OnSuccess(double now, const Ticket& ticket, double estimated_tokens, double actual_tokens,
                                      const RateLimitInfo& info) {
  if (!ticket.shared) {
    if (fallback_) fallback_->OnSuccess(now, estimated_tokens, actual_tokens, info);
    return;
  }
  SharedFinishArgs args = BaseFinish(ticket);
  args.token_refund = estimated_tokens - actual_tokens;
  AddLearned(info, args);
  Finish(now, ticket, args);
}

void SharedEndpointLimiter::OnFailure(double now, const Ticket& ticket, double estimated_tokens,
                                      const CallError& error) {
  if (!ticket.shared) {
    if (fallback_) fallback_->OnFailure(now, estimated_tokens, error);
    return;
  }
  SharedFinishArgs args = BaseFinish(ticket);
  args.token_refund = estimated_tokens;  // a failed request used (almost) nothing
  AddLearned(error.limits, args);
  if (error.code == CallErrorCode::kRateLimited || error.code == CallErrorCode::kOverloaded) {
    // The same pause as the per-process limiter's, for every process.
    double pause = 1.0;
    if (error.limits.retry_after_seconds) {
      pause = *error.limits.retry_after_seconds;
    } else if (error.limits.requests_reset_seconds || error.limits.tokens_reset_seconds) {
      pause = std::max(error.limits.requests_reset_seconds.value_or(0), error.limits.tokens_reset_seconds.value_or(0));
    }
    args.pause = std::clamp(pause, 0.05, 120.0);
  }
  Finish(now, ticket, args);
}

void SharedEndpointLimiter::OnBreakerTrip(double now) {
  if (!shared_) return;
  SharedFinishArgs args = BaseFinish(Ticket{});
  args.trip = options_.breaker_open_seconds;
  Status s = store_.Finish(options_.endpoint, args);
  if (!s.ok()) FallBack(now, s);
}

void SharedEndpointLimiter::RenewLeases() {
  if (!shared_ || held_.empty()) return;
  (void)store_.RenewLeases(options_.endpoint, std::vector<std::string>(held_.begin(), held_.end()),
                           options_.lease_ttl);  // a failure shows at the next admission
}

}  // namespace crm::sched
