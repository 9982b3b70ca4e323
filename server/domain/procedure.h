// The catalogue model: one administrative procedure (thủ tục hành chính) as
// NĐ 63/2010 Điều 8 (as amended) requires it to be published, plus the
// posting status that decides whether the kiosk may show it as current.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace motcua::domain {

// Levels (cấp thực hiện) form a set: many procedures run at several levels.
enum Level : uint32_t {
  kLevelCentral = 1u << 0,   // Cấp bộ
  kLevelProvince = 1u << 1,  // Cấp tỉnh
  kLevelCommune = 1u << 2,   // Cấp xã
  kLevelOther = 1u << 3,     // Cơ quan khác
  kLevelLegacyDistrict = 1u << 4,  // "Cấp huyện" in old texts: kept as is, never remapped
};
// Parses "Cấp bộ, Cấp tỉnh, Cấp xã" (any case/diacritics); unknown parts are ignored.
uint32_t ParseLevels(std::string_view text);
// Vietnamese names of the levels in the set, in a fixed order.
std::vector<std::string> LevelNames(uint32_t levels);
// Short ASCII keys ("bo", "tinh", "xa", "khac", "huyen") for URLs and config.
uint32_t ParseLevelKeys(std::string_view comma_separated);  // "all" = every level

enum class PostingStatus { kInForce, kAmended, kReplaced, kAbolished };
const char* StatusKey(PostingStatus s);        // "in_force", "amended", "replaced", "abolished"
const char* StatusVietnamese(PostingStatus s);  // "Đang có hiệu lực", "Đã được sửa đổi, bổ sung", ...
std::optional<PostingStatus> ParseStatusKey(std::string_view key);
// Accepts the keys above and Vietnamese words as publishing decisions write
// them ("Còn hiệu lực", "Sửa đổi, bổ sung", "Thay thế", "Bãi bỏ", "Mới ban hành").
std::optional<PostingStatus> ParseStatusText(std::string_view text);

// One way to file (cách thức thực hiện) with its own time limit and fee.
struct Channel {
  std::string kind;          // "Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"
  std::string time_limit;    // as published: "20 Ngày làm việc"
  std::string fee;           // as published: "Lệ phí: 8.000 đồng" or "Không"
  std::string description;
  friend bool operator==(const Channel& a, const Channel& b) {
    return a.kind == b.kind && a.time_limit == b.time_limit && a.fee == b.fee &&
           a.description == b.description;
  }
};

// One paper of the dossier (thành phần hồ sơ).
struct Paper {
  std::string name;
  std::string form;      // form file or template name (mẫu đơn, tờ khai); may be empty
  std::string quantity;  // "1 bản chính"
  friend bool operator==(const Paper& a, const Paper& b) {
    return a.name == b.name && a.form == b.form && a.quantity == b.quantity;
  }
};

// One legal document of the legal basis (căn cứ pháp lý).
struct LegalDoc {
  std::string name;
  std::string number;  // "47/2014/QH13"
  friend bool operator==(const LegalDoc& a, const LegalDoc& b) {
    return a.name == b.name && a.number == b.number;
  }
};

struct Procedure {
  std::string code;  // mã TTHC, "1.001193": an opaque key
  std::string name;
  std::string field;  // lĩnh vực
  uint32_t levels = 0;
  std::string kind;        // loại thủ tục
  std::string applicants;  // đối tượng thực hiện
  std::string agency;      // cơ quan thực hiện / giải quyết
  std::string competent_agency;  // cơ quan có thẩm quyền
  std::string receiving_address; // địa chỉ tiếp nhận
  std::string delegated_agency;   // cơ quan được ủy quyền
  std::string coordinating_agency;  // cơ quan phối hợp
  std::string ministry;           // bộ, ngành quản lý (the portal's key, e.g. "bo-cong-an")
  std::vector<std::string> steps;  // trình tự thực hiện, one entry per step
  std::vector<Channel> channels;   // recovered structure
  std::string channels_text;       // original text where structure could not be recovered
  std::vector<Paper> papers;
  std::string papers_text;         // original text where structure could not be recovered
  std::string conditions;  // yêu cầu, điều kiện
  std::string result;      // kết quả
  std::vector<LegalDoc> legal_docs;
  std::string legal_basis_text;    // original text where structure could not be recovered
  std::string decision;    // số quyết định công bố
  std::string related;     // thủ tục liên quan
  std::string source_url;
  PostingStatus status = PostingStatus::kInForce;
  std::optional<Date> effective_from;
  std::optional<Date> effective_until;  // last day in force, inclusive
  std::string replaced_by;             // code of the replacing procedure

  // NĐ 63/2010 Điều 17 + seed Điều 4.4.b: only a procedure in force on `day`
  // may be posted as current. Amended, replaced and abolished ones never are,
  // and neither is one outside its effective window.
  bool InForceOn(const Date& day) const;
};

// The posting rule on its own, for callers holding only the listing fields.
bool InForceOn(PostingStatus status, const std::optional<Date>& from,
               const std::optional<Date>& until, const Date& day);

bool operator==(const Procedure& a, const Procedure& b);
inline bool operator!=(const Procedure& a, const Procedure& b) { return !(a == b); }

// A code looks like "1.001193" (digit, dot, six digits).
bool LooksLikeProcedureCode(std::string_view s);

}  // namespace motcua::domain
