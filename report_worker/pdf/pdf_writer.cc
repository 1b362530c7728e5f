#include "report_worker/pdf/pdf_writer.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <zlib.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/files.h"
#include "common/sha256.h"
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

// A TrueType file split so that a document can embed only the glyphs it drew: the whole subset
// font is ~30 KB, of which the glyph outlines are ~26 KB, while a leaflet draws a fifth of them.
// Glyph ids stay as they are (the outlines of glyphs not drawn are left empty), so the CIDs written
// with /CIDToGIDMap /Identity keep pointing at the right glyphs.
struct TrueTypeFile {
  struct Table {
    std::string tag;
    uint32_t offset = 0, length = 0;
  };
  std::string bytes;
  std::vector<Table> tables;                      // in the file's order
  bool long_offsets = false;                      // head.indexToLocFormat
  std::vector<uint32_t> glyph_offset;             // into glyf, per glyph id and one past the last
  std::vector<std::vector<uint16_t>> components;  // of composite glyphs, per glyph id
};

uint32_t ReadU32(absl::string_view b, size_t at) {
  return (uint32_t{static_cast<uint8_t>(b[at])} << 24) | (uint32_t{static_cast<uint8_t>(b[at + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(b[at + 2])} << 8) | uint32_t{static_cast<uint8_t>(b[at + 3])};
}
uint16_t ReadU16(absl::string_view b, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]));
}
void AppendU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}
void AppendU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v & 0xFF));
}

absl::StatusOr<TrueTypeFile> ParseTrueType(const std::string& path, std::string bytes) {
  auto malformed = [&path](absl::string_view what) {
    return absl::FailedPreconditionError(absl::StrCat("font ", path, " cannot be subset: ", what));
  };
  TrueTypeFile file;
  file.bytes = std::move(bytes);
  const absl::string_view b = file.bytes;
  if (b.size() < 12) return malformed("too short");
  const uint16_t count = ReadU16(b, 4);
  if (b.size() < 12 + 16 * size_t{count}) return malformed("table directory cut off");
  const TrueTypeFile::Table* glyf = nullptr;
  const TrueTypeFile::Table* loca = nullptr;
  const TrueTypeFile::Table* head = nullptr;
  const TrueTypeFile::Table* maxp = nullptr;
  for (uint16_t i = 0; i < count; ++i) {
    const size_t at = 12 + 16 * size_t{i};
    TrueTypeFile::Table table{std::string(b.substr(at, 4)), ReadU32(b, at + 8), ReadU32(b, at + 12)};
    if (size_t{table.offset} + table.length > b.size()) return malformed(absl::StrCat("table ", table.tag, " cut off"));
    file.tables.push_back(std::move(table));
  }
  std::sort(file.tables.begin(), file.tables.end(), [](const auto& x, const auto& y) { return x.offset < y.offset; });
  for (const TrueTypeFile::Table& table : file.tables) {
    if (table.tag == "glyf") glyf = &table;
    if (table.tag == "loca") loca = &table;
    if (table.tag == "head") head = &table;
    if (table.tag == "maxp") maxp = &table;
  }
  if (glyf == nullptr || loca == nullptr || head == nullptr || maxp == nullptr || head->length < 54 ||
      maxp->length < 6) {
    return malformed("glyf, loca, head or maxp missing");
  }
  file.long_offsets = ReadU16(b, head->offset + 50) != 0;
  const size_t glyphs = ReadU16(b, maxp->offset + 4);
  if (loca->length < (glyphs + 1) * (file.long_offsets ? 4 : 2)) return malformed("loca too short");
  for (size_t gid = 0; gid <= glyphs; ++gid) {
    file.glyph_offset.push_back(file.long_offsets ? ReadU32(b, loca->offset + 4 * gid)
                                                  : 2 * uint32_t{ReadU16(b, loca->offset + 2 * gid)});
  }
  file.components.resize(glyphs);
  for (size_t gid = 0; gid < glyphs; ++gid) {
    const uint32_t start = file.glyph_offset[gid], end = file.glyph_offset[gid + 1];
    if (end < start || end > glyf->length) return malformed(absl::StrCat("glyph ", gid, " outside glyf"));
    if (end - start < 10 || static_cast<int16_t>(ReadU16(b, glyf->offset + start)) >= 0) continue;
    // A composite glyph: its components must be embedded too.
    size_t at = glyf->offset + start + 10;
    const size_t limit = glyf->offset + end;
    for (uint16_t flags = 0x20; flags & 0x20;) {  // MORE_COMPONENTS
      if (at + 4 > limit) return malformed(absl::StrCat("composite glyph ", gid, " cut off"));
      flags = ReadU16(b, at);
      file.components[gid].push_back(ReadU16(b, at + 2));
      at += 4 + ((flags & 0x1) ? 4 : 2);  // ARG_1_AND_2_ARE_WORDS
      if (flags & 0x8)
        at += 2;  // WE_HAVE_A_SCALE
      else if (flags & 0x40)
        at += 4;  // WE_HAVE_AN_X_AND_Y_SCALE
      else if (flags & 0x80)
        at += 8;  // WE_HAVE_A_TWO_BY_TWO
    }
  }
  return file;
}

