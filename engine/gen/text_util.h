// engine/gen/text_util.h — template filling and small string helpers for the
// generator. Pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace crm::gen {

// Replaces every {key} in `tmpl` with its value; unknown keys stay as written.
std::string Fill(std::string_view tmpl, std::initializer_list<std::pair<std::string_view, std::string_view>> values);
std::string Lower(std::string_view s);
// "$1,234.50"
std::string Dollars(double amount);

}  // namespace crm::gen
