// QR codes for the documents: encoded with libqrencode and drawn as vector squares, so they stay
// sharp at any printer resolution and add only a few hundred bytes to the PDF.
//
//   absl::StatusOr<QrCode> code = EncodeQrCode("https://www.workinnl.nl/pl/");
//   DrawQrCode(*code, x, top, 18 * kMillimetre, kInk, page);
#ifndef WERKMONITOR_REPORT_WORKER_DOCUMENTS_QR_CODE_H_
#define WERKMONITOR_REPORT_WORKER_DOCUMENTS_QR_CODE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "report_worker/layout/layout.h"

namespace werkmonitor::documents {

// The modules of a QR code symbol, without its quiet zone.
class QrCode {
 public:
  QrCode(int size, std::vector<bool> dark) : size_(size), dark_(std::move(dark)) {}
  int size() const { return size_; }  // modules per side
  bool dark(int x, int y) const { return dark_[static_cast<size_t>(y) * size_ + x]; }

 private:
  int size_;
  std::vector<bool> dark_;  // row by row, from the top
};

// Encodes `text` as 8-bit data with error correction level M (15% of the symbol may be damaged:
// a folded or smudged leaflet still scans). INVALID_ARGUMENT when the text is too long for a code.
[[nodiscard]] absl::StatusOr<QrCode> EncodeQrCode(absl::string_view text);

// Modules around the symbol that must stay light for scanners to find it.
inline constexpr int kQrQuietZone = 4;

// Draws the symbol `side` points wide with its top left corner at (x, top), quiet zone not included.
void DrawQrCode(const QrCode& code, double x, double top, double side, const Rgb& color, PageContent& page);

}  // namespace werkmonitor::documents

#endif  // WERKMONITOR_REPORT_WORKER_DOCUMENTS_QR_CODE_H_