// The font file with the outlines of `drawn` (by glyph id), .notdef and their components; the other
// glyphs keep their ids and metrics but have no outline. Tables other than glyf and loca are copied.
std::string SubsetFile(const TrueTypeFile& file, std::vector<bool> drawn) {
  drawn.resize(file.components.size(), false);
  drawn[0] = true;
  std::vector<uint16_t> pending;
  for (size_t gid = 0; gid < drawn.size(); ++gid) {
    if (drawn[gid]) pending.push_back(static_cast<uint16_t>(gid));
  }
  while (!pending.empty()) {
    const uint16_t gid = pending.back();
    pending.pop_back();
    for (const uint16_t component : file.components[gid]) {
      if (component < drawn.size() && !drawn[component]) {
        drawn[component] = true;
        pending.push_back(component);
      }
    }
  }
  const absl::string_view b = file.bytes;
  std::string glyf, loca;
  size_t glyf_offset = 0;
  for (const TrueTypeFile::Table& table : file.tables) {
    if (table.tag == "glyf") glyf_offset = table.offset;
  }
  for (size_t gid = 0; gid < drawn.size(); ++gid) {
    file.long_offsets ? AppendU32(&loca, static_cast<uint32_t>(glyf.size()))
                      : AppendU16(&loca, static_cast<uint16_t>(glyf.size() / 2));
    if (drawn[gid]) {
      absl::StrAppend(
          &glyf, b.substr(glyf_offset + file.glyph_offset[gid], file.glyph_offset[gid + 1] - file.glyph_offset[gid]));
    }
  }
  file.long_offsets ? AppendU32(&loca, static_cast<uint32_t>(glyf.size()))
                    : AppendU16(&loca, static_cast<uint16_t>(glyf.size() / 2));

  std::string out(b.data(), 12);
  const size_t directory = out.size();
  out.resize(directory + 16 * file.tables.size());
  // Directory entries in tag order, as the format asks; table data in the original file's order.
  std::vector<size_t> by_tag(file.tables.size());
  for (size_t i = 0; i < by_tag.size(); ++i) by_tag[i] = i;
  std::sort(by_tag.begin(), by_tag.end(), [&](size_t x, size_t y) { return file.tables[x].tag < file.tables[y].tag; });
  std::vector<std::string> records(file.tables.size());
  for (size_t i = 0; i < file.tables.size(); ++i) {
    const TrueTypeFile::Table& table = file.tables[i];
    const absl::string_view data = table.tag == "glyf"   ? absl::string_view(glyf)
                                   : table.tag == "loca" ? absl::string_view(loca)
                                                         : b.substr(table.offset, table.length);
    const uint32_t offset = static_cast<uint32_t>(out.size());
    absl::StrAppend(&out, data);
    out.resize((out.size() + 3) & ~size_t{3}, '\0');  // tables start on four-byte boundaries
    uint32_t checksum = 0;
    for (size_t at = offset; at < out.size(); at += 4) checksum += ReadU32(out, at);
    std::string& record = records[i];
    record = table.tag;
    AppendU32(&record, checksum);  // head's is off by its checkSumAdjustment, which readers ignore
    AppendU32(&record, offset);
    AppendU32(&record, static_cast<uint32_t>(data.size()));
  }
  for (size_t i = 0; i < by_tag.size(); ++i) out.replace(directory + 16 * i, 16, records[by_tag[i]]);
  return out;
}

