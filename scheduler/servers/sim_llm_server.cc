// SIMULATED MODEL SERVER — see the header.
#include "scheduler/servers/sim_llm_server.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/steady_clock.h"
#include "engine/gen/random.h"
#include "scheduler/servers/sim_wire.h"

namespace crm::servers {

// A continuously refilled bucket per limit, as providers run them: a full
// minute's capacity, refilled at limit/60 per second.
struct SimLlmServer::Window {
  double requests = 0, tokens = 0;
  double last = -1;
};

namespace {

std::string Duration(double seconds) {  // OpenAI style: "1s", "6m0s", "20ms"
  char buf[32];
  if (seconds < 1) {
    std::snprintf(buf, sizeof buf, "%dms", static_cast<int>(std::ceil(seconds * 1000)));
  } else if (seconds < 60) {
    std::snprintf(buf, sizeof buf, "%.0fs", std::ceil(seconds));
  } else {
    std::snprintf(buf, sizeof buf, "%dm%ds", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
  }
  return buf;
}

std::string Rfc3339In(double seconds) {
  auto t = std::chrono::system_clock::now() + std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

io::ServerResponse JsonResponse(int status, std::string body) {
  io::ServerResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

}  // namespace

SimLlmServer::SimLlmServer(std::vector<tasks::Task> tasks, sim::SimProfileSet profiles)
    : policy_(std::move(tasks)), profiles_(std::move(profiles)) {}

SimLlmServer::~SimLlmServer() { Stop(); }

Result<int> SimLlmServer::Start(io::ServerOptions options) {
  server_ = std::make_unique<io::HttpServer>(std::move(options),
                                             [this](const io::ServerRequest& r) { return Handle(r); });
  return server_->Start();
}

void SimLlmServer::Stop() {
  if (server_) server_->Stop();
}

std::string SimLlmServer::BaseUrl() const { return server_ ? server_->BaseUrl() : ""; }

SimLlmStats SimLlmServer::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

io::ServerResponse SimLlmServer::Models() const {
  std::string body = R"({"object":"list","data":[)";
  bool first = true;
  for (const sim::SimProfile& p : profiles_.all()) {
    body += (first ? "" : ",") + std::string(R"({"id":")") + p.name + R"(","object":"model","created":1700000000,)" +
            R"("owned_by":"crmarena-simulated"})";
    first = false;
  }
  return JsonResponse(200, body + "]}");
}

io::ServerResponse SimLlmServer::Handle(const io::ServerRequest& request) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.requests;
  }
  if (request.method == "GET" && (request.path == "/v1/models" || request.path == "/models")) return Models();
  if (request.method == "POST" && (request.path == "/v1/chat/completions" || request.path == "/chat/completions")) {
    return Complete(request, false);
  }
  if (request.method == "POST" && (request.path == "/v1/messages" || request.path == "/messages")) {
    return Complete(request, true);
  }
  return JsonResponse(404, OpenAiErrorJson("no route " + request.method + " " + request.path, "invalid_request_error", "not_found"));
}

bool SimLlmServer::Admit(const sim::SimProfile& p, double tokens, io::Headers& headers, double* retry_after,
                         bool anthropic) {
  if (p.rpm <= 0 && p.tpm <= 0) return true;
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = windows_[p.name];
  if (!slot) slot = std::make_unique<Window>();
  Window& w = *slot;
  const double now = SteadySeconds();
  if (w.last < 0) {
    w.requests = static_cast<double>(p.rpm);
    w.tokens = static_cast<double>(p.tpm);
  } else {
    w.requests = std::min<double>(static_cast<double>(p.rpm), w.requests + (now - w.last) * static_cast<double>(p.rpm) / 60);
    w.tokens = std::min<double>(static_cast<double>(p.tpm), w.tokens + (now - w.last) * static_cast<double>(p.tpm) / 60);
  }
  w.last = now;
  const bool requests_ok = p.rpm <= 0 || w.requests >= 1;
  const bool tokens_ok = p.tpm <= 0 || w.tokens >= tokens;
  if (requests_ok && tokens_ok) {
    if (p.rpm > 0) w.requests -= 1;
    if (p.tpm > 0) w.tokens -= tokens;
  }
  const double req_reset = p.rpm > 0 ? (static_cast<double>(p.rpm) - w.requests) * 60 / static_cast<double>(p.rpm) : 0;
  const double tok_reset = p.tpm > 0 ? (static_cast<double>(p.tpm) - w.tokens) * 60 / static_cast<double>(p.tpm) : 0;
  auto remaining = [](double v) { return std::to_string(static_cast<int64_t>(std::max(0.0, std::floor(v)))); };
  if (anthropic) {
    if (p.rpm > 0) {
      headers.emplace_back("anthropic-ratelimit-requests-limit", std::to_string(p.rpm));
      headers.emplace_back("anthropic-ratelimit-requests-remaining", remaining(w.requests));
      headers.emplace_back("anthropic-ratelimit-requests-reset", Rfc3339In(req_reset));
    }
    if (p.tpm > 0) {
      headers.emplace_back("anthropic-ratelimit-tokens-limit", std::to_string(p.tpm));
      headers.emplace_back("anthropic-ratelimit-tokens-remaining", remaining(w.tokens));
      headers.emplace_back("anthropic-ratelimit-tokens-reset", Rfc3339In(tok_reset));
    }
  } else {
    if (p.rpm > 0) {
      headers.emplace_back("x-ratelimit-limit-requests", std::to_string(p.rpm));
      headers.emplace_back("x-ratelimit-remaining-requests", remaining(w.requests));
      headers.emplace_back("x-ratelimit-reset-requests", Duration(req_reset));
    }
    if (p.tpm > 0) {
      headers.emplace_back("x-ratelimit-limit-tokens", std::to_string(p.tpm));
      headers.emplace_back("x-ratelimit-remaining-tokens", remaining(w.tokens));
      headers.emplace_back("x-ratelimit-reset-tokens", Duration(tok_reset));
    }
  }
  if (requests_ok && tokens_ok) return true;
  // Time until one request (and this many tokens) is available again.
  double wait = 0;
  if (!requests_ok) wait = std::max(wait, (1 - w.requests) * 60 / static_cast<double>(p.rpm));
  if (!tokens_ok) wait = std::max(wait, (tokens - w.tokens) * 60 / static_cast<double>(p.tpm));
  *retry_after = std::max(0.001, wait);
  ++stats_.rate_limited;
  return false;
}

io::ServerResponse SimLlmServer::Complete(const io::ServerRequest& request, bool anthropic) {
  auto error = [&](int status, const std::string& type, const std::string& message, const std::string& code) {
    return JsonResponse(status, anthropic ? AnthropicErrorJson(type, message) : OpenAiErrorJson(message, type, code));
  };
  bool stream = false;
  auto parsed = anthropic ? ParseAnthropicRequest(request.body) : ParseOpenAiRequest(request.body, &stream);
  if (!parsed.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.bad_requests;
    return error(400, "invalid_request_error", parsed.status().message(), "invalid_request");
  }
  const sim::SimProfile* profile = profiles_.Find(parsed->model);
  if (profile == nullptr) {
    return error(404, anthropic ? "not_found_error" : "invalid_request_error",
                 "The model '" + parsed->model + "' does not exist (simulated models: sim-oracle, sim-strong, sim-weak"
                 " and any loaded profiles)",
                 "model_not_found");
  }
  const uint64_t seq = sequence_.fetch_add(1);
  gen::Rng rng = gen::Rng(seq * 0x9E3779B97F4A7C15ULL + request.body.size());
  size_t chars = 0;
  for (const auto& m : parsed->messages) chars += m.content.size();
  const double estimated_tokens = static_cast<double>(chars) / 4 + 1;

  io::ServerResponse out;
  double retry_after = 0;
  if (!Admit(*profile, estimated_tokens, out.headers, &retry_after, anthropic)) {
    io::ServerResponse limited = error(429, "rate_limit_error",
                                       "Rate limit reached for simulated model " + profile->name +
                                           ". Please try again in " + Duration(retry_after) + ".",
                                       "rate_limit_exceeded");
    limited.headers.insert(limited.headers.end(), out.headers.begin(), out.headers.end());
    limited.headers.emplace_back("retry-after", std::to_string(static_cast<int64_t>(std::ceil(retry_after))));
    limited.headers.emplace_back("retry-after-ms", std::to_string(static_cast<int64_t>(std::ceil(retry_after * 1000))));
    return limited;
  }
  // Injected faults, decided before the policy runs.
  const double draw = rng.Uniform01();
  double edge = 0;
  auto fault = [&](double p) {
    edge += p;
    return draw < edge;
  };
  auto count_fault = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.faults;
  };
  if (fault(profile->p_server_error)) {
    count_fault();
    return error(500, "api_error", "The simulated server had an error while processing your request.", "server_error");
  }
  if (fault(profile->p_overloaded)) {
    count_fault();
    io::ServerResponse r = error(529, "overloaded_error", "Overloaded", "overloaded");
    return r;
  }
  if (fault(profile->p_reset)) {
    count_fault();
    io::ServerResponse r;
    r.drop = true;
    return r;
  }
  if (fault(profile->p_hang)) {
    count_fault();
    io::ServerResponse r = error(504, "timeout", "simulated hang", "timeout");
    r.delay = std::chrono::milliseconds(static_cast<int64_t>(profile->hang_seconds * 1000));
    return r;
  }
  const bool malformed = fault(profile->p_malformed);
  const bool truncated = !malformed && fault(profile->p_truncated);

  auto reply = policy_.Reply(*parsed, *profile);
  if (!reply.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.bad_requests;
    return error(400, "invalid_request_error", reply.status().message(), "unrecognised_conversation");
  }
  const std::string id = (anthropic ? "msg_sim" : "chatcmpl-sim") + std::to_string(seq);
  const int64_t created = static_cast<int64_t>(std::time(nullptr));
  if (anthropic) {
    out.body = AnthropicResponseJson(reply->response, id, profile->report_usage);
    out.headers.emplace_back("Content-Type", "application/json");
    out.headers.emplace_back("request-id", id);
  } else if (stream) {
    out.body = OpenAiStreamBody(reply->response, id, created);
    out.headers.emplace_back("Content-Type", "text/event-stream");
    out.chunked = true;
  } else {
    out.body = OpenAiResponseJson(reply->response, id, created, profile->report_usage);
    out.headers.emplace_back("Content-Type", "application/json");
    out.headers.emplace_back("x-request-id", id);
  }
  out.headers.emplace_back("x-crmarena-simulated", "true");
  if (malformed || truncated) {
    count_fault();
    out.body = malformed ? std::string("<html>upstream proxy error</html>") : out.body.substr(0, out.body.size() / 2);
  }
  double latency_ms = profile->latency_median_ms;
  if (profile->latency_sigma > 0 && latency_ms > 0) latency_ms = rng.LogNormal(std::log(latency_ms), profile->latency_sigma);
  if (profile->output_tokens_per_second > 0) {
    latency_ms += 1000.0 * static_cast<double>(reply->response.usage.output_tokens) / profile->output_tokens_per_second;
  }
  out.delay = std::chrono::milliseconds(static_cast<int64_t>(latency_ms));
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.completions;
  return out;
}

}  // namespace crm::servers
