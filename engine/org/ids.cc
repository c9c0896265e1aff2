#include "engine/org/ids.h"

#include <cctype>

namespace crm::org {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kChecksumAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
// Instance characters and the first counter value make ids look like those
// of a long-lived org rather than 000000001; any fixed values would do.
constexpr std::string_view kInstance = "Wt";
constexpr uint64_t kCounterStart = 3'500'000'000ULL;  // "0000 3otNG" region, mixed case

bool IsBase62(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string Id15To18(std::string_view id15) {
  std::string out(id15);
  for (int chunk = 0; chunk < 3; ++chunk) {
    int bits = 0;
    for (int j = 0; j < 5; ++j) {
      char c = id15[static_cast<size_t>(5 * chunk + j)];
      if (c >= 'A' && c <= 'Z') bits |= 1 << j;
    }
    out.push_back(kChecksumAlphabet[static_cast<size_t>(bits)]);
  }
  return out;
}

std::string MakeRecordId(std::string_view key_prefix, uint64_t sequence) {
  std::string counter(9, '0');
  uint64_t n = kCounterStart + sequence;
  for (int i = 8; i >= 0 && n > 0; --i) {
    counter[static_cast<size_t>(i)] = kBase62[n % 62];
    n /= 62;
  }
  std::string id15;
  id15.reserve(15);
  id15.append(key_prefix).append(kInstance).push_back('0');
  id15 += counter;
  return Id15To18(id15);
}

std::optional<std::string> Id18To15(std::string_view id18) {
  if (id18.size() != 18) return std::nullopt;
  std::string id15;
  for (size_t i = 0; i < 15; ++i) {
    if (!IsBase62(id18[i])) return std::nullopt;
    id15.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(id18[i]))));
  }
  for (int chunk = 0; chunk < 3; ++chunk) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(id18[static_cast<size_t>(15 + chunk)])));
    size_t bits = kChecksumAlphabet.find(c);
    if (bits == std::string_view::npos) return std::nullopt;
    for (int j = 0; j < 5; ++j) {
      if (bits & (1u << j)) {
        char& ch = id15[static_cast<size_t>(5 * chunk + j)];
        if (ch < 'a' || ch > 'z') return std::nullopt;  // checksum marks a non-letter upper-case
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      }
    }
  }
  return id15;
}

bool IsValidId(std::string_view id) { return NormalizeId(id).has_value(); }

std::optional<std::string> NormalizeId(std::string_view id) {
  if (id.size() == 15) {
    for (char c : id) {
      if (!IsBase62(c)) return std::nullopt;
    }
    return Id15To18(id);
  }
  if (id.size() == 18) {
    std::optional<std::string> id15 = Id18To15(id);
    if (!id15) return std::nullopt;
    return Id15To18(*id15);
  }
  return std::nullopt;
}

}  // namespace crm::org
