// libFuzzer target for server/text/fold.h: UTF-8 validation, NFC and the
// search keys built from whatever a citizen types or a file holds. Besides
// sanitizer findings, broken promises trap: folding gives lower-case letters,
// digits and single spaces and is idempotent, slugs are [a-z0-9-], NFC is
// idempotent and stays valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "text/fold.h"

namespace {

// Lower-case letters, digits and single spaces; anything beyond ASCII is
// valid UTF-8 (letters that do not fold to ASCII are kept).
bool IsFoldedText(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')) return false;
  }
  return motcua::text::IsValidUtf8(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua::text;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const bool valid = IsValidUtf8(in);

  const std::string folded = FoldForSearch(in);
  FUZZ_REQUIRE(IsFoldedText(folded));
  FUZZ_REQUIRE(folded.empty() || (folded.front() != ' ' && folded.back() != ' '));
  FUZZ_REQUIRE(folded.find("  ") == std::string::npos);
  FUZZ_REQUIRE(FoldForSearch(folded) == folded);
  for (const std::string& w : Words(folded))
    FUZZ_REQUIRE(!w.empty() && w.find(' ') == std::string::npos);

  const std::string slug = Slugify(in);
  for (char c : slug) FUZZ_REQUIRE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  FUZZ_REQUIRE(slug.empty() || (slug.front() != '-' && slug.back() != '-'));
  FUZZ_REQUIRE(slug.find("--") == std::string::npos);

  const auto nfc = ToNfc(in);
  FUZZ_REQUIRE(nfc.has_value() == valid);
  if (nfc) {
    FUZZ_REQUIRE(IsValidUtf8(*nfc));
    FUZZ_REQUIRE(ToNfc(*nfc) == nfc);
    FUZZ_REQUIRE(FoldForSearch(*nfc) == folded);
    const std::string lower = LowerKeepDiacritics(in);
    FUZZ_REQUIRE(IsValidUtf8(lower));
    const std::string tone = ToneKey(in);
    FUZZ_REQUIRE(IsValidUtf8(tone));
    FUZZ_REQUIRE(ToneKey(tone) == tone);
  }
  return 0;
}
