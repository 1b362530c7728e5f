#include "report_worker/pdf/pdf_writer.h"

#include <hpdf.h>
#include <hpdf_doc.h>

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/utf8.h"

namespace werkmonitor {
namespace {

constexpr double kMillimetre = 72.0 / 25.4;

// The first error libharu reports. Its demos longjmp out of the error handler; in C++ that would
// skip destructors, so the handler only records and every call site checks.
struct ErrorState {
  HPDF_STATUS code = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void OnLibraryError(HPDF_STATUS code, HPDF_STATUS detail, void* user_data) {
  auto* state = static_cast<ErrorState*>(user_data);
  if (state->code == HPDF_OK) {
    state->code = code;
    state->detail = detail;
  }
}

// A correct /ToUnicode CMap for our fonts. With the "UTF-8" encoder libharu writes each character
// as its BMP code point (Identity-H, mapped to glyphs by a CIDToGIDMap), so character codes map to
// themselves. libharu 2.3.0 attaches its encoding CMap instead, whose `begincidrange` operator is
// not valid in a ToUnicode CMap (poppler: "Invalid 'begincidrange' operator"): FixToUnicode puts
// this identity map in its place. bfrange entries may not cross a change of the first byte, hence
// one range per first byte; surrogates (D8-DF) have no characters.
const std::string& IdentityToUnicodeCMap() {
  static const std::string* const kCMap = [] {
    std::vector<int> first_bytes;
    for (int high = 0; high <= 0xFF; ++high) {
      if (high < 0xD8 || high > 0xDF) first_bytes.push_back(high);
    }
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (size_t start = 0; start < first_bytes.size(); start += 100) {  // at most 100 per block
      const size_t end = std::min(first_bytes.size(), start + 100);
      absl::StrAppend(&cmap, end - start, " beginbfrange\n");
      for (size_t i = start; i < end; ++i) {
        absl::StrAppendFormat(&cmap, "<%02X00> <%02XFF> <%02X00>\n", first_bytes[i], first_bytes[i], first_bytes[i]);
      }
      absl::StrAppend(&cmap, "endbfrange\n");
    }
    absl::StrAppend(&cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return new std::string(std::move(cmap));
  }();
  return *kCMap;
}

}  // namespace

PaperSize A4() { return {"A4", 210 * kMillimetre, 297 * kMillimetre}; }
PaperSize A5() { return {"A5", 148 * kMillimetre, 210 * kMillimetre}; }

struct PdfWriter::Library {
  struct Font {
    std::string path;
    HPDF_Font font = nullptr;  // loaded on first use: a document that sets nothing in italic saves
                               // that font's setup and its bytes in the file
    HPDF_FontDef definition = nullptr;
    std::string name;
    // Per BMP code point: advance width in 1/1000 em (-1: not looked up yet), glyph present
    // (-1: not looked up yet). libharu's own lookups walk tables on every call.
    std::vector<int16_t> widths = std::vector<int16_t>(0x10000, -1);
    std::vector<int8_t> covered = std::vector<int8_t>(0x10000, -1);
    char32_t highest_drawn = 0;  // for trimming the CIDToGIDMap
  };

  ErrorState error;  // must not move: libharu holds its address
  std::unique_ptr<_HPDF_Doc_Rec, decltype(&HPDF_Free)> doc{nullptr, &HPDF_Free};
  HPDF_Page page = nullptr;
  std::array<Font, kFontStyles> fonts;

  // What the page's content stream has set, so unchanged settings are not written again.
  bool in_text = false;
  const Font* text_font = nullptr;
  double text_size = 0;
  std::optional<Rgb> fill;

  absl::Status Load(Font& font);
  absl::Status TrimGlyphMap(const Font& font);
  // The font of `style`, loaded if need be (a failure is kept in `error`).
  Font& Use(FontStyle style) {
    Font& font = fonts[static_cast<int>(style)];
    if (font.font == nullptr) load_failure.Update(Load(font));
    return font;
  }
  absl::Status load_failure;

