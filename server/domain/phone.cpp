#include "domain/phone.h"

namespace motcua::domain {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::optional<std::string> NormalizePhone(std::string_view typed) {
  if (typed.size() > 40) return std::nullopt;  // bounded work on junk input
  std::string digits;
  bool plus = false;
  for (char c : typed) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+') {
      // Only as the very first non-separator: "+84", never "0912+34".
      if (plus || !digits.empty()) return std::nullopt;
      plus = true;
    } else if (c != ' ' && c != '\t' && c != '.' && c != '-' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  // No national number starts with 8 or 00, so "84..." and "0084..." can only
  // be the country code; with '+', the country code must be Vietnam's.
  bool international = plus;
  if (plus) {
    if (!StartsWith(digits, "84")) return std::nullopt;
    digits.erase(0, 2);
  } else if (StartsWith(digits, "0084")) {
    digits.erase(0, 4);
    international = true;
  } else if (StartsWith(digits, "84")) {
    digits.erase(0, 2);
    international = true;
  }
  if (international && !StartsWith(digits, "0")) digits.insert(0, "0");

  const bool landline = digits.size() == 11 && StartsWith(digits, "02");
  if (!IsMobilePhone(digits) && !landline) return std::nullopt;
  return digits;
}

bool IsMobilePhone(std::string_view normalized) {
  return normalized.size() == 10 && normalized[0] == '0' &&
         std::string_view("35789").find(normalized[1]) != std::string_view::npos;
}

std::string Last4(std::string_view normalized) {
  return std::string(normalized.substr(normalized.size() < 4 ? 0 : normalized.size() - 4));
}

}  // namespace motcua::domain
