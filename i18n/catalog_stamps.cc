#include "i18n/catalog_stamps.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/text_proto.h"
#include "domain/fingerprint.h"
#include "domain/locales.h"
#include "i18n/catalogs.h"
#include "i18n/v1/catalog.pb.h"

namespace werkmonitor {
namespace {

using google::protobuf::TextFormat;

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

struct Change {
  size_t begin, end;  // the range replaced (empty: an insertion)
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

TranslationState StampState(const i18n::v1::Message* translated, bool catalog_stamped, absl::string_view dutch) {
  if (translated == nullptr) return TranslationState::kMissing;
  if (translated->source_fingerprint().empty()) {
    return catalog_stamped ? TranslationState::kStale : TranslationState::kCurrent;
  }
  return translated->source_fingerprint() == dutch ? TranslationState::kCurrent : TranslationState::kStale;
}

bool IsStamped(const i18n::v1::Catalog& catalog) {
  return std::any_of(catalog.messages().begin(), catalog.messages().end(),
                     [](const i18n::v1::Message& m) { return !m.source_fingerprint().empty(); });
}

absl::StatusOr<std::string> EditCatalogText(absl::string_view text, absl::string_view name,
                                            const std::vector<MessageEdit>& edits) {
  i18n::v1::Catalog catalog;
  TextFormat::ParseInfoTree locations;
  if (absl::Status s = ParseTextProto(text, name, catalog, &locations); !s.ok()) return s;
  const auto* messages_field = i18n::v1::Catalog::descriptor()->FindFieldByName("messages");
  const auto* text_field = i18n::v1::Message::descriptor()->FindFieldByName("text");
  const auto* fingerprint_field = i18n::v1::Message::descriptor()->FindFieldByName("source_fingerprint");
  auto quoted = [](absl::string_view value) { return absl::StrCat("\"", absl::Utf8SafeCEscape(value), "\""); };
  const Offsets offsets(text);
  // Where a new message goes: on a line of its own after the last one's line (and its comment),
  // or at the end.
  size_t end_of_messages = text.size();
  if (!catalog.messages().empty()) {
    const size_t line_end =
        text.find('\n', offsets.Of(locations.GetLocationRange(messages_field, catalog.messages_size() - 1).end));
    if (line_end != absl::string_view::npos) end_of_messages = line_end + 1;
  }
  std::vector<Change> changes;
  std::string added;  // the messages the file lacks, in the order of the edits
  for (const MessageEdit& edit : edits) {
    const std::string fingerprint = absl::StrCat("source_fingerprint: ", quoted(edit.source_fingerprint));
    const auto found = std::find_if(catalog.messages().begin(), catalog.messages().end(),
                                    [&](const i18n::v1::Message& m) { return m.key() == edit.key; });
    if (found == catalog.messages().end()) {
      absl::StrAppend(&added, "messages { key: ", quoted(edit.key), " text: ", quoted(edit.text.value_or("")), " ",
                      fingerprint, " }\n");
      continue;
    }
    const TextFormat::ParseInfoTree* fields =
        locations.GetTreeForNested(messages_field, static_cast<int>(found - catalog.messages().begin()));
    const TextFormat::ParseLocationRange text_at = fields->GetLocationRange(text_field, -1);
    const TextFormat::ParseLocationRange stamped_at = fields->GetLocationRange(fingerprint_field, -1);
    if (text_at.start.line < 0) return absl::InvalidArgumentError(absl::StrCat(name, ":", edit.key, ": has no text"));
    std::string after_text;
    if (stamped_at.start.line >= 0) {
      changes.push_back({offsets.Of(stamped_at.start), offsets.Of(stamped_at.end), fingerprint});
    } else {
      after_text = " " + fingerprint;  // on the text's line: `text: "…" source_fingerprint: "…"`
    }
    if (edit.text.has_value()) {
      changes.push_back(
          {offsets.Of(text_at.start), offsets.Of(text_at.end), absl::StrCat("text: ", quoted(*edit.text), after_text)});
    } else if (!after_text.empty()) {
      changes.push_back({offsets.Of(text_at.end), offsets.Of(text_at.end), after_text});
    }
  }
  if (!added.empty()) {
    const bool own_line = end_of_messages == 0 || text[end_of_messages - 1] == '\n';
    changes.push_back({end_of_messages, end_of_messages, own_line ? added : "\n" + added});
  }
  // From the back, so that each change's offsets still hold.
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.begin > b.begin; });
  std::string edited(text);
  for (const Change& change : changes) edited.replace(change.begin, change.end - change.begin, change.text);
  return edited;
}

absl::StatusOr<std::string> StampCatalogText(absl::string_view text, absl::string_view name,
                                             const std::map<std::string, std::string>& dutch, int& changed) {
  i18n::v1::Catalog catalog;
  if (absl::Status s = ParseTextProto(text, name, catalog); !s.ok()) return s;
  std::vector<MessageEdit> edits;
  for (const i18n::v1::Message& message : catalog.messages()) {
    auto found = dutch.find(message.key());
    if (found == dutch.end() || message.source_fingerprint() == found->second || message.text().empty()) continue;
    if (std::any_of(edits.begin(), edits.end(), [&](const MessageEdit& e) { return e.key == message.key(); })) {
      continue;  // a key given twice (the linter says so): its first message is stamped
    }
    edits.push_back({message.key(), std::nullopt, found->second});
  }
  changed = static_cast<int>(edits.size());
  if (edits.empty()) return std::string(text);
  return EditCatalogText(text, name, edits);
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
    const bool stamped = IsStamped(catalog);
    for (const i18n::v1::Message& message : catalog.messages()) {
      auto found = dutch->find(message.key());
      // Keys the Dutch lacks are LintCatalogs' to report.
      if (found == dutch->end() || StampState(&message, stamped, found->second) != TranslationState::kStale) continue;
      if (message.source_fingerprint().empty()) {
        findings.push_back(
            {file, message.key(),
             absl::StrCat("not stamped: once it translates the Dutch, run i18n_lint --stamp --locales=", locale)});
      } else {
        findings.push_back(
            {file, message.key(),
             absl::StrCat("stale: translated from Dutch ", message.source_fingerprint(), ", the Dutch message is now ",
                          found->second, "; update the translation, then run i18n_lint --stamp --locales=", locale)});
      }
    }
  }
  return findings;
}

}  // namespace werkmonitor
