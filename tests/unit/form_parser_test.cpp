#include "web/form_parser.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using motcua::Code;
using motcua::web::Form;
using motcua::web::FormLimits;
using motcua::web::MultipartBoundary;
using motcua::web::ParseMultipart;
using motcua::web::ParseQueryString;
using motcua::web::ParseUrlEncoded;
using motcua::web::PercentDecode;
using motcua::web::SanitizedBaseName;
using motcua::web::ValidateUtf8Fields;

namespace {

constexpr char kCt[] = "multipart/form-data; boundary=XyZ";

// Builds a body the way browsers do: CRLF everywhere, closing delimiter last.
std::string Part(std::string_view headers, std::string_view content) {
  return "--XyZ\r\n" + std::string(headers) + "\r\n\r\n" + std::string(content) + "\r\n";
}
std::string Field(std::string_view name, std::string_view value) {
  return Part("Content-Disposition: form-data; name=\"" + std::string(name) + "\"", value);
}
const std::string kClose = "--XyZ--\r\n";

}  // namespace

TEST_CASE("PercentDecode decodes escapes and rejects broken ones") {
  struct Row {
    const char* in;
    bool plus;
    bool ok;
    std::string out;
  };
  const Row rows[] = {
      {"", true, true, ""},
      {"abc", true, true, "abc"},
      {"a+b", true, true, "a b"},
      {"a+b", false, true, "a+b"},
      {"%41%62%2b", true, true, "Ab+"},
      {"%C3%A1%e1%bb%b9", true, true, "\xC3\xA1\xE1\xBB\xB9"},
      {"%00", true, true, std::string(1, '\0')},
      {"%zz", true, false, ""},
      {"%4", true, false, ""},
      {"%", true, false, ""},
      {"abc%", true, false, ""},
      {"%G0", true, false, ""},
      {"%0G", true, false, ""},
      {"100%", true, false, ""},
  };
  for (const Row& r : rows) {
    CAPTURE(r.in);
    auto got = PercentDecode(r.in, r.plus);
    REQUIRE(got.ok() == r.ok);
    if (r.ok) CHECK(*got == r.out);
    if (!r.ok) CHECK(got.status().code() == Code::kInvalidArgument);
  }
}

TEST_CASE("ParseUrlEncoded follows the WHATWG splitting rules") {
  auto f = ParseUrlEncoded("name=Nguy%E1%BB%85n+V%C4%83n+A&phone=0912&&empty=&flag&a=1&a=2",
                           FormLimits{});
  REQUIRE(f.ok());
  REQUIRE(f->fields.size() == 6);
  CHECK(*f->Get("name") == "Nguy\xE1\xBB\x85n V\xC4\x83n A");
  CHECK(*f->Get("empty") == "");
  CHECK(*f->Get("flag") == "");
  CHECK(*f->Get("a") == "1");
  CHECK(f->GetAll("a") == std::vector<std::string>{"1", "2"});
  CHECK(f->Get("missing") == nullptr);
  CHECK(f->GetAll("missing").empty());
  // '=' inside a value belongs to the value.
  auto g = ParseQueryString("q=a=b&x=%3D", FormLimits{});
  REQUIRE(g.ok());
  CHECK(*g->Get("q") == "a=b");
  CHECK(*g->Get("x") == "=");
  CHECK(ParseUrlEncoded("", FormLimits{})->fields.empty());
  CHECK(ParseUrlEncoded("&&&", FormLimits{})->fields.empty());
}

TEST_CASE("ParseUrlEncoded errors: bad escapes are 400, limits are 413") {
  FormLimits small;
  small.max_body = 100;
  small.max_fields = 3;
  small.max_field_bytes = 5;
  small.max_name_bytes = 4;
  struct Row {
    std::string body;
    Code code;
  };
  const Row rows[] = {
      {"a=%zz", Code::kInvalidArgument},      {"a%=1", Code::kInvalidArgument},
      {"a=1%", Code::kInvalidArgument},       {"a=1&b=2&c=3&d=4", Code::kResourceExhausted},
      {"a=123456", Code::kResourceExhausted}, {"a=%31%32%33%34%35%36", Code::kResourceExhausted},
      {"abcde=1", Code::kResourceExhausted},  {std::string(101, 'a'), Code::kResourceExhausted},
  };
  for (const Row& r : rows) {
    CAPTURE(r.body);
    auto got = ParseUrlEncoded(r.body, small);
    REQUIRE_FALSE(got.ok());
    CHECK(got.status().code() == r.code);
  }
  // Exactly at the limits is fine, and %XX counts as one byte.
  auto ok = ParseUrlEncoded("abcd=%31%32%33%34%35&b=&c", small);
  REQUIRE(ok.ok());
  CHECK(*ok->Get("abcd") == "12345");
}

