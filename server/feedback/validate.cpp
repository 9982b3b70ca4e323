#include "feedback/validate.h"

#include <algorithm>
#include <iterator>

#include "domain/phone.h"
#include "text/fold.h"

namespace motcua::feedback {

namespace {

const char kBadUtf8[] =
    "Có ký tự không đọc được (không phải mã UTF-8). Vui lòng xoá và gõ lại bằng bàn phím "
    "tiếng Việt.";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string FormatCount(size_t n) {
  // 5000 -> "5.000", as Vietnamese writes thousands.
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ".");
  return s;
}

bool ValidEmail(std::string_view e) {
  const size_t at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || e.find('@', at + 1) != e.npos)
    return false;
  const std::string_view domain = e.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == domain.npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != domain.npos)
    return false;
  for (char c : e) {
    if (IsSpace(c) || IsControl(static_cast<unsigned char>(c)) || c == '<' || c == '>' ||
        c == ',' || c == ';' || c == '"')
      return false;
  }
  return true;
}

// The last path component of a client filename, control bytes dropped.
std::string BaseName(std::string_view f) {
  const size_t slash = f.find_last_of("/\\");
  if (slash != std::string_view::npos) f.remove_prefix(slash + 1);
  std::string out;
  for (char c : f) {
    if (!IsControl(static_cast<unsigned char>(c))) out.push_back(c);
  }
  if (out == "." || out == "..") out.clear();
  return out;
}

// Cuts valid UTF-8 to at most `max` bytes without splitting a character.
std::string CutUtf8(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

}  // namespace

