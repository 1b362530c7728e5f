#include "i18n/xliff.h"

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/files.h"
#include "domain/locales.h"
#include "icu/message_syntax.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

namespace werkmonitor {
namespace {

constexpr char kXliffNamespace[] = "urn:oasis:names:tc:xliff:document:2.0";
constexpr char kMetadataNamespace[] = "urn:oasis:names:tc:xliff:metadata:2.0";
constexpr char kGlossaryNamespace[] = "urn:oasis:names:tc:xliff:glossary:2.0";
// A glossary term's origin (the module's `source`): the project's approved terminology, not a
// suggestion a tool or another translator added.
constexpr char kGlossarySource[] = "werkmonitor term base";
constexpr char kMetaGroup[] = "werkmonitor";
constexpr char kFingerprintMeta[] = "source_fingerprint";

const xmlChar* X(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* X(const std::string& text) { return X(text.c_str()); }
std::string Text(const xmlChar* text) { return text == nullptr ? "" : reinterpret_cast<const char*>(text); }

struct FreeDoc {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct FreeParserContext {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};
struct FreeXml {
  void operator()(xmlChar* text) const { xmlFree(text); }
};
using Doc = std::unique_ptr<xmlDoc, FreeDoc>;

// libxml2 wants its global state set up once, before threads use it.
void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// --- writing ---------------------------------------------------------------------------------------

std::vector<MessagePiece> PiecesOf(const std::string& text, bool message_format) {
  if (message_format) {
    if (absl::StatusOr<std::vector<MessagePiece>> pieces = SplitMessage(text); pieces.ok()) return *std::move(pieces);
  }
  return {{false, text}};
}

// One unit's inline codes: each distinct code text has one <data> in <originalData>, and each code
// in a segment has a <ph> id; a target's code takes the id of the same code in its source.
class UnitWriter {
 public:
  UnitWriter(const TranslationUnit& unit, xmlNs* xliff) : unit_(unit), xliff_(xliff) {
    const bool message = InfoOf(unit.kind).message_format;
    for (const std::string& segment : unit.source) sources_.push_back(PiecesOf(segment, message));
    if (unit.target.size() == unit.source.size()) {
      for (const std::string& segment : unit.target) targets_.push_back(PiecesOf(segment, message));
    }
    for (const auto* side : {&sources_, &targets_}) {
      for (const auto& pieces : *side) {
        for (const MessagePiece& piece : pieces) {
          if (piece.code && !data_ids_.count(piece.text)) {
            data_ids_.emplace(piece.text, absl::StrCat("d", data_order_.size() + 1));
            data_order_.push_back(piece.text);
          }
        }
      }
    }
  }

  // `glossary`: the namespace of the Glossary module, declared when some unit has a glossary.
  void Write(xmlNode* file, xmlNs* metadata, xmlNs* glossary) {
    xmlNode* unit = xmlNewChild(file, xliff_, X("unit"), nullptr);
    xmlNewProp(unit, X("id"), X(unit_.id));
    xmlNode* group =
        xmlNewChild(xmlNewChild(unit, metadata, X("metadata"), nullptr), metadata, X("metaGroup"), nullptr);
    xmlNewProp(group, X("category"), X(kMetaGroup));
    xmlNode* meta = xmlNewTextChild(group, metadata, X("meta"), X(unit_.source_fingerprint));
    xmlNewProp(meta, X("type"), X(kFingerprintMeta));
    if (!unit_.glossary.empty()) WriteGlossary(unit, glossary);
    xmlNode* note =
        xmlNewTextChild(xmlNewChild(unit, xliff_, X("notes"), nullptr), xliff_, X("note"), X(NoteOf(unit_)));
    xmlNewProp(note, X("category"), X("description"));
    if (!data_order_.empty()) {
      xmlNode* original = xmlNewChild(unit, xliff_, X("originalData"), nullptr);
      for (const std::string& code : data_order_) {
        xmlNode* data = xmlNewTextChild(original, xliff_, X("data"), X(code));
        xmlNewProp(data, X("id"), X(data_ids_.at(code)));
      }
    }
    for (size_t i = 0; i < sources_.size(); ++i) {
      xmlNode* segment = xmlNewChild(unit, xliff_, X("segment"), nullptr);
      std::map<std::string, std::vector<std::string>> source_ids;  // code text -> its <ph> ids, in order
      Content(xmlNewChild(segment, xliff_, X("source"), nullptr), sources_[i], [&](const std::string& code) {
        std::string id = std::to_string(next_id_++);
        source_ids[code].push_back(id);
        return id;
      });
      if (targets_.empty()) continue;
      // A stored translation that is current was confirmed; any other is to be revised.
      xmlNewProp(segment, X("state"), X(unit_.state == TranslationState::kCurrent ? "translated" : "initial"));
      Content(xmlNewChild(segment, xliff_, X("target"), nullptr), targets_[i], [&](const std::string& code) {
        std::vector<std::string>& ids = source_ids[code];
        if (ids.empty()) return std::to_string(next_id_++);  // a code the source lacks
        std::string id = ids.front();
        ids.erase(ids.begin());
        return id;
      });
    }
  }

 private:
  // The module's order: the term, its translations, the definition.
  void WriteGlossary(xmlNode* unit, xmlNs* gls) {
    xmlNode* glossary = xmlNewChild(unit, gls, X("glossary"), nullptr);
    for (const GlossaryEntry& entry : unit_.glossary) {
      xmlNode* node = xmlNewChild(glossary, gls, X("glossEntry"), nullptr);
      if (!entry.id.empty()) xmlNewProp(node, X("id"), X(entry.id));
      xmlNewProp(xmlNewTextChild(node, gls, X("term"), X(entry.term)), X("source"), X(kGlossarySource));
      for (const std::string& translation : entry.translations) {
        xmlNewTextChild(node, gls, X("translation"), X(translation));
      }
      if (!entry.definition.empty()) xmlNewTextChild(node, gls, X("definition"), X(entry.definition));
    }
  }

  template <typename IdOf>
  void Content(xmlNode* element, const std::vector<MessagePiece>& pieces, IdOf id_of) {
    xmlNodeSetSpacePreserve(element, 1);
    // A text node first, even an empty one: libxml2 indents the children of an element that has no
    // text, which would add white space to a segment made of codes only.
    xmlAddChild(element, xmlNewText(X("")));
    for (const MessagePiece& piece : pieces) {
      if (!piece.code) {
        xmlAddChild(element, xmlNewText(X(piece.text)));
        continue;
      }
      xmlNode* ph = xmlNewChild(element, xliff_, X("ph"), nullptr);
      xmlNewProp(ph, X("id"), X(id_of(piece.text)));
      xmlNewProp(ph, X("dataRef"), X(data_ids_.at(piece.text)));
      xmlNewProp(ph, X("disp"), X(piece.text));
      xmlNewProp(ph, X("canDelete"), X("no"));
    }
  }

  const TranslationUnit& unit_;
  xmlNs* xliff_;
  std::vector<std::vector<MessagePiece>> sources_, targets_;
  std::map<std::string, std::string> data_ids_;  // code text -> <data> id
  std::vector<std::string> data_order_;          // code texts in the order first met
  int next_id_ = 1;
};

// What the Glossary module requires of an entry, and what a translator needs of one.
absl::Status CheckGlossary(const TranslationUnit& unit) {
  std::set<std::string> ids;
  for (size_t i = 0; i < unit.glossary.size(); ++i) {
    const GlossaryEntry& entry = unit.glossary[i];
    const std::string where = absl::StrCat("unit ", unit.id, ": glossary entry ", i + 1,
                                           entry.id.empty() ? "" : absl::StrCat(" (", entry.id, ")"));
    if (entry.term.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": no term"));
    if (entry.translations.empty() && entry.definition.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": neither a translation nor a definition"));
    }
    for (const std::string& translation : entry.translations) {
      if (translation.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": an empty translation"));
    }
    // The module's ids are XML name tokens (ASCII ones suffice for the term base's ids), unique
    // within the glossary.
    if (!std::all_of(entry.id.begin(), entry.id.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.'; })) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": the id is not an XML name token"));
    }
    if (!entry.id.empty() && !ids.insert(entry.id).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": the id appears twice"));
    }
  }
  return absl::OkStatus();
}