TEST_CASE("ParseUrlEncoded: 10k fields and a huge field stop at the limits") {
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "f" + std::to_string(i) + "=x&";
  auto got = ParseUrlEncoded(many, FormLimits{});
  REQUIRE_FALSE(got.ok());
  CHECK(got.status().code() == Code::kResourceExhausted);

  std::string huge = "content=" + std::string(FormLimits{}.max_field_bytes + 1, 'a');
  got = ParseUrlEncoded(huge, FormLimits{});
  REQUIRE_FALSE(got.ok());
  CHECK(got.status().code() == Code::kResourceExhausted);
}

TEST_CASE("MultipartBoundary reads quoted and bare boundaries") {
  struct Row {
    const char* header;
    const char* boundary;  // nullptr: error
  };
  const Row rows[] = {
      {"multipart/form-data; boundary=abc", "abc"},
      {"Multipart/Form-Data;boundary=abc", "abc"},
      {"multipart/form-data; BOUNDARY=\"a b:c\"", "a b:c"},
      {"multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxk",
       "----WebKitFormBoundary7MA4YWxk"},
      {"multipart/form-data; boundary=\"q\\\"\"", nullptr},  // '"' is not a bchar
      {"multipart/form-data; boundary=----=_Part_1", "----=_Part_1"},
      {"multipart/form-data; boundary=abc;", "abc"},
      {"multipart/form-data", nullptr},
      {"multipart/form-data; boundary=", nullptr},
      {"multipart/form-data; boundary=\"\"", nullptr},
      {"multipart/form-data; boundary=\"abc", nullptr},
      {"multipart/form-data; boundary=a; boundary=b", nullptr},
      {"multipart/form-data; boundary=\"abc \"", nullptr},
      {"multipart/form-data; boundary=a\x01z", nullptr},
      {"multipart/mixed; boundary=abc", nullptr},
      {"application/x-www-form-urlencoded", nullptr},
      {"multipart/form-data; boundary=abc junk", nullptr},
      {"", nullptr},
  };
  for (const Row& r : rows) {
    CAPTURE(r.header);
    auto got = MultipartBoundary(r.header);
    REQUIRE(got.ok() == (r.boundary != nullptr));
    if (r.boundary) CHECK(*got == r.boundary);
  }
  std::string b70(70, 'b'), b71(71, 'b');
  CHECK(MultipartBoundary("multipart/form-data; boundary=" + b70).ok());
  CHECK_FALSE(MultipartBoundary("multipart/form-data; boundary=" + b71).ok());
}

TEST_CASE("ParseMultipart reads fields and files as a browser sends them") {
  const std::string body =
      "preamble is ignored\r\n" + Field("name", "Nguy\xE1\xBB\x85n V\xC4\x83n A") +
      Field("content", "line 1\r\nline 2\r\n--XyZ but not a delimiter\r\n--XyZX neither") +
      Part(
          "Content-Disposition: form-data; name=\"photo\"; filename=\"../../x.jpg\"\r\n"
          "Content-Type: image/jpeg",
          std::string("\xFF\xD8\xFF\0\r\n", 6)) +
      Part(
          "content-disposition: form-data; name=\"blank\"; filename=\"\"\r\n"
          "Content-Type: application/octet-stream",
          "") +
      Field("name", "second") + Field("empty", "") + kClose + "epilogue\r\n--XyZ junk";
  auto f = ParseMultipart(body, kCt, FormLimits{});
  REQUIRE_MESSAGE(f.ok(), f.status().ToString());
  REQUIRE(f->fields.size() == 4);
  CHECK(*f->Get("name") == "Nguy\xE1\xBB\x85n V\xC4\x83n A");
  CHECK(f->GetAll("name") == std::vector<std::string>{"Nguy\xE1\xBB\x85n V\xC4\x83n A", "second"});
  CHECK(*f->Get("content") == "line 1\r\nline 2\r\n--XyZ but not a delimiter\r\n--XyZX neither");
  CHECK(*f->Get("empty") == "");
  REQUIRE(f->files.size() == 1);  // the blank file input is dropped
  const auto* photo = f->GetFile("photo");
  REQUIRE(photo != nullptr);
  CHECK(photo->filename == "../../x.jpg");  // as sent; SanitizedBaseName strips it
  CHECK(photo->content_type == "image/jpeg");
  CHECK(photo->data == std::string("\xFF\xD8\xFF\0\r\n", 6));
  CHECK(f->GetFile("blank") == nullptr);
}

