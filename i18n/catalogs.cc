#include "i18n/catalogs.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text_proto.h"
#include "domain/locales.h"
#include "i18n/v1/catalog.pb.h"
#include "icu/icu_util.h"
#include <unicode/msgfmt.h>

namespace werkmonitor {

std::string DefaultCatalogDir() { return WERKMONITOR_DEFAULT_CATALOG_DIR; }

std::string CatalogFile(const std::string& directory, absl::string_view locale) {
  return (std::filesystem::path(directory) / absl::StrCat(locale, ".textproto")).string();
}

std::string DefaultStaffCatalogDir() { return (std::filesystem::path(DefaultCatalogDir()) / "staff").string(); }

const std::vector<std::string>& StaffLocales() {
  static const auto* const locales = new std::vector<std::string>{"nl", "en"};
  return *locales;
}

namespace {

// Checks `catalog` (read from `file`) and adds its messages to `messages`.
absl::Status AddMessages(const std::string& file, const std::string& locale, const i18n::v1::Catalog& catalog,
                         std::map<std::string, std::string, std::less<>>& messages) {
  if (catalog.locale() != locale) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ":locale: says \"", catalog.locale(), "\", the file name says \"", locale, "\""));
  }
  for (const i18n::v1::Message& message : catalog.messages()) {
    const std::string where = absl::StrCat(file, ":", message.key());
    if (message.key().empty()) return absl::InvalidArgumentError(absl::StrCat(file, ": a message has no key"));
    if (!messages.emplace(message.key(), message.text()).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": the key appears twice"));
    }
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error{};
    icu::MessageFormat format(icu_util::ToUnicode(message.text()), icu_util::IcuLocale(locale), parse_error, status);
    if (U_FAILURE(status)) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": not valid ICU MessageFormat (", u_errorName(status),
                                                     " at offset ", parse_error.offset + 1, ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Catalogs::Add(const std::string& file, const std::string& locale, const i18n::v1::Catalog& catalog) {
  if (absl::Status s = AddMessages(file, locale, catalog, messages_[locale]); !s.ok()) return s;
  absl::StatusOr<TermBase> terms = TermBase::Create(locale, catalog.terms(), file);
  if (!terms.ok()) return terms.status();
  terms_.insert_or_assign(locale, std::move(*terms));
  return absl::OkStatus();
}

absl::StatusOr<Catalogs> Catalogs::Load(const std::string& directory) { return Load(directory, SupportedLocales()); }

absl::StatusOr<Catalogs> Catalogs::Load(const std::string& directory, absl::Span<const std::string> locales) {
  Catalogs catalogs;
  catalogs.directory_ = directory;
  for (const std::string& locale : locales) {
    const std::string file = catalogs.FileOf(locale);
    i18n::v1::Catalog catalog;
    if (absl::Status s = ParseTextProtoFile(file, catalog); !s.ok()) return s;
    if (absl::Status s = catalogs.Add(file, locale, catalog); !s.ok()) return s;
  }
  return catalogs;
}

absl::StatusOr<Catalogs> Catalogs::FromTexts(const std::map<std::string, std::string>& texts) {
  Catalogs catalogs;
  for (const std::string& locale : SupportedLocales()) {
    const std::string file = catalogs.FileOf(locale);
    auto text = texts.find(locale);
    if (text == texts.end()) return absl::NotFoundError(absl::StrCat(file, ": no catalog text"));
    i18n::v1::Catalog catalog;
    if (absl::Status s = ParseTextProto(text->second, file, catalog); !s.ok()) return s;
    if (absl::Status s = catalogs.Add(file, locale, catalog); !s.ok()) return s;
  }
  return catalogs;
}

const std::string* Catalogs::Find(absl::string_view locale, absl::string_view key) const {
  auto catalog = messages_.find(locale);
  if (catalog == messages_.end()) return nullptr;
  auto message = catalog->second.find(key);
  return message == catalog->second.end() ? nullptr : &message->second;
}

const TermBase& Catalogs::Terms(absl::string_view locale) const {
  static const TermBase* const kNone = new TermBase;
  auto found = terms_.find(locale);
  return found == terms_.end() ? *kNone : found->second;
}

std::string Catalogs::FileOf(absl::string_view locale) const { return CatalogFile(directory_, locale); }

}  // namespace werkmonitor
