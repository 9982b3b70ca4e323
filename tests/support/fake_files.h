// Attachments for the feedback tests: `n` bytes that start as a JPEG, PNG or
// PDF does (the server sniffs the kind from the first bytes), then filler.
#pragma once

#include <cstddef>
#include <string>

namespace motcua::testing {

inline std::string FakeJpeg(size_t n) {
  std::string s("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);
  s.resize(n, 'j');
  return s;
}
inline std::string FakePng(size_t n) {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  s.resize(n, 'p');
  return s;
}
inline std::string FakePdf(size_t n) {
  std::string s = "%PDF-1.4\n";
  s.resize(n, 'd');
  return s;
}

}  // namespace motcua::testing
