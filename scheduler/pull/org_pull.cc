#include "scheduler/pull/org_pull.h"

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "engine/org/datetime.h"
#include "engine/org/describe_import.h"
#include "engine/org/schema_text.h"
#include "engine/org/snapshot_writer.h"
#include "io/http/http_types.h"
#include "io/salesforce/sf_client.h"

namespace crm::sched {
namespace {

using io::salesforce::SalesforceClient;
using io::salesforce::SfResult;
using Clock = std::chrono::steady_clock;

// The org refuses every call until its 24-hour window moves on: retrying is useless.
bool IsDailyLimit(const CallError& e) {
  return e.provider_code == "REQUEST_LIMIT_EXCEEDED" && e.message.find("TotalRequests") != std::string::npos;
}

bool Retryable(const CallError& e) {
  if (IsDailyLimit(e)) return false;
  if (e.should_retry) return *e.should_retry;
  return ClassOf(e.code) == CallErrorClass::kRetryable;
}

// Why the pull stops early, when it does.
struct Stop {
  std::string why;
};

class Puller {
 public:
  Puller(SalesforceClient& client, const PullOptions& options) : client_(client), options_(options) {}

  Result<PullReport> Run() {
    const auto started = Clock::now();
    Result<std::unique_ptr<org::SnapshotWriter>> writer = Open();
    if (!writer.ok()) return writer.status();
    writer_ = std::move(writer).value();
    for (const org::SObject& object : writer_->schema().objects()) {
      if (stop_) break;
      Status s = PullObject(object);
      if (!s.ok()) return s;
    }
    for (const org::SObject& object : writer_->schema().objects()) {
      report_.rows.emplace_back(object.name, writer_->Progress(object.name).rows);
    }
    if (stop_) {
      report_.stopped_why = stop_->why;
    } else {
      CRM_RETURN_IF_ERROR(writer_->Finish(Provenance()));
      report_.complete = true;
    }
    report_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (auto usage = client_.last_api_usage()) {
      report_.api_used = usage->used;
      report_.api_max = usage->max;
    }
    return report_;
  }

 private:
  // A new file from the org's describes, or the unfinished one with its own schema.
  Result<std::unique_ptr<org::SnapshotWriter>> Open() {
    if (options_.resume) {
      auto resumed = org::SnapshotWriter::Resume(options_.out_path);
      if (resumed.ok()) Say("resuming " + options_.out_path + " from its checkpoints");
      return resumed;
    }
    Result<std::vector<std::string>> names = ObjectNames();
    if (!names.ok()) return names.status();
    std::vector<org::DescribedObject> described;
    for (const std::string& name : *names) {
      SfResult<std::string> body = Call("/sobjects/" + name + "/describe");
      if (!body.ok()) {
        if (!Discovered() || stop_) {
          return Status::IoError("describe " + name + ": " + Reason(body.error()));
        }
        report_.skipped_objects.push_back(name + ": describe failed: " + body.error().message);
        continue;
      }
      Result<org::DescribedObject> d = org::ObjectFromDescribe(body.value());
      if (!d.ok()) return d.status();
      for (const std::string& f : d->skipped) report_.skipped_fields.push_back(name + "." + f);
      described.push_back(std::move(d).value());
    }
    if (described.empty()) return Status::InvalidArgument("org pull: no object to pull");
    Result<org::Schema> schema = org::SchemaFromDescribed(std::move(described));
    if (!schema.ok()) return schema.status();
    std::string clock = options_.clock.empty()
                            ? org::FormatDateTime(std::chrono::duration_cast<std::chrono::seconds>(
                                                      std::chrono::system_clock::now().time_since_epoch())
                                                      .count())
                            : options_.clock;
    if (!org::ParseDateTime(clock)) return Status::InvalidArgument("org pull: bad --clock " + clock);
    Say("described " + std::to_string(schema->objects().size()) + " objects");
    return org::SnapshotWriter::Create(options_.out_path, *schema, clock);
  }

  bool Discovered() const { return options_.objects.empty() && options_.schema_path.empty(); }

  Result<std::vector<std::string>> ObjectNames() {
    if (!options_.objects.empty()) return options_.objects;
    if (!options_.schema_path.empty()) {
      std::ifstream in(options_.schema_path, std::ios::binary);
      if (!in) return Status::NotFound("--schema: cannot read " + options_.schema_path);
      std::stringstream text;
      text << in.rdbuf();
      Result<std::string> normalised = org::SchemaTextFromFile(text.str(), options_.schema_path);
      if (!normalised.ok()) return normalised.status();
      return org::SchemaObjectNames(*normalised);
    }
    SfResult<std::string> global = Call("/sobjects");
    if (!global.ok()) return Status::IoError("describeGlobal: " + Reason(global.error()));
    return org::QueryableObjectNames(global.value());
  }