// --- reading ---------------------------------------------------------------------------------------

bool IsElement(const xmlNode* node, const char* ns, const char* name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && node->ns != nullptr && Text(node->ns->href) == ns &&
         Text(node->name) == name;
}

std::string Attribute(const xmlNode* node, const char* name) {
  std::unique_ptr<xmlChar, FreeXml> value(xmlGetNoNsProp(node, X(name)));
  return Text(value.get());
}

// The first child element of `node` named `name` in the XLIFF namespace, or null.
xmlNode* Child(const xmlNode* node, const char* name) {
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (IsElement(child, kXliffNamespace, name)) return child;
  }
  return nullptr;
}

// Reads one unit: its fingerprint, original data and segments. The first problem met is kept.
class UnitReader {
 public:
  XliffUnit Read(const xmlNode* unit) {
    result_.unit.id = Attribute(unit, "id");
    if (result_.unit.id.empty()) Problem("a <unit> without an id");
    // Other modules' elements, such as the glossary written with the unit, are skipped.
    for (const xmlNode* child = unit->children; child != nullptr; child = child->next) {
      if (IsElement(child, kMetadataNamespace, "metadata")) ReadMetadata(child);
      if (IsElement(child, kXliffNamespace, "originalData")) {
        for (const xmlNode* data = child->children; data != nullptr; data = data->next) {
          if (IsElement(data, kXliffNamespace, "data")) data_[Attribute(data, "id")] = Content(data, nullptr);
        }
      }
    }
    bool translated = true;
    std::vector<std::string> targets;
    for (const xmlNode* segment = unit->children; segment != nullptr; segment = segment->next) {
      if (!IsElement(segment, kXliffNamespace, "segment")) continue;
      const xmlNode* source = Child(segment, "source");
      const xmlNode* target = Child(segment, "target");
      source_codes_.clear();
      result_.unit.source.push_back(source == nullptr ? "" : Content(source, &source_codes_));
      const std::string state = Attribute(segment, "state");
      if (target == nullptr || state.empty() || state == "initial") {
        translated = false;
        continue;
      }
      targets.push_back(Content(target, nullptr));
    }
    if (result_.unit.source.empty()) Problem("no <segment>");
    result_.translated = translated && result_.problem.empty();
    if (result_.translated) result_.unit.target = std::move(targets);
    return std::move(result_);
  }

