// scheduler/run/auxiliary_usage.h — what an episode spent on the models that
// serve the protocol (the simulated user, the answer extractor, the privacy
// judge), kept apart from the agent's own usage and cost.
//
// Written to the results line as "auxiliary_usage":
//   {"calls":n,"input_tokens":n,"output_tokens":n,"cost_usd":x,
//    "roles":{"user"|"extractor"|"judge":{"model":name,"calls":n,
//             "input_tokens":n,"output_tokens":n,"cost_usd":x}}}
// and read back from it when an episode is re-scored on resume. A plain
// value owned by one episode; not thread-safe.
#pragma once

#include <rapidjson/fwd.h>

#include <cstdint>
#include <map>
#include <string>

#include "core/chat.h"

namespace crm::sched {

struct AuxiliaryUsage {
  struct Role {
    std::string model;
    int64_t calls = 0;
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    double cost_usd = 0;
  };
  std::map<std::string, Role> roles;  // by role name

  // One finished call of `role` to `model`.
  void Add(const std::string& role, const std::string& model, const chat::Usage& usage, double cost_usd);
  int64_t calls() const;
  double cost_usd() const;

  void WriteJson(rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<char>, rapidjson::UTF8<char>,
                                   rapidjson::CrtAllocator, 0>& writer) const;
  // The object WriteJson writes; fields that are missing or mistyped read as 0.
  static AuxiliaryUsage FromJson(const rapidjson::Value& value);
};

}  // namespace crm::sched