bool LooksLikeProcedureCode(std::string_view s) {
  if (s.size() != 8 || s[1] != '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 1) continue;
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

size_t CountCodePoints(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::optional<std::string> CleanLine(std::string_view s) {
  auto nfc = text::ToNfc(s);
  if (!nfc) return std::nullopt;
  std::string out;
  bool space = false;
  for (char c : *nfc) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (IsControl(static_cast<unsigned char>(c))) continue;
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> CleanText(std::string_view s) {
  auto nfc = text::ToNfc(s);
  if (!nfc) return std::nullopt;
  std::string out;
  const std::string& t = *nfc;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\r') {
      if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
      c = '\n';
    }
    if (c == '\n') {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      out.push_back('\n');
      continue;
    }
    if (c != '\t' && IsControl(static_cast<unsigned char>(c))) continue;
    out.push_back(c);
  }
  while (!out.empty() && IsSpace(out.back())) out.pop_back();
  size_t start = 0;
  while (start < out.size() && IsSpace(out[start])) ++start;
  return out.substr(start);
}

Validation Validate(const FeedbackInput& in, const FeedbackLimits& lim,
                    const ProcedureExists& procedure_exists) {
  Validation v;
  auto error = [&v](const char* field, std::string message) {
    v.errors.push_back({field, std::move(message)});
  };
  // Echo valid input (NFC) so the form keeps it; never echo invalid bytes.
  auto echo = [](const std::string& s) { return text::ToNfc(s).value_or(std::string()); };
  v.echo.name = echo(in.name);
  v.echo.address = echo(in.address);
  v.echo.phone = echo(in.phone);
  v.echo.email = echo(in.email);
  v.echo.title = echo(in.title);
  v.echo.content = echo(in.content);
  v.echo.kind = echo(in.kind);
  v.echo.procedure_code = echo(in.procedure_code);
  v.echo.consent = in.consent;

  // NĐ 20/2008 Điều 7: the sender's name, address and phone are required.
  auto name = CleanLine(in.name);
  if (!name) {
    error("name", kBadUtf8);
  } else if (name->empty()) {
    error("name", "Vui lòng nhập họ và tên người gửi.");
  } else if (CountCodePoints(*name) > lim.name_max) {
    error("name", "Họ và tên dài quá " + FormatCount(lim.name_max) + " ký tự.");
  } else {
    v.value.name = *name;
  }

  auto address = CleanLine(in.address);
  if (!address) {
    error("address", kBadUtf8);
  } else if (address->empty()) {
    error("address",
          "Vui lòng nhập địa chỉ (số nhà, thôn/bản/tổ, xã/phường) để cơ quan gửi "
          "văn bản trả lời.");
  } else if (CountCodePoints(*address) > lim.address_max) {
    error("address", "Địa chỉ dài quá " + FormatCount(lim.address_max) + " ký tự.");
  } else {
    v.value.address = *address;
  }

  auto phone_line = CleanLine(in.phone);
  if (!phone_line) {
    error("phone", kBadUtf8);
  } else if (phone_line->empty()) {
    error("phone", "Vui lòng nhập số điện thoại để cơ quan liên hệ và để tra cứu sau này.");
  } else if (auto phone = domain::NormalizePhone(*phone_line)) {
    v.value.phone = *phone;
  } else {
    error("phone",
          "Số điện thoại chưa đúng. Nhập số di động 10 chữ số (ví dụ 0912 345 678) "
          "hoặc số cố định có mã vùng (ví dụ 0212 3852 000); có thể bắt đầu bằng +84.");
  }

  auto email = CleanLine(in.email);
  if (!email) {
    error("email", kBadUtf8);
  } else if (!email->empty()) {
    if (email->size() > lim.email_max || !ValidEmail(*email)) {
      error("email", "Địa chỉ thư điện tử chưa đúng (ví dụ: ten@gmail.com). Có thể bỏ trống.");
    } else {
      v.value.email = *email;
    }
  }

  auto kind = domain::ParseFeedbackKindKey(in.kind);
  if (!kind) {
    // NĐ 20/2008 Điều 5 lists what feedback may be about.
    error("kind", "Vui lòng chọn nội dung phản ánh, kiến nghị thuộc loại nào.");
  } else {
    v.value.kind = *kind;
  }

  auto title = CleanLine(in.title);
  if (!title) {
    error("title", kBadUtf8);
  } else if (title->empty()) {
    error("title", "Vui lòng nhập tiêu đề (tóm tắt nội dung trong một câu).");
  } else if (CountCodePoints(*title) < lim.title_min) {
    error("title", "Tiêu đề quá ngắn: hãy tóm tắt nội dung trong một câu.");
  } else if (CountCodePoints(*title) > lim.title_max) {
    error("title", "Tiêu đề dài quá " + FormatCount(lim.title_max) + " ký tự.");
  } else {
    v.value.title = *title;
  }

  // NĐ 20/2008 Điều 7: the content must be clear.
  auto content = CleanText(in.content);
  if (!content) {
    error("content", kBadUtf8);
  } else if (content->empty()) {
    error("content", "Vui lòng nhập nội dung phản ánh, kiến nghị.");
  } else if (CountCodePoints(*content) < lim.content_min) {
    error("content",
          "Nội dung quá ngắn: hãy nêu rõ sự việc, thủ tục, nơi và thời gian xảy ra "
          "(ít nhất " +
              FormatCount(lim.content_min) + " ký tự).");
  } else if (CountCodePoints(*content) > lim.content_max) {
    error("content", "Nội dung dài quá " + FormatCount(lim.content_max) + " ký tự (hiện có " +
                         FormatCount(CountCodePoints(*content)) +
                         " ký tự). Hãy rút gọn hoặc gửi phần còn lại bằng tệp PDF đính kèm.");
  } else {
    v.value.content = *content;
  }

  auto code = CleanLine(in.procedure_code);
  if (!code) {
    error("procedure_code", kBadUtf8);
  } else if (!code->empty()) {
    if (!LooksLikeProcedureCode(*code)) {
      error("procedure_code",
            "Hãy chọn thủ tục trong danh sách gợi ý, hoặc gõ mã thủ tục dạng "
            "1.001193. Có thể bỏ trống.");
    } else if (!procedure_exists || !procedure_exists(*code)) {
      error("procedure_code",
            "Không có thủ tục nào mang mã " + *code + ". Hãy kiểm tra lại mã, hoặc bỏ trống.");
    } else {
      v.value.procedure_code = *code;
    }
  }

  if (in.files.size() > lim.max_files) {
    error("files", "Chỉ gửi được tối đa " + std::to_string(lim.max_files) +
                       " tệp đính kèm. Hãy bỏ bớt tệp.");
  } else {
    for (const Upload& f : in.files) {
      std::string shown = BaseName(f.filename);
      if (!text::IsValidUtf8(shown)) shown = "(tên tệp không đọc được)";
      shown = CutUtf8(*text::ToNfc(shown), lim.filename_max);
      if (shown.empty()) shown = "(không tên)";
      const domain::FileKind k = domain::SniffFileKind(f.data);
      if (f.data.size() > lim.max_file_bytes) {
        error("files", "Tệp «" + shown + "» lớn hơn " + std::to_string(lim.max_file_bytes >> 20) +
                           " MB. Hãy chụp ảnh với độ phân giải thấp hơn hoặc chia nhỏ tệp.");
      } else if (k == domain::FileKind::kUnknown) {
        error("files", "Tệp «" + shown +
                           "» không phải ảnh JPEG, PNG hoặc tệp PDF (kiểm tra "
                           "theo nội dung tệp, không theo tên tệp).");
      } else {
        v.value.attachments.push_back({k, shown, f.data});
      }
    }
  }

  // NĐ 13/2023 Điều 11: personal data is processed only with consent.
  if (!in.consent) {
    error("consent",
          "Cần đồng ý cho cơ quan sử dụng thông tin cá nhân của ông/bà để xử lý và "
          "trả lời phản ánh, kiến nghị.");
  }
  // Report in the order the form shows the fields.
  static const char* const kOrder[] = {"kind", "procedure_code", "title", "content", "files",
                                       "name", "address",        "phone", "email",   "consent"};
  auto rank = [](const std::string& f) {
    for (size_t i = 0; i < std::size(kOrder); ++i) {
      if (f == kOrder[i]) return i;
    }
    return std::size(kOrder);
  };
  std::stable_sort(v.errors.begin(), v.errors.end(), [&](const FieldError& a, const FieldError& b) {
    return rank(a.field) < rank(b.field);
  });
  return v;
}

}  // namespace motcua::feedback