 private:
  void Problem(std::string problem) {
    if (result_.problem.empty()) result_.problem = std::move(problem);
  }

  void ReadMetadata(const xmlNode* metadata) {
    for (const xmlNode* group = metadata->children; group != nullptr; group = group->next) {
      if (!IsElement(group, kMetadataNamespace, "metaGroup")) continue;
      for (const xmlNode* meta = group->children; meta != nullptr; meta = meta->next) {
        if (IsElement(meta, kMetadataNamespace, "meta") && Attribute(meta, "type") == kFingerprintMeta) {
          result_.unit.source_fingerprint = std::string(absl::StripAsciiWhitespace(Content(meta, nullptr)));
        }
      }
    }
  }

  // The text of an inline code: by dataRef; in a target also as the source code it copies or
  // shares its id with (CAT tools copy codes either way).
  std::string Code(const xmlNode* code, const char* data_attribute, std::map<std::string, std::string>* source_codes) {
    std::string text;
    if (const std::string ref = Attribute(code, data_attribute); !ref.empty()) {
      auto found = data_.find(ref);
      if (found == data_.end()) {
        Problem(absl::StrCat("<", Text(code->name), " id=\"", Attribute(code, "id"), "\"> refers to data \"", ref,
                             "\", which <originalData> lacks"));
        return "";
      }
      text = found->second;
    } else if (source_codes == nullptr) {
      const std::string copied = Attribute(code, "copyOf");
      auto found = source_codes_.find(copied.empty() ? Attribute(code, "id") : copied);
      if (found == source_codes_.end()) {
        Problem(absl::StrCat("<", Text(code->name), " id=\"", Attribute(code, "id"),
                             "\"> has no original data: keep the codes of the source as they are"));
        return "";
      }
      text = found->second;
    } else {
      Problem(absl::StrCat("<", Text(code->name), " id=\"", Attribute(code, "id"), "\"> has no original data"));
    }
    if (source_codes != nullptr) (*source_codes)[Attribute(code, "id")] = text;
    return text;
  }