TEST_CASE("ParseMultipart edge shapes that are valid") {
  struct Row {
    const char* what;
    std::string body;
    size_t fields;
  };
  const Row rows[] = {
      {"no parts", "--XyZ--", 0},
      {"no parts, preamble", "junk\r\n--XyZ--\r\n", 0},
      {"padding after delimiters",
       "--XyZ \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--  ", 1},
      {"no CRLF after close", Field("a", "1") + "--XyZ--", 1},
      {"folded header",
       "--XyZ\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n--XyZ--", 1},
      {"other headers ignored",
       "--XyZ\r\nX-Foo: bar\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", 1},
      {"bare CR and LF are data", Field("a", "x\ry\nz\r\n-") + kClose, 1},
      // A broken first delimiter line is preamble (RFC 2046): what follows
      // up to the next real delimiter is skipped.
      {"CR without LF: preamble",
       "--XyZ\rContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", 0},
      {"NUL after boundary: preamble", std::string("--XyZ\0\r\n\r\n1\r\n--XyZ--", 20), 0},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    auto f = ParseMultipart(r.body, kCt, FormLimits{});
    REQUIRE_MESSAGE(f.ok(), f.status().ToString());
    CHECK(f->fields.size() == r.fields);
  }
  auto f = ParseMultipart(Field("a", "x\ry\nz\r\n-") + kClose, kCt, FormLimits{});
  CHECK(*f->Get("a") == "x\ry\nz\r\n-");
}