// Everything a document needs of one TrueType font, prepared once per process and immutable from
// then on, so the report worker's rendering threads share it without locks.
//
// Why not libharu's own font path: with its UTF-8 encoder, HPDF_GetFont walks all 65,536 code
// points for every document, and every document deflates the same font program again — together
// about two thirds of the instructions of a text-heavy page. Here a document writes its own font
// objects from this (PdfWriter::Library::Embed) and embeds the outlines it drew (SubsetFile).
//
// The PDF font is a Type0 font over a CIDFontType2 with /CIDToGIDMap /Identity: a character is
// written as its glyph id, so the /ToUnicode CMap maps glyph ids back to characters. That needs one
// character per glyph, which LoadFontProgram checks.
struct FontProgram {
  std::string path;
  std::string base_font;           // "ABCDEF+NotoSans-Regular": a subset tag derived from the font's bytes
  std::vector<uint16_t> glyph_of;  // per BMP code point; 0 (.notdef) when the font lacks it
  std::vector<int16_t> width_of;   // per glyph id, in 1/1000 em: the layout and /W both read it
  int ascent = 0, descent = 0, cap_height = 0, flags = 0, italic_angle = 0, stem_v = 0;
  HPDF_Box bbox{};
  TrueTypeFile file;       // embedded per document with the glyphs it drew (SubsetFile)
  std::string to_unicode;  // the ToUnicode CMap, deflated

  int Width(char32_t c) const { return c > 0xFFFF ? 0 : width_of[glyph_of[c]]; }
};

absl::StatusOr<std::string> Deflate(absl::string_view bytes, int level) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(size, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                           static_cast<uLong>(bytes.size()), level);
  if (rc != Z_OK) return absl::InternalError(absl::StrCat("zlib compress2 failed with ", rc));
  out.resize(size);
  return out;
}

// Six capital letters from the font's bytes: the same font file gives the same name, so output stays
// reproducible, and a changed file gets another tag, as PDF subset names require.
std::string SubsetTag(absl::string_view font_bytes) {
  const std::string hex = Sha256Hex(font_bytes);
  std::string tag;
  for (int i = 0; i < 6; ++i) {
    const char h = hex[i];
    tag.push_back(static_cast<char>('A' + (h <= '9' ? h - '0' : h - 'a' + 10)));
  }
  return tag;
}

