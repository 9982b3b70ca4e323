// Vietnamese telephone numbers as citizens type them on the feedback form
// (NĐ 20/2008 Điều 7: a PAKN must give the sender's phone or postal address).
//
// Numbering since the 2018 reform: mobiles are 10 digits, 03/05/07/08/09 then
// 8 digits; landlines are 11 digits, 02 + area code + subscriber number
// (Sơn La: 0212 xxx xxxx, Hà Nội: 024 xxxx xxxx).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace motcua::domain {

// The national form ("0912345678", "02123456789") that we store, or nullopt.
// Accepts the "+84", "84" and "0084" country prefixes (with or without the
// trunk 0 after them, as in "+84 (0)912..."), and spaces, tabs, dots,
// dashes and parentheses between digits. Anything else (letters, a second
// '+', an extension) is rejected: an officer must be able to dial it as is.
std::optional<std::string> NormalizePhone(std::string_view typed);

// True for a normalized mobile number (SMS can reach it).
bool IsMobilePhone(std::string_view normalized);

// The last four characters of a normalized number (all of it if shorter):
// what a receipt or a kiosk screen may show (NĐ 13/2023 personal data).
std::string Last4(std::string_view normalized);

}  // namespace motcua::domain
