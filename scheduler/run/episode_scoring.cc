#include "scheduler/run/episode_scoring.h"

#include "engine/scoring/model_scoring.h"
#include "scheduler/run/model_endpoint.h"

namespace crm::sched {
namespace asio = boost::asio;

namespace {

// The prompt as a request to the role's model, with that model's sampling
// settings (the official evaluator sends none: the provider's defaults).
chat::CompletionRequest RoleRequest(const scoring::ModelPrompt& prompt, const ModelConfig& model) {
  chat::CompletionRequest request = scoring::ToCompletionRequest(prompt, model.model);
  request.temperature = model.reasoning ? std::nullopt : model.temperature;
  request.max_output_tokens = model.max_output_tokens;
  request.reasoning_model = model.reasoning;
  if (model.reasoning && request.messages.size() == 2) {  // no system role: one user turn
    chat::Message folded = request.messages[1];
    folded.content = prompt.system + "\n\n" + prompt.user;
    request.messages = {std::move(folded)};
  }
  return request;
}

// One call of an auxiliary role; the reply text, or the call's error.
asio::awaitable<io::Expected<std::string, CallError>> AskRole(const AuxiliaryRole& role, const char* role_name,
                                                             const scoring::ModelPrompt& prompt, int64_t seed,
                                                             AuxiliaryUsage& aux) {
  const chat::CompletionRequest request = RoleRequest(prompt, *role.model);
  ModelCallOutcome out = co_await role.endpoint->Call(request, seed);
  if (!out.ok()) co_return io::MakeUnexpected(out.error());
  aux.Add(role_name, role.model->name, out->response.usage, out->record.cost_usd);
  co_return std::string(out->response.content);
}

asio::awaitable<std::optional<CallError>> JudgePrivacy(RunContext& ctx, episode::EpisodeResult& result,
                                                       const std::vector<std::string>& actions, int64_t seed,
                                                       AuxiliaryUsage& aux) {
  auto reply = co_await AskRole(ctx.judge, "judge", scoring::BuildPrivacyJudgePrompt(actions), seed, aux);
  if (!reply.ok()) {
    result.score.reset();
    co_return reply.error();
  }
  result.score = scoring::ScorePrivacyVerdict(scoring::ParsePrivacyVerdict(reply.value()), result.answer, reply.value());
  result.score_error.clear();
  co_return std::nullopt;
}

asio::awaitable<std::optional<CallError>> ExtractAnswer(RunContext& ctx, const tasks::Task& task,
                                                        episode::EpisodeResult& result, int64_t seed,
                                                        AuxiliaryUsage& aux) {
  const scoring::Matching matching =
      ctx.config->matching == AnswerMatching::kLenient ? scoring::Matching::kLenient : scoring::Matching::kOfficial;
  if (auto literal = scoring::TryExactFastPath(result.answer, task.answer)) {
    literal->matching = matching;
    result.score = std::move(literal);  // no call: the official evaluator stops here too
    co_return std::nullopt;
  }
  const tasks::TaskInfo* info = task.info();
  if (info == nullptr) co_return std::nullopt;
  auto reply = co_await AskRole(ctx.extractor, "extractor", scoring::BuildExtractionPrompt(task.task, result.answer),
                                seed, aux);
  if (!reply.ok()) {
    result.score.reset();
    co_return reply.error();
  }
  auto items = scoring::ParseExtractionReply(reply.value());
  if (!items.ok()) {  // the official evaluator raises on this reply: the task scores 0
    result.score = scoring::ScoreExtractedItems({}, task.answer, info->answer_kind, scoring::Extractor::kLlm, matching);
    result.score->reward = 0;
    result.score->success = false;
    result.score->official_reward = "0";
    result.score->detail = items.status().message();
    co_return std::nullopt;
  }
  result.score = scoring::ScoreExtractedItems(*items, task.answer, info->answer_kind, scoring::Extractor::kLlm, matching);
  co_return std::nullopt;
}

}  // namespace

scoring::ScoreOptions ScoreOptionsFor(const SweepConfig& config, agents::Strategy strategy) {
  scoring::ScoreOptions options;
  options.matching =
      config.matching == AnswerMatching::kLenient ? scoring::Matching::kLenient : scoring::Matching::kOfficial;
  if (config.strict_tool_call_scoring && agents::UsesTools(strategy)) {
    options.exact_mode = scoring::ExactMatchMode::kStrict;
  }
  return options;
}

asio::awaitable<std::optional<CallError>> ScoreWithModels(RunContext& ctx, const tasks::Task& task,
                                                          episode::EpisodeResult& result,
                                                          const std::vector<std::string>& actions, int64_t seed,
                                                          AuxiliaryUsage& aux) {
  // No answer is reward 0 without asking anyone, as in the official loop.
  if (!result.has_answer || episode::IsInfrastructureFailure(result.end_reason)) co_return std::nullopt;
  switch (task.reward_metric) {
    case tasks::RewardMetric::kPrivacyRejection:
      if (!ctx.judge) co_return std::nullopt;  // refused at set-up; the score error stays
      co_return co_await JudgePrivacy(ctx, result, actions, seed, aux);
    case tasks::RewardMetric::kExactMatch:
      if (!ctx.extractor) co_return std::nullopt;  // the deterministic extractor scored it
      co_return co_await ExtractAnswer(ctx, task, result, seed, aux);
    default:
      co_return std::nullopt;
  }
}

}  // namespace crm::sched