TEST_CASE("ParseMultipart rejects malformed bodies") {
  const std::string cd = "Content-Disposition: form-data; name=\"a\"";
  struct Row {
    const char* what;
    std::string body;
  };
  const std::string good = Field("a", "1") + kClose;
  const Row rows[] = {
      {"empty body", ""},
      {"no boundary at all", "hello"},
      {"missing final boundary", Field("a", "1")},
      {"truncated in data", good.substr(0, good.find("1") + 1)},
      {"truncated in headers", "--XyZ\r\nContent-Disposition: form"},
      {"truncated close", good.substr(0, good.size() - 4)},
      {"LF-only line ends", "--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--\n"},
      {"CR without LF ends headers", "--XyZ\r\n" + cd + "\r\r\n1\r\n--XyZ--"},
      {"no Content-Disposition", Part("Content-Type: text/plain", "1") + kClose},
      {"no headers", "--XyZ\r\n\r\n1\r\n--XyZ--"},
      {"no name", Part("Content-Disposition: form-data", "1") + kClose},
      {"not form-data", Part("Content-Disposition: attachment; name=a", "1") + kClose},
      {"two names", Part("Content-Disposition: form-data; name=a; name=b", "1") + kClose},
      {"two dispositions", Part(cd + "\r\n" + cd, "1") + kClose},
      {"two content types", Part(cd + "\r\nContent-Type: a/b\r\nContent-Type: c/d", "1") + kClose},
      {"header without colon", Part(cd + "\r\nbogus", "1") + kClose},
      {"unterminated quote", Part("Content-Disposition: form-data; name=\"a", "1") + kClose},
      {"fold first", Part(" folded\r\n" + cd, "1") + kClose},
      {"CR without LF after boundary", "--XyZ\r" + cd + "\r\n\r\n1\r\n--XyZ\r\n"},
      {"NUL after boundary", std::string("--XyZ\0\r\n", 8) + cd + "\r\n\r\n1\r\n--XyZ\r\n"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    auto f = ParseMultipart(r.body, kCt, FormLimits{});
    REQUIRE_FALSE(f.ok());
    CHECK(f.status().code() == motcua::Code::kInvalidArgument);
  }
  CHECK_FALSE(ParseMultipart(good, "text/plain", FormLimits{}).ok());
}

TEST_CASE("ParseMultipart limits answer kResourceExhausted") {
  FormLimits small;
  small.max_body = 4096;
  small.max_fields = 2;
  small.max_files = 1;
  small.max_field_bytes = 4;
  small.max_file_bytes = 8;
  small.max_name_bytes = 8;
  small.max_part_header_bytes = 128;
  auto file = [](std::string_view name, std::string_view data) {
    return Part(
        "Content-Disposition: form-data; name=\"f\"; filename=\"" + std::string(name) + "\"", data);
  };
  struct Row {
    const char* what;
    std::string body;
  };
  const Row rows[] = {
      {"body", std::string(4097, 'x')},
      {"fields", Field("a", "1") + Field("b", "2") + Field("c", "3") + kClose},
      {"field bytes", Field("a", "12345") + kClose},
      {"name bytes", Field("abcdefghi", "1") + kClose},
      {"files", file("a.jpg", "1") + file("b.jpg", "2") + kClose},
      {"file bytes", file("a.jpg", "123456789") + kClose},
      {"filename bytes", file("abcdefghi", "1") + kClose},
      {"header bytes",
       Part("X-Pad: " + std::string(200, 'p') + "\r\n" + "Content-Disposition: form-data; name=a",
            "1") +
           kClose},
      {"blank file parts", file("", "") + file("", "") + file("", "") + file("", "") + kClose},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    auto f = ParseMultipart(r.body, kCt, small);
    REQUIRE_FALSE(f.ok());
    CHECK(f.status().code() == Code::kResourceExhausted);
  }
  auto at_limit =
      ParseMultipart(Field("a", "1234") + file("abcdefgh", "12345678") + kClose, kCt, small);
  CHECK(at_limit.ok());
}

TEST_CASE("ParseMultipart: 10k parts and a boundary-like flood stay fast and bounded") {
  std::string many;
  for (int i = 0; i < 10000; ++i) many += Field("f", "x");
  many += kClose;
  auto f = ParseMultipart(many, kCt, FormLimits{});
  REQUIRE_FALSE(f.ok());
  CHECK(f.status().code() == Code::kResourceExhausted);

  // Near-delimiters everywhere: linear search must still finish at once.
  std::string flood = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n";
  while (flood.size() < 4u << 20) flood += "\r\n--XyZ \t x\r\n--XyZ-x\r\n--XyZx";
  auto g = ParseMultipart(flood, kCt, FormLimits{});
  REQUIRE_FALSE(g.ok());
  CHECK(g.status().code() == Code::kInvalidArgument);  // no closing boundary
}

TEST_CASE("filename* (RFC 5987) wins when it is UTF-8 and decodes") {
  struct Row {
    const char* disposition;
    const char* filename;
  };
  const Row rows[] = {
      {"form-data; name=f; filename=\"a.jpg\"; filename*=UTF-8''%E1%BA%A3nh.jpg",
       "\xE1\xBA\xA3nh.jpg"},
      {"form-data; name=f; filename*=utf-8'vi'b%20c.pdf; filename=\"a.jpg\"", "b c.pdf"},
      {"form-data; name=f; filename=\"a.jpg\"; filename*=ISO-8859-1''x.jpg", "a.jpg"},
      {"form-data; name=f; filename=\"a.jpg\"; filename*=UTF-8''%zz", "a.jpg"},
      {"form-data; name=f; filename=\"a.jpg\"; filename*=nonsense", "a.jpg"},
      {"form-data; name=f; filename=\"C:\\Users\\me\\a.jpg\"", "C:\\Users\\me\\a.jpg"},
      {"form-data; name=f; filename=\"say \\\"hi\\\".jpg\"", "say \"hi\".jpg"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.disposition);
    auto f =
        ParseMultipart(Part(std::string("Content-Disposition: ") + r.disposition, "x") + kClose,
                       kCt, FormLimits{});
    REQUIRE_MESSAGE(f.ok(), f.status().ToString());
    REQUIRE(f->files.size() == 1);
    CHECK(f->files[0].filename == r.filename);
    CHECK(f->files[0].content_type == "application/octet-stream");
  }
}

TEST_CASE("ValidateUtf8Fields rejects bad UTF-8 and NUL in names and values") {
  Form good;
  good.fields.push_back({"name", "Tr\xE1\xBA\xA7n"});
  CHECK(ValidateUtf8Fields(good).ok());
  Form bad_value = good;
  bad_value.fields.push_back({"x", "\xC3"});
  CHECK(ValidateUtf8Fields(bad_value).code() == Code::kInvalidArgument);
  Form nul = good;
  nul.fields.push_back({"x", std::string("a\0b", 3)});
  CHECK_FALSE(ValidateUtf8Fields(nul).ok());
  Form bad_file = good;
  bad_file.files.push_back({"f", "\xFF.jpg", "image/jpeg", "\xFF\xD8\xFF"});
  CHECK_FALSE(ValidateUtf8Fields(bad_file).ok());
  Form binary_data = good;
  binary_data.files.push_back({"f", "a.jpg", "image/jpeg", std::string("\xFF\0", 2)});
  CHECK(ValidateUtf8Fields(binary_data).ok());  // file bytes are not text
}

TEST_CASE("SanitizedBaseName strips directories and control bytes") {
  struct Row {
    std::string in, out;
  };
  const Row rows[] = {
      {"../../x.jpg", "x.jpg"},
      {"/etc/passwd", "passwd"},
      {"C:\\Users\\me\\a.pdf", "a.pdf"},
      {"a/b\\c.png", "c.png"},
      {"plain.jpg", "plain.jpg"},
      {"..", ""},
      {"dir/..", ""},
      {".", ""},
      {"x/", ""},
      {"", ""},
      {std::string("a\0b\r\n\x7F.jpg", 10), "ab.jpg"},
      {"\xE1\xBA\xA3nh 1.jpg", "\xE1\xBA\xA3nh 1.jpg"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.in);
    CHECK(SanitizedBaseName(r.in) == r.out);
  }
}