  bool Covered(Font& font, char32_t c) {
    if (c > 0xFFFF) return false;  // libharu's UTF-8 path only addresses the BMP
    int8_t& known = font.covered[c];
    if (known < 0) known = HPDF_TTFontDef_GetGlyphid(font.definition, static_cast<HPDF_UINT16>(c)) != 0 ? 1 : 0;
    return known == 1;
  }
  int Width(Font& font, char32_t c) {
    if (c > 0xFFFF) return 0;
    int16_t& known = font.widths[c];
    if (known < 0) known = static_cast<int16_t>(HPDF_Font_GetUnicodeWidth(font.font, static_cast<HPDF_UNICODE>(c)));
    return known;
  }
  void SetFill(const Rgb& color) {
    if (fill.has_value() && fill->r == color.r && fill->g == color.g && fill->b == color.b) return;
    HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(color.r), static_cast<HPDF_REAL>(color.g),
                         static_cast<HPDF_REAL>(color.b));
    fill = color;
  }
  void EndText() {
    if (!in_text) return;
    HPDF_Page_EndText(page);
    in_text = false;
  }
};

PdfWriter::PdfWriter(std::unique_ptr<Library> library, PaperSize paper) : lib_(std::move(library)), paper_(paper) {}
PdfWriter::~PdfWriter() = default;

absl::Status PdfWriter::LibraryError(absl::string_view operation) {
  if (lib_->error.code == HPDF_OK) return absl::OkStatus();
  absl::Status status = absl::InternalError(
      absl::StrFormat("libharu error 0x%04X (detail %u) in %s", lib_->error.code, lib_->error.detail, operation));
  lib_->error = ErrorState();
  return status;
}

absl::Status PdfWriter::Library::Load(Font& font) {
  if (font.font != nullptr) return absl::OkStatus();
  HPDF_Doc pdf = doc.get();
  const char* name = HPDF_LoadTTFontFromFile(pdf, font.path.c_str(), HPDF_TRUE);
  if (name == nullptr) {
    error = ErrorState();
    return absl::NotFoundError(absl::StrCat("font ", font.path, " cannot be loaded"));
  }
  font.name = name;
  font.font = HPDF_GetFont(pdf, name, "UTF-8");
  font.definition = HPDF_GetFontDef(pdf, name);
  if (error.code != HPDF_OK || font.font == nullptr) {
    const absl::Status status =
        absl::InternalError(absl::StrFormat("libharu error 0x%04X loading font %s", error.code, font.path));
    error = ErrorState();
    return status;
  }
  // See IdentityToUnicodeCMap: replace the content of the /ToUnicode stream libharu attached.
  auto* to_unicode = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font.font, "ToUnicode", HPDF_OCLASS_DICT));
  if (to_unicode == nullptr || to_unicode->stream == nullptr) {
    return absl::InternalError("libharu: font has no /ToUnicode stream to repair");
  }
  HPDF_MemStream_FreeData(to_unicode->stream);
  HPDF_Stream_WriteStr(to_unicode->stream, IdentityToUnicodeCMap().c_str());
  for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) HPDF_Dict_RemoveElement(to_unicode, key);
  error = ErrorState();  // RemoveElement reports keys that are absent; that is fine
  return absl::OkStatus();
}

// libharu writes a CIDToGIDMap for the whole BMP (128 KB per font, deflated anew for every
// document). Characters are only ever drawn up to the highest code point used, so the map is cut
// there: the PDF maps CIDs past its end to glyph 0, and CheckCoverage keeps such CIDs out.
absl::Status PdfWriter::Library::TrimGlyphMap(const Font& font) {
  auto* descendants = static_cast<HPDF_Array>(HPDF_Dict_GetItem(font.font, "DescendantFonts", HPDF_OCLASS_ARRAY));
  auto* descendant =
      descendants ? static_cast<HPDF_Dict>(HPDF_Array_GetItem(descendants, 0, HPDF_OCLASS_DICT)) : nullptr;
  auto* map =
      descendant ? static_cast<HPDF_Dict>(HPDF_Dict_GetItem(descendant, "CIDToGIDMap", HPDF_OCLASS_DICT)) : nullptr;
  if (map == nullptr || map->stream == nullptr) return absl::InternalError("libharu: font has no CIDToGIDMap");
  std::string bytes;
  bytes.reserve(2 * (font.highest_drawn + 1));
  for (char32_t cid = 0; cid <= font.highest_drawn; ++cid) {
    const HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(font.definition, static_cast<HPDF_UINT16>(cid));
    bytes.push_back(static_cast<char>(gid >> 8));
    bytes.push_back(static_cast<char>(gid & 0xff));
  }
  HPDF_MemStream_FreeData(map->stream);
  HPDF_Stream_Write(map->stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                    static_cast<HPDF_UINT>(bytes.size()));
  return error.code == HPDF_OK ? absl::OkStatus() : absl::InternalError("libharu: cannot rewrite the CIDToGIDMap");
}