// Glyph id -> character. Runs of consecutive glyphs for consecutive characters (most of a subset
// font, whose glyphs follow the character order) become bfrange entries, the rest bfchar; a range
// may not cross a change of the first byte of its source or destination.
std::string ToUnicodeCMap(const std::vector<char32_t>& character_of_glyph) {
  std::vector<std::string> ranges, chars;
  for (size_t gid = 1; gid < character_of_glyph.size();) {
    const char32_t c = character_of_glyph[gid];
    if (c == 0) {
      ++gid;
      continue;
    }
    size_t last = gid;
    while (last + 1 < character_of_glyph.size() && character_of_glyph[last + 1] == c + (last + 1 - gid) &&
           (last + 1) >> 8 == gid >> 8 && (c + (last + 1 - gid)) >> 8 == c >> 8) {
      ++last;
    }
    if (last == gid) {
      chars.push_back(absl::StrFormat("<%04X> <%04X>\n", gid, static_cast<uint32_t>(c)));
    } else {
      ranges.push_back(absl::StrFormat("<%04X> <%04X> <%04X>\n", gid, last, static_cast<uint32_t>(c)));
    }
    gid = last + 1;
  }
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  auto append_blocks = [&cmap](const std::vector<std::string>& entries, absl::string_view kind) {
    for (size_t start = 0; start < entries.size(); start += 100) {  // at most 100 entries per block
      const size_t end = std::min(entries.size(), start + 100);
      absl::StrAppend(&cmap, end - start, " begin", kind, "\n");
      for (size_t i = start; i < end; ++i) cmap += entries[i];
      absl::StrAppend(&cmap, "end", kind, "\n");
    }
  };
  append_blocks(ranges, "bfrange");
  append_blocks(chars, "bfchar");
  absl::StrAppend(&cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  return cmap;
}

// Reads the font with libharu's TrueType parser into a throwaway document (without embedding: the
// program embedded is the file itself), copies out what documents need and frees the document, so no
// libharu object outlives this function.
absl::StatusOr<std::unique_ptr<const FontProgram>> LoadFontProgram(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) {
    return absl::Status(bytes.status().code(),
                        absl::StrCat("font ", path, " cannot be loaded: ", bytes.status().message()));
  }
  ErrorState error;
  std::unique_ptr<_HPDF_Doc_Rec, decltype(&HPDF_Free)> doc(HPDF_New(&OnLibraryError, &error), &HPDF_Free);
  if (doc == nullptr) return absl::ResourceExhaustedError("libharu: cannot create a document");
  const char* name = HPDF_LoadTTFontFromFile(doc.get(), path.c_str(), HPDF_FALSE);
  HPDF_FontDef def = name != nullptr ? HPDF_GetFontDef(doc.get(), name) : nullptr;
  if (def == nullptr || error.code != HPDF_OK) {
    return absl::NotFoundError(
        absl::StrFormat("font %s cannot be loaded: libharu error 0x%04X (detail %u)", path, error.code, error.detail));
  }
  auto program = std::make_unique<FontProgram>();
  program->path = path;
  program->glyph_of.resize(0x10000);
  std::vector<char32_t> character_of_glyph;
  for (char32_t c = 1; c <= 0xFFFF; ++c) {
    const HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, static_cast<HPDF_UINT16>(c));
    if (gid == 0) continue;
    program->glyph_of[c] = gid;
    if (gid >= character_of_glyph.size()) character_of_glyph.resize(gid + 1, 0);
    if (character_of_glyph[gid] != 0) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "font %s draws U+%04X and U+%04X with the same glyph %d; the PDF fonts written here map each glyph "
          "back to one character, so text would not extract exactly",
          path, static_cast<uint32_t>(character_of_glyph[gid]), static_cast<uint32_t>(c), gid));
    }
    character_of_glyph[gid] = c;
  }
  if (character_of_glyph.empty())
    return absl::FailedPreconditionError(absl::StrCat("font ", path, " maps no characters"));
  program->width_of.resize(character_of_glyph.size());
  for (size_t gid = 0; gid < character_of_glyph.size(); ++gid) {
    program->width_of[gid] = HPDF_TTFontDef_GetGidWidth(def, static_cast<HPDF_UINT16>(gid));
  }
  if (error.code != HPDF_OK) {
    return absl::InternalError(absl::StrFormat("libharu error 0x%04X reading the glyphs of font %s", error.code, path));
  }
  // The fields below are not public API: tests/report/pdf_internals_test.cc pins them to 2.3.0.
  // libharu names the bold and italic definitions "NotoSans-Bold,Bold": the suffix is the convention
  // for styles a reader should synthesise. The font is embedded, so its own PostScript name is meant.
  const absl::string_view libharu_name = def->base_font;
  const absl::string_view postscript_name = libharu_name.substr(0, libharu_name.find(','));
  program->base_font = absl::StrCat(SubsetTag(*bytes), "+", postscript_name);
  program->ascent = def->ascent;
  program->descent = def->descent;
  program->cap_height = def->cap_height;
  // A CIDFont addresses glyphs by id, not through a standard character set: symbolic, not nonsymbolic.
  program->flags = static_cast<int>((def->flags & ~HPDF_FONT_STD_CHARSET) | HPDF_FONT_SYMBOLIC);
  program->stem_v = def->stemv;
  program->bbox = def->font_bbox;
  absl::StatusOr<TrueTypeFile> file = ParseTrueType(path, *std::move(bytes));
  if (!file.ok()) return file.status();
  program->file = *std::move(file);
  // libharu leaves the italic angle at 0; the post table has it (16.16 fixed-point degrees).
  for (const TrueTypeFile::Table& table : program->file.tables) {
    if (table.tag == "post" && table.length >= 8) {
      program->italic_angle = static_cast<int32_t>(ReadU32(program->file.bytes, table.offset + 4)) / 65536;
    }
  }
  // Once per process: the best compression costs nothing per document.
  absl::StatusOr<std::string> to_unicode = Deflate(ToUnicodeCMap(character_of_glyph), Z_BEST_COMPRESSION);
  if (!to_unicode.ok()) return to_unicode.status();
  program->to_unicode = *std::move(to_unicode);
  return program;
}

// The process's font programs by path, each loaded once and then never changed or freed. A failed
// load is not kept: the next document tries again (and reports the error again).
absl::StatusOr<const FontProgram*> SharedFontProgram(const std::string& path) {
  static std::mutex mutex;
  static auto* const programs = new std::map<std::string, std::unique_ptr<const FontProgram>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto found = programs->find(path);
  if (found != programs->end()) return found->second.get();
  absl::StatusOr<std::unique_ptr<const FontProgram>> program = LoadFontProgram(path);
  if (!program.ok()) return program.status();
  return programs->emplace(path, *std::move(program)).first->second.get();
}