  // The text of a <source>, <target>, <data> or <meta>: its characters with each inline code's
  // original text in place. Markers (<mrk>, <sm>, <em>) that tools add are read through.
  std::string Content(const xmlNode* element, std::map<std::string, std::string>* source_codes) {
    std::string text;
    for (const xmlNode* node = element->children; node != nullptr; node = node->next) {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        text += Text(node->content);
      } else if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE) {
        continue;
      } else if (IsElement(node, kXliffNamespace, "ph") || IsElement(node, kXliffNamespace, "sc") ||
                 IsElement(node, kXliffNamespace, "ec")) {
        text += Code(node, "dataRef", source_codes);
      } else if (IsElement(node, kXliffNamespace, "pc")) {
        text += Code(node, "dataRefStart", source_codes);
        text += Content(node, source_codes);
        text += Code(node, "dataRefEnd", source_codes);
      } else if (IsElement(node, kXliffNamespace, "mrk")) {
        text += Content(node, source_codes);
      } else if (IsElement(node, kXliffNamespace, "sm") || IsElement(node, kXliffNamespace, "em")) {
        continue;
      } else if (IsElement(node, kXliffNamespace, "cp")) {
        uint32_t code_point = 0;
        if (!absl::SimpleHexAtoi(Attribute(node, "hex"), &code_point) || code_point > 0x10FFFF) {
          Problem(absl::StrCat("<cp hex=\"", Attribute(node, "hex"), "\"> is not a code point"));
          continue;
        }
        unsigned char bytes[4];
        const int length = xmlCopyCharMultiByte(bytes, static_cast<int>(code_point));
        if (length > 0) text.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
      } else {
        Problem(absl::StrCat("unexpected <", Text(node->name), "> in <", Text(element->name), ">"));
      }
    }
    return text;
  }

  XliffUnit result_;
  std::map<std::string, std::string> data_;          // <originalData>: data id -> text
  std::map<std::string, std::string> source_codes_;  // the current segment's source: code id -> text
};

// The units below `node` (a <file> or <group>), in document order.
void ReadUnits(const xmlNode* node, std::vector<XliffUnit>& units) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (IsElement(child, kXliffNamespace, "unit")) units.push_back(UnitReader().Read(child));
    if (IsElement(child, kXliffNamespace, "group")) ReadUnits(child, units);
  }
}

}  // namespace

absl::StatusOr<std::string> WriteXliff(const XliffDocument& document) {
  if (document.units.empty()) return absl::InvalidArgumentError("an XLIFF file needs at least one unit");
  bool glossaries = false;
  for (const TranslationUnit& unit : document.units) {
    if (absl::Status s = CheckGlossary(unit); !s.ok()) return s;
    glossaries = glossaries || !unit.glossary.empty();
  }
  InitLibxml();
  Doc doc(xmlNewDoc(X("1.0")));
  xmlNode* root = xmlNewNode(nullptr, X("xliff"));
  xmlDocSetRootElement(doc.get(), root);
  xmlNs* xliff = xmlNewNs(root, X(kXliffNamespace), nullptr);
  xmlSetNs(root, xliff);
  xmlNs* metadata = xmlNewNs(root, X(kMetadataNamespace), X("mda"));
  xmlNs* glossary = glossaries ? xmlNewNs(root, X(kGlossaryNamespace), X("gls")) : nullptr;
  xmlNewProp(root, X("version"), X("2.0"));
  xmlNewProp(root, X("srcLang"), X(document.source_locale));
  xmlNewProp(root, X("trgLang"), X(document.target_locale));
  xmlNode* file = xmlNewChild(root, xliff, X("file"), nullptr);
  xmlNewProp(file, X("id"), X(document.file_id));
  xmlNewProp(file, X("canResegment"), X("no"));
  for (const TranslationUnit& unit : document.units) UnitWriter(unit, xliff).Write(file, metadata, glossary);

  xmlChar* bytes = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &bytes, &size, "UTF-8", /*format=*/1);
  std::unique_ptr<xmlChar, FreeXml> owned(bytes);
  if (bytes == nullptr) return absl::InternalError("libxml2 could not write the XLIFF document");
  return std::string(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
}

