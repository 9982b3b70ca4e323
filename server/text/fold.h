// Vietnamese text handling: UTF-8 validation, NFC, and the search folding that
// makes "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH" and "Đăng ký khai sinh" equal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// NFC form of valid UTF-8 input; std::nullopt if `s` is not valid UTF-8.
// Also maps the legacy "old-style" tone placement to the same NFC string that
// phones send (NFC itself keeps placement; folding below ignores it anyway).
std::optional<std::string> ToNfc(std::string_view s);

// Search key: NFC, diacritics removed, đ/Đ -> d, lower case, every run of
// non-alphanumeric characters collapsed to one space, trimmed. Vietnamese
// text gives ASCII; letters outside ASCII that no decomposition reduces to it
// ("ǅ", "ﬁ") are kept, lower-cased. Invalid UTF-8 bytes are dropped.
// "Uỷ ban" and "Ủy ban" both give "uy ban".
std::string FoldForSearch(std::string_view s);

// Lower-cased NFC with diacritics kept, whitespace collapsed: used to rank
// matches that also agree on diacritics above those that only fold equal.
std::string LowerKeepDiacritics(std::string_view s);

// Lower case with diacritics kept but tone-mark placement made canonical:
// every tone mark (grave, acute, hook, tilde, dot below) moves to the end of
// its word, so "hoà" and "hòa", "Uỷ" and "Ủy" compare equal while "hoa" does
// not. Used to rank exact-diacritic matches above folded ones.
std::string ToneKey(std::string_view s);

// ASCII URL slug: "Đăng ký khai sinh" -> "dang-ky-khai-sinh".
std::string Slugify(std::string_view s);

// Splits a folded string on spaces.
std::vector<std::string> Words(std::string_view folded);

}  // namespace motcua::text