// libharu drops any /Filter key of a stream whose own filter is "none", and would deflate again one
// that is not: pre-compressed bytes get their /Filter from this hook, which runs while the dictionary
// is written.
HPDF_STATUS WriteFlateFilter(HPDF_Dict, HPDF_Stream stream) {
  return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\n");
}

// The CIDFont's /W for the glyphs a document drew (the dictionary's attr points at them): written
// uncompressed, widths of every glyph would add kilobytes to each document. Readers take glyphs
// missing from /W at /DW, which is never used as every glyph drawn is listed.
struct DrawnGlyphs {
  const FontProgram* program = nullptr;
  std::vector<bool> drawn;  // by glyph id
};

HPDF_STATUS WriteWidths(HPDF_Dict dict, HPDF_Stream stream) {
  const DrawnGlyphs& glyphs = *static_cast<const DrawnGlyphs*>(dict->attr);
  std::string entry = "/W [";
  for (size_t gid = 0; gid < glyphs.drawn.size();) {
    if (!glyphs.drawn[gid]) {
      ++gid;
      continue;
    }
    absl::StrAppend(&entry, gid, " [");  // a run of consecutive glyphs: "first [w w ...]"
    for (const char* separator = ""; gid < glyphs.drawn.size() && glyphs.drawn[gid]; ++gid, separator = " ") {
      absl::StrAppend(&entry, separator, glyphs.program->width_of[gid]);
    }
    entry += "] ";
  }
  entry += "]\n";
  return HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(entry.data()),
                           static_cast<HPDF_UINT>(entry.size()));
}

// A number for a content stream: at most three decimals, no trailing zeros ("12", "7.5").
void AppendNumber(std::string* out, double value) {
  std::string text = absl::StrFormat("%.3f", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  absl::StrAppend(out, text);
}

}  // namespace

PaperSize A4() { return {"A4", 210 * kMillimetre, 297 * kMillimetre}; }
PaperSize A5() { return {"A5", 148 * kMillimetre, 210 * kMillimetre}; }

struct PdfWriter::Library {
  struct Font {
    std::string path;
    const FontProgram* program = nullptr;  // the process's, loaded on first use
    HPDF_Dict pdf_font = nullptr;          // this document's Type0 font, made when first drawn: a document that
                                           // only measures italic does not carry its bytes
    DrawnGlyphs glyphs;                    // must not move: the CIDFont's attr points at it
    HPDF_Dict file = nullptr;              // FontFile2, filled by Finish when the glyphs drawn are known
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

  // The font of `style`, its program loaded if need be (a failure is kept in `load_failure` and
  // leaves `program` null).
  Font& Use(FontStyle style) {
    Font& font = fonts[static_cast<int>(style)];
    if (font.program == nullptr && load_failure.ok()) {
      absl::StatusOr<const FontProgram*> program = SharedFontProgram(font.path);
      if (program.ok()) {
        font.program = *program;
      } else {
        load_failure = program.status();
      }
    }
    return font;
  }
  absl::Status load_failure;
  absl::Status Embed(Font& font);

