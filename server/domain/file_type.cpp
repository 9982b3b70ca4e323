#include "domain/file_type.h"

namespace motcua::domain {

FileKind SniffFileKind(std::string_view bytes) {
  // substr clamps, so short inputs simply fail to match: no reads past the end.
  if (bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return FileKind::kJpeg;
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return FileKind::kPng;
  if (bytes.substr(0, 5) == "%PDF-") return FileKind::kPdf;
  return FileKind::kUnknown;
}

std::string_view FileKindExtension(FileKind kind) {
  switch (kind) {
    case FileKind::kJpeg:
      return ".jpg";
    case FileKind::kPng:
      return ".png";
    case FileKind::kPdf:
      return ".pdf";
    case FileKind::kUnknown:
      break;
  }
  return "";
}

std::string_view FileKindMime(FileKind kind) {
  switch (kind) {
    case FileKind::kJpeg:
      return "image/jpeg";
    case FileKind::kPng:
      return "image/png";
    case FileKind::kPdf:
      return "application/pdf";
    case FileKind::kUnknown:
      break;
  }
  return "application/octet-stream";
}

}  // namespace motcua::domain