absl::StatusOr<std::unique_ptr<PdfWriter>> PdfWriter::Create(const Options& options) {
  auto lib = std::make_unique<Library>();
  lib->doc.reset(HPDF_New(&OnLibraryError, &lib->error));
  if (lib->doc == nullptr) return absl::ResourceExhaustedError("libharu: cannot create a document");
  HPDF_Doc doc = lib->doc.get();
  std::unique_ptr<PdfWriter> writer(new PdfWriter(std::move(lib), options.paper));
  Library& l = *writer->lib_;

  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc);
  // UTF-8 must be the current encoder before document information is set, or it is written as
  // PDFDocEncoding bytes.
  HPDF_SetCurrentEncoder(doc, "UTF-8");
  for (int style = 0; style < kFontStyles; ++style) l.fonts[style].path = options.fonts.paths[style];
  // The regular font is needed by every document; loading it now reports a missing font at once.
  if (absl::Status s = l.Load(l.fonts[static_cast<int>(FontStyle::kRegular)]); !s.ok()) return s;

  const DocumentInfo& info = options.info;
  HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, info.title.c_str());
  HPDF_SetInfoAttr(doc, HPDF_INFO_SUBJECT, info.subject.c_str());
  HPDF_SetInfoAttr(doc, HPDF_INFO_AUTHOR, info.author.c_str());
  HPDF_SetInfoAttr(doc, HPDF_INFO_KEYWORDS, info.keywords.c_str());
  HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "werkmonitor report_worker");
  const absl::CivilSecond when = absl::ToCivilSecond(info.created, absl::UTCTimeZone());
  HPDF_Date date{static_cast<HPDF_INT>(when.year()),
                 when.month(),
                 when.day(),
                 when.hour(),
                 when.minute(),
                 when.second(),
                 'Z',
                 0,
                 0};
  HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(doc, HPDF_INFO_MOD_DATE, date);
  // /Lang on the catalog: there is no API for it, the catalog is a public dictionary.
  HPDF_Dict_Add(doc->catalog, "Lang", HPDF_String_New(doc->mmgr, info.language.c_str(), nullptr));
  if (absl::Status s = writer->LibraryError("setting document information"); !s.ok()) return s;
  return writer;
}

absl::Status PdfWriter::NewPage() {
  lib_->EndText();
  lib_->page = HPDF_AddPage(lib_->doc.get());
  lib_->text_font = nullptr;
  lib_->fill.reset();
  if (lib_->page != nullptr) {
    HPDF_Page_SetWidth(lib_->page, static_cast<HPDF_REAL>(paper_.width));
    HPDF_Page_SetHeight(lib_->page, static_cast<HPDF_REAL>(paper_.height));
    ++page_count_;
  }
  return LibraryError("adding a page");
}

double PdfWriter::TextWidth(absl::string_view utf8, FontStyle style, double size) {
  Library::Font& font = lib_->Use(style);
  if (font.font == nullptr) return 0;
  long units = 0;
  for (Utf8Decoder decoder(utf8); !decoder.done();) units += lib_->Width(font, decoder.Next());
  return static_cast<double>(units) * size / 1000.0;
}

double PdfWriter::CharWidth(char32_t c, FontStyle style, double size) {
  Library::Font& font = lib_->Use(style);
  return font.font == nullptr ? 0 : lib_->Width(font, c) * size / 1000.0;
}

