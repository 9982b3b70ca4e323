#include "domain/file_type.h"

#include <doctest/doctest.h>

#include <string>

using motcua::domain::FileKind;
using motcua::domain::FileKindExtension;
using motcua::domain::FileKindMime;
using motcua::domain::SniffFileKind;

TEST_CASE("SniffFileKind reads magic bytes, not names") {
  struct Row {
    std::string bytes;
    FileKind kind;
  };
  const Row rows[] = {
      {std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10), FileKind::kJpeg},
      {std::string("\xFF\xD8\xFF", 3), FileKind::kJpeg},
      {std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16), FileKind::kPng},
      {std::string("\x89PNG\r\n\x1A\n", 8), FileKind::kPng},
      {"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", FileKind::kPdf},
      {"%PDF-", FileKind::kPdf},
      // Truncated or near-miss signatures.
      {"", FileKind::kUnknown},
      {std::string("\xFF\xD8", 2), FileKind::kUnknown},
      {std::string("\xFF\xD9\xFF", 3), FileKind::kUnknown},
      {std::string("\x89PNG\r\n\x1A", 7), FileKind::kUnknown},
      {std::string("\x89PNG\n\x1A\n\0", 8), FileKind::kUnknown},  // line ends mangled
      {"%PDF", FileKind::kUnknown},
      {" %PDF-1.4", FileKind::kUnknown},
      {"%pdf-1.4", FileKind::kUnknown},
      {"GIF89a", FileKind::kUnknown},
      {"PK\x03\x04", FileKind::kUnknown},  // DOCX/XLSX are zip: not accepted here
      {"<html><body>", FileKind::kUnknown},
      {std::string(4, '\0'), FileKind::kUnknown},
  };
  for (const Row& r : rows) {
    CAPTURE(r.bytes);
    CHECK(SniffFileKind(r.bytes) == r.kind);
  }
}

TEST_CASE("FileKind extension and MIME type") {
  struct Row {
    FileKind kind;
    const char* ext;
    const char* mime;
  };
  const Row rows[] = {
      {FileKind::kJpeg, ".jpg", "image/jpeg"},
      {FileKind::kPng, ".png", "image/png"},
      {FileKind::kPdf, ".pdf", "application/pdf"},
      {FileKind::kUnknown, "", "application/octet-stream"},
  };
  for (const Row& r : rows) {
    CHECK(FileKindExtension(r.kind) == r.ext);
    CHECK(FileKindMime(r.kind) == r.mime);
  }
}
