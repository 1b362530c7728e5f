// Decoding UTF-8 one code point at a time, strictly: overlong forms, surrogates and values above
// U+10FFFF are errors.
//
//   for (Utf8Decoder d(text); !d.done();) { char32_t c = d.Next(); if (d.failed()) ...; }
#ifndef WERKMONITOR_COMMON_UTF8_H_
#define WERKMONITOR_COMMON_UTF8_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace werkmonitor {

class Utf8Decoder {
 public:
  explicit Utf8Decoder(absl::string_view text) : text_(text) {}

  bool done() const { return failed_ || position_ >= text_.size(); }
  bool failed() const { return failed_; }
  // Byte offset of the next code point.
  size_t position() const { return position_; }

  // The next code point; on invalid input sets failed() and returns U+FFFD.
  char32_t Next() {
    const unsigned char lead = static_cast<unsigned char>(text_[position_]);
    size_t length;
    char32_t code_point;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return Fail();
    }
    if (position_ + length > text_.size()) return Fail();
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text_[position_ + k]);
      if ((next & 0xC0) != 0x80) return Fail();
      code_point = (code_point << 6) | (next & 0x3F);
    }
    static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length] || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return Fail();
    }
    position_ += length;
    return code_point;
  }

 private:
  char32_t Fail() {
    failed_ = true;
    return 0xFFFD;
  }

  absl::string_view text_;
  size_t position_ = 0;
  bool failed_ = false;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_UTF8_H_