absl::StatusOr<XliffRead> ReadXliff(absl::string_view bytes) {
  InitLibxml();
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return absl::InvalidArgumentError("the file is too large");
  std::unique_ptr<xmlParserCtxt, FreeParserContext> context(xmlNewParserCtxt());
  if (context == nullptr) return absl::ResourceExhaustedError("libxml2 could not make a parser");
  // No network, no entity expansion (XML_PARSE_NOENT is not given), no messages on stderr: the
  // reason comes back in the status.
  Doc doc(xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()), "translation.xlf", nullptr,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc == nullptr) {
    const xmlError* error = xmlCtxtGetLastError(context.get());
    return absl::InvalidArgumentError(error == nullptr
                                          ? std::string("not well-formed XML")
                                          : absl::StrCat("not well-formed XML: line ", error->line, ": ",
                                                         absl::StripTrailingAsciiWhitespace(Text(X(error->message)))));
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return absl::InvalidArgumentError("a translation file may not have a DOCTYPE");
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!IsElement(root, kXliffNamespace, "xliff")) {
    return absl::InvalidArgumentError(
        absl::StrCat("not XLIFF 2.0: the root element is not <xliff> in namespace ", kXliffNamespace));
  }
  XliffRead read;
  const std::string version = Attribute(root, "version");
  // 2.1 has the same core and namespace.
  if (version != "2.0" && version != "2.1") {
    return absl::InvalidArgumentError(absl::StrCat("not XLIFF 2.0: version \"", version, "\""));
  }
  read.source_locale = Attribute(root, "srcLang");
  read.target_locale = Attribute(root, "trgLang");
  if (read.source_locale.empty()) return absl::InvalidArgumentError("<xliff> has no srcLang");
  if (read.target_locale.empty()) return absl::InvalidArgumentError("<xliff> has no trgLang: which language?");
  for (const xmlNode* file = root->children; file != nullptr; file = file->next) {
    if (!IsElement(file, kXliffNamespace, "file")) continue;
    if (read.file_id.empty()) read.file_id = Attribute(file, "id");
    ReadUnits(file, read.units);
  }
  return read;
}

absl::Status CheckXliffHeader(const XliffRead& file, absl::string_view file_id) {
  if (file.file_id != file_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("holds \"", file.file_id, "\" texts, not \"", file_id, "\" ones (<file id>)"));
  }
  if (file.source_locale != kSourceLocale) {
    return absl::InvalidArgumentError(absl::StrCat("srcLang is \"", file.source_locale, "\", not nl"));
  }
  if (file.target_locale == kSourceLocale) return absl::InvalidArgumentError("trgLang: nl is the source");
  if (absl::Status s = CheckLocale(file.target_locale); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("trgLang: ", s.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<XliffRead> ReadXliffFile(const std::string& path, absl::string_view file_id) {
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<XliffRead> file = ReadXliff(*bytes);
  if (!file.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", file.status().message()));
  if (absl::Status s = CheckXliffHeader(*file, file_id); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  return file;
}

void XliffImport::Refuse(const std::vector<std::pair<std::string, std::string>>& more) {
  for (const std::pair<std::string, std::string>& unit : more) {
    // Not a structured binding: clang 14 (the thread-safety check) cannot capture one in a lambda.
    const std::string& id = unit.first;
    auto found = std::find_if(refused.begin(), refused.end(), [&](const auto& listed) { return listed.first == id; });
    if (found == refused.end()) {
      refused.emplace_back(id, unit.second);
    } else {
      absl::StrAppend(&found->second, "; ", unit.second);
    }
  }
}

int XliffImport::Count(UnitVerdict::Outcome outcome) const {
  return static_cast<int>(
      std::count_if(verdicts.begin(), verdicts.end(), [&](const UnitVerdict& v) { return v.outcome == outcome; }));
}

XliffImport CheckXliffUnits(const XliffRead& file, absl::Span<const TranslationUnit> current) {
  XliffImport checked;
  for (const XliffUnit& unit : file.units) {
    if (!unit.problem.empty()) {
      checked.refused.emplace_back(unit.unit.id, unit.problem);
    } else if (unit.translated) {
      checked.translated.push_back(unit.unit);
    } else {
      ++checked.untranslated;
    }
  }
  checked.verdicts = CheckUnits(current, file.target_locale, checked.translated);
  for (size_t i = 0; i < checked.verdicts.size(); ++i) {
    if (checked.verdicts[i].outcome == UnitVerdict::kRefused) {
      checked.refused.emplace_back(checked.translated[i].id, checked.verdicts[i].reason);
    }
  }
  return checked;
}

}  // namespace werkmonitor