  // Text is drawn with operators written straight into the page's content stream: libharu's
  // HPDF_Page_TextOut only knows its own fonts. libharu's graphics state does not see these
  // operators, so a text object is always closed (EndText) before libharu draws anything else.
  void WriteContent(absl::string_view operators) {
    HPDF_Stream stream = static_cast<HPDF_PageAttr>(page->attr)->stream;
    HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(operators.data()),
                      static_cast<HPDF_UINT>(operators.size()));
  }
  void SetFill(const Rgb& color) {
    if (fill.has_value() && fill->r == color.r && fill->g == color.g && fill->b == color.b) return;
    HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(color.r), static_cast<HPDF_REAL>(color.g),
                         static_cast<HPDF_REAL>(color.b));
    fill = color;
  }
  void EndText() {
    if (!in_text) return;
    WriteContent("ET\n");
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

// This document's objects for a font: a Type0 font (Identity-H, /ToUnicode) over a CIDFontType2
// (/CIDToGIDMap /Identity, /W), its FontDescriptor and the FontFile2. The ToUnicode stream gets the
// program's pre-compressed bytes; the FontFile2 is filled by Finish, when the glyphs drawn are known.
absl::Status PdfWriter::Library::Embed(Font& font) {
  if (font.pdf_font != nullptr) return absl::OkStatus();
  const FontProgram& program = *font.program;
  HPDF_MMgr mmgr = doc->mmgr;
  HPDF_Xref xref = doc->xref;
  auto pre_compressed = [&](const std::string& bytes) {
    HPDF_Dict stream = HPDF_DictStream_New(mmgr, xref);
    if (stream == nullptr) return stream;
    stream->write_fn = &WriteFlateFilter;
    HPDF_Stream_Write(stream->stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                      static_cast<HPDF_UINT>(bytes.size()));
    return stream;
  };
  auto indirect_dict = [&] {
    HPDF_Dict dict = HPDF_Dict_New(mmgr);
    if (dict != nullptr) HPDF_Xref_Add(xref, dict);
    return dict;
  };

  HPDF_Dict file = pre_compressed("");
  HPDF_Dict to_unicode = pre_compressed(program.to_unicode);
  HPDF_Dict descriptor = indirect_dict();
  HPDF_Dict cid_font = indirect_dict();
  HPDF_Dict system_info = HPDF_Dict_New(mmgr);
  HPDF_Array descendants = HPDF_Array_New(mmgr);
  HPDF_Dict type0 = indirect_dict();
  if (file == nullptr || to_unicode == nullptr || descriptor == nullptr || cid_font == nullptr ||
      system_info == nullptr || descendants == nullptr || type0 == nullptr || error.code != HPDF_OK) {
    error = ErrorState();
    return absl::ResourceExhaustedError(absl::StrCat("libharu: cannot create the objects of font ", program.path));
  }

  HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
  HPDF_Dict_AddName(descriptor, "FontName", program.base_font.c_str());
  HPDF_Dict_AddNumber(descriptor, "Flags", program.flags);
  HPDF_Dict_Add(descriptor, "FontBBox", HPDF_Box_Array_New(mmgr, program.bbox));
  HPDF_Dict_AddNumber(descriptor, "ItalicAngle", program.italic_angle);
  HPDF_Dict_AddNumber(descriptor, "Ascent", program.ascent);
  HPDF_Dict_AddNumber(descriptor, "Descent", program.descent);
  HPDF_Dict_AddNumber(descriptor, "CapHeight", program.cap_height);
  HPDF_Dict_AddNumber(descriptor, "StemV", program.stem_v);
  HPDF_Dict_Add(descriptor, "FontFile2", file);

  HPDF_Dict_Add(system_info, "Registry", HPDF_String_New(mmgr, "Adobe", nullptr));
  HPDF_Dict_Add(system_info, "Ordering", HPDF_String_New(mmgr, "Identity", nullptr));
  HPDF_Dict_AddNumber(system_info, "Supplement", 0);
  HPDF_Dict_AddName(cid_font, "Type", "Font");
  HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2");
  HPDF_Dict_AddName(cid_font, "BaseFont", program.base_font.c_str());
  HPDF_Dict_Add(cid_font, "CIDSystemInfo", system_info);
  HPDF_Dict_Add(cid_font, "FontDescriptor", descriptor);
  HPDF_Dict_AddName(cid_font, "CIDToGIDMap", "Identity");
  font.glyphs = {&program, std::vector<bool>(program.width_of.size(), false)};
  cid_font->attr = &font.glyphs;  // read by WriteWidths; libharu never frees the attr of a dictionary
  cid_font->write_fn = &WriteWidths;

  HPDF_Array_Add(descendants, cid_font);
  HPDF_Dict_AddName(type0, "Type", "Font");
  HPDF_Dict_AddName(type0, "Subtype", "Type0");
  HPDF_Dict_AddName(type0, "BaseFont", program.base_font.c_str());
  HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
  HPDF_Dict_Add(type0, "DescendantFonts", descendants);
  HPDF_Dict_Add(type0, "ToUnicode", to_unicode);
  if (error.code != HPDF_OK) {
    const absl::Status status = absl::InternalError(
        absl::StrFormat("libharu error 0x%04X writing the objects of font %s", error.code, program.path));
    error = ErrorState();
    return status;
  }
  font.pdf_font = type0;
  font.file = file;
  return absl::OkStatus();
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
  if (l.Use(FontStyle::kRegular); !l.load_failure.ok()) return l.load_failure;

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
  const FontProgram* program = lib_->Use(style).program;
  if (program == nullptr) return 0;
  long units = 0;
  for (Utf8Decoder decoder(utf8); !decoder.done();) units += program->Width(decoder.Next());
  return static_cast<double>(units) * size / 1000.0;
}

double PdfWriter::CharWidth(char32_t c, FontStyle style, double size) {
  const FontProgram* program = lib_->Use(style).program;
  return program == nullptr ? 0 : program->Width(c) * size / 1000.0;
}

absl::Status PdfWriter::CheckCoverage(absl::string_view utf8, FontStyle style) {
  const FontProgram* program = lib_->Use(style).program;
  if (program == nullptr) return lib_->load_failure;
  Utf8Decoder decoder(utf8);
  while (!decoder.done()) {
    const size_t at = decoder.position();
    const char32_t c = decoder.Next();
    if (decoder.failed()) return absl::InvalidArgumentError(absl::StrCat("text is not valid UTF-8: \"", utf8, "\""));
    // Beyond the BMP nothing is covered: glyph ids are looked up per BMP code point.
    if (c > 0xFFFF || program->glyph_of[c] == 0) {
      return absl::InvalidArgumentError(absl::StrFormat("font %s has no glyph for U+%04X (\"%s\" at byte %d) in \"%s\"",
                                                        program->path, static_cast<uint32_t>(c),
                                                        utf8.substr(at, decoder.position() - at), at, utf8));
    }
  }
  return absl::OkStatus();
}

absl::Status PdfWriter::Text(double x, double y, absl::string_view utf8, FontStyle style, double size,
                             const Rgb& color) {
  if (absl::Status s = CheckCoverage(utf8, style); !s.ok()) return s;
  Library& l = *lib_;
  Library::Font& font = l.fonts[static_cast<int>(style)];
  if (absl::Status s = l.Embed(font); !s.ok()) return s;
  // One text object for consecutive texts; the font and the colour are only set when they change.
  std::string operators;
  if (!l.in_text) {
    operators = "BT\n";
    l.in_text = true;
  }
  if (l.text_font != &font || l.text_size != size) {
    // Registers the font in the page's /Font resources (a dictionary added by hand would be replaced
    // when libharu adds its own).
    const char* name = HPDF_Page_GetLocalFontName(l.page, font.pdf_font);
    if (name == nullptr) return LibraryError("adding a font to the page");
    absl::StrAppend(&operators, "/", name, " ");
    AppendNumber(&operators, size);
    absl::StrAppend(&operators, " Tf\n");
    l.text_font = &font;
    l.text_size = size;
  }
  if (!operators.empty()) l.WriteContent(operators);
  l.SetFill(color);
  operators = "1 0 0 1 ";
  AppendNumber(&operators, x);
  operators.push_back(' ');
  AppendNumber(&operators, y);
  operators.append(" Tm (");
  // Two bytes per character, its glyph id (Identity-H), in a literal string: backslash, parentheses
  // and line ends escaped (a reader would turn a raw CR into LF).
  const FontProgram& program = *font.program;
  for (Utf8Decoder decoder(utf8); !decoder.done();) {
    const uint16_t gid = program.glyph_of[decoder.Next()];
    font.glyphs.drawn[gid] = true;
    for (const uint8_t byte : {static_cast<uint8_t>(gid >> 8), static_cast<uint8_t>(gid & 0xFF)}) {
      switch (byte) {
        case '(':
        case ')':
        case '\\':
          operators.push_back('\\');
          operators.push_back(static_cast<char>(byte));
          break;
        case '\r':
          operators.append("\\r");
          break;
        case '\n':
          operators.append("\\n");
          break;
        default:
          operators.push_back(static_cast<char>(byte));
      }
    }
  }
  operators.append(") Tj\n");
  l.WriteContent(operators);
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
  for (Library::Font& font : lib_->fonts) {
    if (font.file == nullptr) continue;
    const std::string subset = SubsetFile(font.program->file, font.glyphs.drawn);
    // Per document, so the fastest level: a few kilobytes of outlines, deflated in microseconds.
    absl::StatusOr<std::string> deflated = Deflate(subset, Z_BEST_SPEED);
    if (!deflated.ok()) return deflated.status();
    HPDF_Stream_Write(font.file->stream, reinterpret_cast<const HPDF_BYTE*>(deflated->data()),
                      static_cast<HPDF_UINT>(deflated->size()));
    HPDF_Dict_AddNumber(font.file, "Length1", static_cast<HPDF_INT32>(subset.size()));
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
