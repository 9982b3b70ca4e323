// QR codes made on the server (libqrencode) and drawn as SVG, so a citizen at
// the kiosk can scan a page onto their own phone over the counter's Wi-Fi.
// The SVG uses presentation attributes only (no style attribute): it passes
// the strict CSP (style-src 'self') when inlined in a page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace motcua::web {

// The module matrix of one QR symbol, without the quiet zone.
struct QrMatrix {
  int size = 0;                  // modules per side (21 for version 1, +4 per version)
  std::vector<uint8_t> modules;  // size*size, row-major, 1 = dark

  bool Dark(int x, int y) const { return modules[static_cast<size_t>(y) * size + x] != 0; }
};

// Encodes `text` as 8-bit bytes (UTF-8 as is), error correction level M,
// the smallest version that fits. Fails for empty text or text too long for
// a QR symbol (about 2,300 bytes at level M).
Result<QrMatrix> QrEncode(const std::string& text);

// The matrix as an SVG element: one path of dark modules on a white square,
// `quiet` modules of white margin on each side (4 is what the standard asks).
// Scales to whatever size CSS gives it; crisp edges.
std::string QrSvg(const QrMatrix& m, int quiet = 4);

// Text -> SVG. Empty string when the text cannot be encoded (the caller then
// shows the address alone).
std::string QrSvg(const std::string& text);

}  // namespace motcua::web
