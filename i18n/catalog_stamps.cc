#include "i18n/catalog_stamps.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/text_proto.h"
#include "domain/fingerprint.h"
#include "domain/locales.h"
#include "i18n/v1/catalog.pb.h"

namespace werkmonitor {
namespace {

using google::protobuf::TextFormat;

std::string CatalogFile(const std::string& catalog_dir, absl::string_view locale) {
  return (std::filesystem::path(catalog_dir) / absl::StrCat(locale, ".textproto")).string();
}

// Byte offsets of text-format positions. The parser counts columns in bytes, a tab up to the next
// multiple of 8 (google/protobuf/io/tokenizer.cc).
class Offsets {
 public:
  explicit Offsets(absl::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  size_t Of(const TextFormat::ParseLocation& location) const {
    size_t offset = line_starts_[static_cast<size_t>(location.line)];
    for (int column = 0; column < location.column && offset < text_.size(); ++offset) {
      column = text_[offset] == '\t' ? column + 8 - column % 8 : column + 1;
    }
    return offset;
  }

 private:
  absl::string_view text_;
  std::vector<size_t> line_starts_;
};

struct Edit {
  size_t begin, end;  // replaced range (empty: an insertion)
  std::string text;
};

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> DutchFingerprints(const std::string& catalog_dir) {
  i18n::v1::Catalog dutch;
  if (absl::Status s = ParseTextProtoFile(CatalogFile(catalog_dir, kSourceLocale), dutch); !s.ok()) return s;
  std::map<std::string, std::string> fingerprints;
  for (const i18n::v1::Message& message : dutch.messages()) fingerprints[message.key()] = Fingerprint(message.text());
  return fingerprints;
}

absl::StatusOr<std::string> StampCatalogText(absl::string_view text, absl::string_view name,
                                             const std::map<std::string, std::string>& dutch, int& changed) {
  changed = 0;
  i18n::v1::Catalog catalog;
  TextFormat::ParseInfoTree locations;
  if (absl::Status s = ParseTextProto(text, name, catalog, &locations); !s.ok()) return s;
  const auto* messages_field = i18n::v1::Catalog::descriptor()->FindFieldByName("messages");
  const auto* text_field = i18n::v1::Message::descriptor()->FindFieldByName("text");
  const auto* fingerprint_field = i18n::v1::Message::descriptor()->FindFieldByName("source_fingerprint");
  const Offsets offsets(text);
  std::vector<Edit> edits;
  for (int i = 0; i < catalog.messages_size(); ++i) {
    const i18n::v1::Message& message = catalog.messages(i);
    auto found = dutch.find(message.key());
    if (found == dutch.end() || message.source_fingerprint() == found->second) continue;
    const std::string field = absl::StrCat("source_fingerprint: \"", found->second, "\"");
    const TextFormat::ParseInfoTree* fields = locations.GetTreeForNested(messages_field, i);
    if (fields == nullptr) continue;  // not parsed from this text; cannot happen
    const TextFormat::ParseLocationRange stamped = fields->GetLocationRange(fingerprint_field, -1);
    if (stamped.start.line >= 0) {
      edits.push_back({offsets.Of(stamped.start), offsets.Of(stamped.end), field});
    } else {
      // After the text, on its line: `messages { key: "k" text: "…" source_fingerprint: "…" }`.
      const TextFormat::ParseLocationRange after = fields->GetLocationRange(text_field, -1);
      if (after.end.line < 0) continue;  // a message without text has nothing to stamp
      edits.push_back({offsets.Of(after.end), offsets.Of(after.end), " " + field});
    }
    ++changed;
  }
  // From the back, so that each edit's offsets still hold.
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  std::string stamped(text);
  for (const Edit& edit : edits) stamped.replace(edit.begin, edit.end - edit.begin, edit.text);
  return stamped;
}

absl::StatusOr<std::vector<StampedFile>> StampCatalogs(const std::string& catalog_dir,
                                                       const std::vector<std::string>& locales) {
  for (const std::string& locale : locales) {
    if (absl::Status s = CheckLocale(locale); !s.ok()) return s;
    if (locale == kSourceLocale) return absl::InvalidArgumentError("nl is the source: it has nothing to stamp");
  }
  absl::StatusOr<std::map<std::string, std::string>> dutch = DutchFingerprints(catalog_dir);
  if (!dutch.ok()) return dutch.status();
  // Every file is stamped before any is written: a catalog that does not parse stops them all.
  std::vector<StampedFile> stamped;
  std::vector<std::string> texts;
  for (const std::string& locale : SupportedLocales()) {
    if (locale == kSourceLocale) continue;
    if (!locales.empty() && std::find(locales.begin(), locales.end(), locale) == locales.end()) continue;
    StampedFile& file = stamped.emplace_back();
    file.file = CatalogFile(catalog_dir, locale);
    absl::StatusOr<std::string> text = ReadFile(file.file);
    if (!text.ok()) return text.status();
    absl::StatusOr<std::string> result = StampCatalogText(*text, file.file, *dutch, file.changed);
    if (!result.ok()) return result.status();
    texts.push_back(*std::move(result));
  }
  for (size_t i = 0; i < stamped.size(); ++i) {
    if (stamped[i].changed == 0) continue;
    if (absl::Status s = WriteFileAtomically(stamped[i].file, texts[i]); !s.ok()) return s;
  }
  return stamped;
}

std::vector<LintFinding> LintCatalogStamps(const std::string& catalog_dir) {
  std::vector<LintFinding> findings;
  absl::StatusOr<std::map<std::string, std::string>> dutch = DutchFingerprints(catalog_dir);
  if (!dutch.ok()) return findings;  // LintCatalogs reports the Dutch catalog itself
  for (const std::string& locale : SupportedLocales()) {
    if (locale == kSourceLocale) continue;
    const std::string file = CatalogFile(catalog_dir, locale);
    i18n::v1::Catalog catalog;
    if (!ParseTextProtoFile(file, catalog).ok()) continue;  // reported by LintCatalogs
    // A catalog is stamped once any of its messages is: then all are.
    const bool stamped = std::any_of(catalog.messages().begin(), catalog.messages().end(),
                                     [](const i18n::v1::Message& m) { return !m.source_fingerprint().empty(); });
    if (!stamped) continue;
    for (const i18n::v1::Message& message : catalog.messages()) {
      auto found = dutch->find(message.key());
      if (found == dutch->end()) continue;  // reported by LintCatalogs
      if (message.source_fingerprint().empty()) {
        findings.push_back({file, message.key(),
                            absl::StrCat("not stamped: once it translates the Dutch, run i18n_lint --stamp --locales=", locale)});
      } else if (message.source_fingerprint() != found->second) {
        findings.push_back({file, message.key(),
                            absl::StrCat("stale: translated from Dutch ", message.source_fingerprint(),
                                         ", the Dutch message is now ", found->second,
                                         "; update the translation, then run i18n_lint --stamp --locales=", locale)});
      }
    }
  }
  return findings;
}

}  // namespace werkmonitor
