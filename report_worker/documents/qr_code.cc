#include "report_worker/documents/qr_code.h"

#include <qrencode.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"

namespace werkmonitor::documents {

absl::StatusOr<QrCode> EncodeQrCode(absl::string_view text) {
  const std::string terminated(text);  // libqrencode reads a C string
  std::unique_ptr<QRcode, decltype(&QRcode_free)> symbol(
      QRcode_encodeString8bit(terminated.c_str(), /*version=*/0, QR_ECLEVEL_M), &QRcode_free);
  if (symbol == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("cannot encode \"", text, "\" as a QR code (", text.size(),
                                                   " bytes; a code holds at most 2,331 at this level)"));
  }
  const int size = symbol->width;
  std::vector<bool> dark(static_cast<size_t>(size) * size);
  // Bit 0 of each byte is the module's colour; the other bits say what kind of module it is.
  for (size_t i = 0; i < dark.size(); ++i) dark[i] = (symbol->data[i] & 1) != 0;
  return QrCode(size, std::move(dark));
}

void DrawQrCode(const QrCode& code, double x, double top, double side, const Rgb& color, PageContent& page) {
  const double module = side / code.size();
  for (int row = 0; row < code.size(); ++row) {
    // One rectangle per run of dark modules in a row: fewer operators, and no hairline seams that
    // some viewers show between squares side by side.
    for (int column = 0; column < code.size();) {
      if (!code.dark(column, row)) {
        ++column;
        continue;
      }
      const int start = column;
      while (column < code.size() && code.dark(column, row)) ++column;
      page.ops.push_back(
          DrawRect{x + start * module, top - (row + 1) * module, (column - start) * module, module, color});
    }
  }
}

}  // namespace werkmonitor::documents
