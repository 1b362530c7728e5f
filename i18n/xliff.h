// Translation units as XLIFF 2.0 files (urn:oasis:names:tc:xliff:document:2.0), the format CAT tools
// (memoQ, Trados, OmegaT) read and write. Pure: units in, bytes out, and back; written and read
// with libxml2. Which units, and whether a translation may be stored, is the domain's
// (domain/translation_units.h).
//
//   absl::StatusOr<std::string> bytes = WriteXliff({.file_id = "data", .target_locale = "hu", .units = units});
//   absl::StatusOr<XliffDocument> read = ReadXliff(*bytes);
//
// A unit is written as
//   <unit id="measure.werk-1.summary">
//     <mda:metadata><mda:metaGroup category="werkmonitor">
//       <mda:meta type="source_fingerprint">83d3498367cd07e0</mda:meta>   the Dutch it was made from
//     </mda:metaGroup></mda:metadata>
//     <gls:glossary>                                 the terms its Dutch names (TranslationUnit::glossary)
//       <gls:glossEntry id="bsn">
//         <gls:term source="werkmonitor term base">BSN (burgerservicenummer)</gls:term>
//         <gls:translation>BSN-szám (burgerservicenummer, …)</gls:translation>   the approved name,
//         <gls:translation>BSN-szám*</gls:translation>                          then each form
//         <gls:definition>Az Ön személyes azonosító száma …</gls:definition>
//       </gls:glossEntry>
//     </gls:glossary>
//     <notes><note category="description">measure summary: … At most 800 characters.</note></notes>
//     <originalData><data id="d1">{invoering}</data></originalData>
//     <segment state="initial">
//       <source xml:space="preserve">Vanaf <ph id="1" dataRef="d1" disp="{invoering}" canDelete="no"/> geldt …</source>
//       <target xml:space="preserve">…</target>       only when a translation is stored (a stale one's)
//     </segment>
//   </unit>
// A message's ICU syntax (placeholders, a plural's '#' and frame) stands as <ph> codes whose
// original text is kept in <originalData>, so a translator cannot break it by typing and reading
// back puts it back exactly. A structured text has one segment per block text or list item, and
// the file forbids resegmenting (canResegment="no"): the segments are the text's structure.
// A target counts as translated when its segment's state is translated, reviewed or final: a stale
// unit's old translation is written in state initial, so it is never taken back unconfirmed.
// The glossary (XLIFF 2.0's Glossary module, urn:oasis:names:tc:xliff:glossary:2.0) stands where
// the core schema puts modules' elements, before <notes>; reading skips it: the term base, not a
// file's copy of it, is what an import is checked against.
#ifndef WERKMONITOR_I18N_XLIFF_H_
#define WERKMONITOR_I18N_XLIFF_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "domain/translation_units.h"

namespace werkmonitor {

struct XliffDocument {
  std::string file_id;  // <file id>: what the units are texts of, e.g. "data" or "catalog"
  std::string source_locale = "nl";
  std::string target_locale;
  std::vector<TranslationUnit> units;
};

// The units of a file as read back.
struct XliffUnit {
  // id, source_fingerprint, the source segments, and the target segments when translated (each
  // segment has a target in state translated, reviewed or final), else none.
  TranslationUnit unit;
  bool translated = false;
  std::string problem;  // why the unit could not be read, e.g. an inline code without original data; "" when it could
};

struct XliffRead {
  std::string file_id;  // of the first <file>
  std::string source_locale;
  std::string target_locale;
  std::vector<XliffUnit> units;  // of every <file> and <group>, in document order
};

// The document as XLIFF 2.0, UTF-8, indented. A message's segments that are not ICU MessageFormat
// are written as plain text. INVALID_ARGUMENT without units (a <file> needs one), or for a glossary
// entry without a term, or with neither a translation nor a definition (the module requires one),
// naming unit and entry; INTERNAL when libxml2 fails.
[[nodiscard]] absl::StatusOr<std::string> WriteXliff(const XliffDocument& document);

// INVALID_ARGUMENT when `bytes` is not well-formed XML (with libxml2's reason and line), has a
// DOCTYPE (entities are never expanded and nothing is fetched), or is not XLIFF 2.0 (namespace,
// version, srcLang and trgLang). Problems inside a unit are reported per unit (XliffUnit::problem).
[[nodiscard]] absl::StatusOr<XliffRead> ReadXliff(absl::string_view bytes);

// Whether `file` translates the Dutch texts of `file_id` ("data", "catalog") into a supported
// locale: INVALID_ARGUMENT naming what is wrong otherwise.
[[nodiscard]] absl::Status CheckXliffHeader(const XliffRead& file, absl::string_view file_id);

// The translation file at `path`, read (ReadXliff) and checked (CheckXliffHeader); errors name the path.
[[nodiscard]] absl::StatusOr<XliffRead> ReadXliffFile(const std::string& path, absl::string_view file_id);

// A file's units checked for an import against the texts as they are (`current`, in the file's
// target locale): what an import applies and what it reports.
struct XliffImport {
  std::vector<TranslationUnit> translated;  // the units with confirmed targets, in the file's order
  std::vector<UnitVerdict> verdicts;        // CheckUnits of `translated`
  // Unit id and reason: the units that could not be read, then those CheckUnits refused.
  std::vector<std::pair<std::string, std::string>> refused;
  int untranslated = 0;  // units without a confirmed target: nothing to import
  int Count(UnitVerdict::Outcome outcome) const;
  // Refuses more units (id, reason), found by a check made after CheckXliffUnits (the term base's,
  // CheckUnitTerms in i18n/terms.h): a unit refused already keeps its one line, reasons joined.
  void Refuse(const std::vector<std::pair<std::string, std::string>>& more);
};
XliffImport CheckXliffUnits(const XliffRead& file, absl::Span<const TranslationUnit> current);

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_XLIFF_H_
