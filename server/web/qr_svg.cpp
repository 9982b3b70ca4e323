#include "web/qr_svg.h"

#include <qrencode.h>

#include <memory>
#include <mutex>

namespace motcua::web {

Result<QrMatrix> QrEncode(const std::string& text) {
  if (text.empty()) return InvalidArgument("QR: nothing to encode");
  // libqrencode keeps shared Reed-Solomon tables; serialise to be safe
  // whatever threading it was built with (encoding takes well under 1 ms).
  static std::mutex mu;
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(nullptr, QRcode_free);
  {
    std::lock_guard<std::mutex> lock(mu);
    std::unique_ptr<QRinput, void (*)(QRinput*)> input(QRinput_new2(0, QR_ECLEVEL_M),
                                                       QRinput_free);
    if (!input) return Internal("QR: out of memory");
    // Non-ASCII text says it is UTF-8 (ECI 26); without it, readers guess
    // (zbar takes Vietnamese for Shift-JIS).
    bool ascii = true;
    for (unsigned char c : text) ascii = ascii && c < 0x80;
    if (!ascii && QRinput_appendECIheader(input.get(), 26) != 0)
      return Internal("QR: cannot add the UTF-8 designator");
    if (QRinput_append(input.get(), QR_MODE_8, static_cast<int>(text.size()),
                       reinterpret_cast<const unsigned char*>(text.data())) != 0)
      return Internal("QR: cannot add the data");
    code.reset(QRcode_encodeInput(input.get()));
  }
  if (!code) return InvalidArgument("QR: text of " + std::to_string(text.size()) +
                                    " bytes does not fit in a QR code");
  QrMatrix m;
  m.size = code->width;
  m.modules.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.modules.size(); ++i) m.modules[i] = code->data[i] & 1;
  return m;
}

std::string QrSvg(const QrMatrix& m, int quiet) {
  if (quiet < 0) quiet = 0;
  const int side = m.size + 2 * quiet;
  const std::string n = std::to_string(side);
  std::string svg;
  svg.reserve(static_cast<size_t>(m.size) * m.size * 4 + 256);
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\">"
         "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  // One "M x y h w v1 h -w z" per horizontal run of dark modules.
  for (int y = 0; y < m.size; ++y) {
    int x = 0;
    while (x < m.size) {
      if (!m.Dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.size && m.Dark(x + run, y)) ++run;
      const std::string w = std::to_string(run);
      svg += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" + w +
             "v1h-" + w + "z";
      x += run;
    }
  }
  svg += "\"/></svg>";
  return svg;
}

std::string QrSvg(const std::string& text) {
  auto m = QrEncode(text);
  return m.ok() ? QrSvg(*m) : std::string();
}

}  // namespace motcua::web
