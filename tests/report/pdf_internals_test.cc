// Pins what report_worker/pdf/pdf_writer.cc relies on in libharu beyond its public API: the layout
// of structures in Debian's libharu 2.3.0 headers, and that the library behind them fills and uses
// those fields as the writer assumes. A libharu update that changes any of it fails here, by name,
// instead of writing broken PDFs. Offsets are those of x86-64 (the project's only platform).
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "report_worker/documents/documents.h"
#include <gtest/gtest.h>

namespace werkmonitor {
namespace {

TEST(LibharuInternalsTest, IsVersion230) {
  EXPECT_STREQ(HPDF_VERSION_TEXT, "2.3.0") << "headers";
  EXPECT_STREQ(HPDF_GetVersion(), "2.3.0") << "library";
}

TEST(LibharuInternalsTest, StructureLayoutsAreThoseOf230) {
  // The document: its memory manager, catalog (for /Lang) and cross-reference table (new objects).
  EXPECT_EQ(offsetof(HPDF_Doc_Rec, mmgr), 8u);
  EXPECT_EQ(offsetof(HPDF_Doc_Rec, catalog), 16u);
  EXPECT_EQ(offsetof(HPDF_Doc_Rec, xref), 32u);
  // Dictionaries: the write hook (/Filter of pre-compressed streams, /W), the stream, attr.
  EXPECT_EQ(sizeof(HPDF_Dict_Rec), 96u);
  EXPECT_EQ(offsetof(HPDF_Dict_Rec, write_fn), 40u);
  EXPECT_EQ(offsetof(HPDF_Dict_Rec, stream), 64u);
  EXPECT_EQ(offsetof(HPDF_Dict_Rec, attr), 88u);
  // A page's content stream, where text operators are written.
  EXPECT_EQ(offsetof(HPDF_PageAttr_Rec, stream), 104u);
  // The TrueType font definition's metrics.
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, base_font), 4u);
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, ascent), 184u);
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, descent), 186u);
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, flags), 188u);
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, font_bbox), 192u);
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, italic_angle), 208u);
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, stemv), 210u);
  EXPECT_EQ(offsetof(HPDF_FontDef_Rec, cap_height), 222u);
}

struct Doc {
  Doc() : pdf(HPDF_New(nullptr, nullptr)) {}
  ~Doc() { HPDF_Free(pdf); }
  HPDF_Doc pdf;
};

// The metrics the writer reads from the font definition are the ones libharu's own font reports.
TEST(LibharuInternalsTest, FontDefinitionFieldsHoldTheFontsMetrics) {
  Doc doc;
  const std::string path = DefaultFontFiles().paths[0];
  const char* name = HPDF_LoadTTFontFromFile(doc.pdf, path.c_str(), HPDF_FALSE);
  ASSERT_NE(name, nullptr) << path;
  // Loaded without embedding, the name carries no subset tag of libharu's.
  EXPECT_STREQ(name, "NotoSans-Regular");
  HPDF_FontDef def = HPDF_GetFontDef(doc.pdf, name);
  ASSERT_NE(def, nullptr);
  EXPECT_STREQ(def->base_font, name);
  HPDF_UseUTFEncodings(doc.pdf);
  HPDF_Font font = HPDF_GetFont(doc.pdf, name, "UTF-8");
  ASSERT_NE(font, nullptr);
  EXPECT_EQ(def->ascent, HPDF_Font_GetAscent(font));
  EXPECT_EQ(def->descent, HPDF_Font_GetDescent(font));
  EXPECT_EQ(def->cap_height, HPDF_Font_GetCapHeight(font));
  const HPDF_Box box = HPDF_Font_GetBBox(font);
  EXPECT_EQ(std::memcmp(&def->font_bbox, &box, sizeof box), 0);
  EXPECT_GT(def->ascent, 0);
  EXPECT_LT(def->descent, 0);
  // Widths by glyph id equal libharu's widths by character.
  const HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, 0x0105);  // ą
  ASSERT_NE(gid, 0);
  EXPECT_EQ(HPDF_TTFontDef_GetGidWidth(def, gid), HPDF_Font_GetUnicodeWidth(font, 0x0105));
}

HPDF_STATUS WriteMarker(HPDF_Dict dict, HPDF_Stream stream) {
  return HPDF_Stream_WriteStr(stream, static_cast<const char*>(dict->attr));
}

// write_fn runs inside the dictionary, after its keys; attr is left alone; a page's stream field is
// the content stream libharu's own operators go to.
TEST(LibharuInternalsTest, WriteHookAndPageStreamWorkAsTheWriterUsesThem) {
  Doc doc;
  HPDF_SetCompressionMode(doc.pdf, HPDF_COMP_NONE);
  HPDF_Page page = HPDF_AddPage(doc.pdf);
  ASSERT_NE(page, nullptr);
  HPDF_Stream content = static_cast<HPDF_PageAttr>(page->attr)->stream;
  const HPDF_UINT32 before = HPDF_Stream_Size(content);
  HPDF_Page_MoveTo(page, 1, 2);
  EXPECT_GT(HPDF_Stream_Size(content), before);
  HPDF_Stream_WriteStr(content, "% raw operators\n");

  HPDF_Dict dict = HPDF_DictStream_New(doc.pdf->mmgr, doc.pdf->xref);
  ASSERT_NE(dict, nullptr);
  static char marker[] = "/Marker 42\n";
  dict->attr = marker;
  dict->write_fn = &WriteMarker;
  HPDF_Stream_WriteStr(dict->stream, "stream bytes");
  HPDF_Dict_Add(doc.pdf->catalog, "Test", dict);
  ASSERT_EQ(HPDF_SaveToStream(doc.pdf), HPDF_OK);
  std::string bytes(HPDF_GetStreamSize(doc.pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(doc.pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  bytes.resize(size);
  EXPECT_NE(bytes.find("/Marker 42\n>>\nstream\r\nstream bytes\nendstream"), std::string::npos);
  EXPECT_NE(bytes.find("% raw operators\n"), std::string::npos);
}

}  // namespace
}  // namespace werkmonitor