absl::Status PdfWriter::CheckCoverage(absl::string_view utf8, FontStyle style) {
  Library::Font& font = lib_->Use(style);
  if (!lib_->load_failure.ok()) return lib_->load_failure;
  Utf8Decoder decoder(utf8);
  while (!decoder.done()) {
    const size_t at = decoder.position();
    const char32_t c = decoder.Next();
    if (decoder.failed()) return absl::InvalidArgumentError(absl::StrCat("text is not valid UTF-8: \"", utf8, "\""));
    if (!lib_->Covered(font, c)) {
      return absl::InvalidArgumentError(absl::StrFormat("font %s has no glyph for U+%04X (\"%s\" at byte %d) in \"%s\"",
                                                        font.name, static_cast<uint32_t>(c),
                                                        utf8.substr(at, decoder.position() - at), at, utf8));
    }
    font.highest_drawn = std::max(font.highest_drawn, c);
  }
  return absl::OkStatus();
}

absl::Status PdfWriter::Text(double x, double y, absl::string_view utf8, FontStyle style, double size,
                             const Rgb& color) {
  if (absl::Status s = CheckCoverage(utf8, style); !s.ok()) return s;
  Library& l = *lib_;
  const Library::Font& font = l.fonts[static_cast<int>(style)];
  // One text object for consecutive texts; the font and the colour are only set when they change.
  if (!l.in_text) {
    HPDF_Page_BeginText(l.page);
    l.in_text = true;
  }
  if (l.text_font != &font || l.text_size != size) {
    HPDF_Page_SetFontAndSize(l.page, font.font, static_cast<HPDF_REAL>(size));
    l.text_font = &font;
    l.text_size = size;
  }
  l.SetFill(color);
  HPDF_Page_TextOut(l.page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), std::string(utf8).c_str());
  return LibraryError("drawing text");
}

void PdfWriter::FillRect(double x, double y, double width, double height, const Rgb& color) {
  lib_->EndText();
  lib_->SetFill(color);
  HPDF_Page_Rectangle(lib_->page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), static_cast<HPDF_REAL>(width),
                      static_cast<HPDF_REAL>(height));
  HPDF_Page_Fill(lib_->page);
}

void PdfWriter::FillCircle(double cx, double cy, double radius, const Rgb& color) {
  lib_->EndText();
  lib_->SetFill(color);
  HPDF_Page_Circle(lib_->page, static_cast<HPDF_REAL>(cx), static_cast<HPDF_REAL>(cy), static_cast<HPDF_REAL>(radius));
  HPDF_Page_Fill(lib_->page);
}

void PdfWriter::Line(double x1, double y1, double x2, double y2, double width, const Rgb& color) {
  lib_->EndText();
  HPDF_Page page = lib_->page;
  HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(width));
  HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(color.r), static_cast<HPDF_REAL>(color.g),
                         static_cast<HPDF_REAL>(color.b));
  HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(x1), static_cast<HPDF_REAL>(y1));
  HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(x2), static_cast<HPDF_REAL>(y2));
  HPDF_Page_Stroke(page);
}

absl::StatusOr<std::string> PdfWriter::Finish() {
  HPDF_Doc doc = lib_->doc.get();
  lib_->EndText();
  if (!lib_->load_failure.ok()) return lib_->load_failure;
  if (absl::Status s = LibraryError("drawing"); !s.ok()) return s;
  for (const Library::Font& font : lib_->fonts) {
    if (font.font == nullptr) continue;
    if (absl::Status s = lib_->TrimGlyphMap(font); !s.ok()) return s;
  }
  HPDF_SaveToStream(doc);
  if (absl::Status s = LibraryError("writing the document"); !s.ok()) return s;
  std::string bytes(HPDF_GetStreamSize(doc), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  bytes.resize(size);
  // Reading to the end reports HPDF_STREAM_EOF, which is how it says "done".
  if (lib_->error.code == HPDF_STREAM_EOF) lib_->error = ErrorState();
  if (absl::Status s = LibraryError("reading the document"); !s.ok()) return s;
  return bytes;
}

}  // namespace werkmonitor