  // Every page of one object, from its checkpoint on.
  Status PullObject(const org::SObject& object) {
    org::ObjectProgress progress = writer_->Progress(object.name);
    if (progress.done) return Status::Ok();
    std::string soql = "SELECT ";
    for (size_t i = 0; i < object.fields.size(); ++i) soql += (i == 0 ? "" : ", ") + object.fields[i].name;
    soql += " FROM " + object.name;
    if (!progress.last_id.empty()) soql += " WHERE Id > '" + progress.last_id + "'";
    soql += " ORDER BY Id";
    std::string path = client_.QueryPath(soql);
    while (!stop_) {
      SfResult<std::string> body = Call(path);
      if (!body.ok()) {
        if (stop_) break;  // the API budget: the checkpoint stays where it is
        if (Discovered() && !Retryable(body.error())) {
          // describeGlobal lists objects that refuse a plain query (some need a filter): note and go on.
          report_.skipped_objects.push_back(object.name + ": query refused: " + Reason(body.error()));
          Result<size_t> none = writer_->WritePage(object, "[]", true);
          return none.ok() ? Status::Ok() : none.status();
        }
        return Status::IoError("query " + object.name + ": " + Reason(body.error()));
      }
      auto page = io::salesforce::ParseQueryPage(body.value());
      if (!page.ok()) return Status::IoError("query " + object.name + ": " + page.error().message);
      Result<size_t> written = writer_->WritePage(object, page->records_json, page->done);
      if (!written.ok()) return written.status();
      ++report_.pages;
      const org::ObjectProgress now = writer_->Progress(object.name);
      Say(object.name + ": " + std::to_string(now.rows) + " rows" + (page->done ? " (done)" : ""));
      if (options_.stop_after_pages > 0 && report_.pages >= options_.stop_after_pages) {
        stop_ = Stop{"stopped after " + std::to_string(report_.pages) + " pages, as asked"};
      }
      if (page->done) break;
      path = page->next_records_url;
    }
    return Status::Ok();
  }

  // One GET with retries and the API budget's check. On the budget, sets stop_.
  SfResult<std::string> Call(const std::string& path) {
    std::chrono::milliseconds backoff(250);
    for (int attempt = 1;; ++attempt) {
      ++report_.api_calls;
      SfResult<std::string> r = client_.Get(path);
      CheckBudget();
      if (r.ok()) return r;
      if (IsDailyLimit(r.error())) {
        stop_ = Stop{"the org's daily API limit was reached (REQUEST_LIMIT_EXCEEDED)"};
        return r;
      }
      if (!Retryable(r.error()) || attempt >= options_.max_attempts) return r;
      Say("retrying after: " + r.error().message);
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(8000));
    }
  }

  void CheckBudget() {
    auto usage = client_.last_api_usage();
    if (!usage || usage->max <= 0 || stop_) return;
    const double cap = options_.api_share * static_cast<double>(usage->max);
    if (static_cast<double>(usage->used) >= cap) {
      char share[16];
      std::snprintf(share, sizeof share, "%.0f%%", options_.api_share * 100);
      stop_ = Stop{"the pull's share of the daily API limit is used (" + std::to_string(usage->used) + " of " +
                   std::to_string(usage->max) + " calls, share " + share + ")"};
    }
  }

  std::string Reason(const CallError& e) const {
    return e.message + (e.provider_code.empty() ? "" : " [" + e.provider_code + "]");
  }

  std::vector<std::pair<std::string, std::string>> Provenance() const {
    std::vector<std::pair<std::string, std::string>> out;
    std::optional<io::Url> login = io::ParseUrl(client_.config().login_url);
    out.emplace_back("login_host", login ? login->host : std::string("?"));
    out.emplace_back("api_version", client_.config().api_version);
    out.emplace_back("pull_finished_at", org::FormatDateTime(std::chrono::duration_cast<std::chrono::seconds>(
                                                                 std::chrono::system_clock::now().time_since_epoch())
                                                                 .count()));
    std::string skipped;
    for (const std::string& s : report_.skipped_objects) skipped += (skipped.empty() ? "" : "; ") + s;
    if (!skipped.empty()) out.emplace_back("skipped_objects", skipped);
    std::string fields;
    for (const std::string& s : report_.skipped_fields) fields += (fields.empty() ? "" : "; ") + s;
    if (!fields.empty()) out.emplace_back("skipped_fields", fields);
    return out;
  }

  void Say(const std::string& line) {
    if (options_.progress) options_.progress(line);
  }

  SalesforceClient& client_;
  const PullOptions& options_;
  std::unique_ptr<org::SnapshotWriter> writer_;
  PullReport report_;
  std::optional<Stop> stop_;
};

}  // namespace

Result<PullReport> PullOrg(io::salesforce::SalesforceClient& client, const PullOptions& options) {
  if (!(options.api_share > 0 && options.api_share <= 1)) {
    return Status::InvalidArgument("org pull: --api-share must be in (0, 1]");
  }
  return Puller(client, options).Run();
}

}  // namespace crm::sched
