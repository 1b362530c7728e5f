// Fuzz target: the message catalog loader and the Localizer's formatter. An input is a locale on its
// first line, then a catalog (i18n.v1.Catalog text format) loaded as that locale's (the other
// locales' catalogs are empty). A catalog that loads is copied to every locale, and each of its
// messages formatted in each, with several sets of arguments: numbers, texts and dates, from
// ordinary to extreme, each argument in turn of every kind. Invariants:
// - a load error is INVALID_ARGUMENT naming the catalog's file;
// - a catalog that loads in one locale loads in every locale;
// - every loaded message is a pattern AnalyzeMessage (the linter) reads too;
// - formatting gives valid UTF-8 text, or INVALID_ARGUMENT when the arguments do not fit, and so
//   does formatting a date at every precision with the catalog's date messages.
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/text_proto.h"
#include "domain/text_rules.h"
#include "fuzz/fuzz_support.h"
#include "google/protobuf/text_format.h"
#include "i18n/catalogs.h"
#include "i18n/localizer.h"
#include "icu/message_syntax.h"
#include "i18n/v1/catalog.pb.h"

namespace werkmonitor::fuzz {
namespace {

using monitor::v1::PartialDate;

// Catalog texts for every locale: `text` for `locale`, empty catalogs for the others.
std::map<std::string, std::string> TextsWith(const std::string& locale, std::string text) {
  std::map<std::string, std::string> texts;
  for (const std::string& other : SupportedLocales()) texts[other] = absl::StrCat("locale: \"", other, "\"");
  texts[locale] = std::move(text);
  return texts;
}

// One set of argument values. Argument k of a message gets kind (first_kind + k) % 3, so that over
// the first three sets every argument is once a number, once a text and once a date.
struct ArgumentSet {
  int first_kind;
  int64_t number;
  const char* text;
  absl::CivilDay day;
};
const ArgumentSet kArgumentSets[] = {
    {0, 1, "Zażółć gęślą jaźń", absl::CivilDay(2027, 1, 1)},
    {1, 22, "", absl::CivilDay(2025, 6, 30)},
    {2, 0, "{count} '#' ș ț", absl::CivilDay(1, 1, 1)},
    {0, -5, "Български", absl::CivilDay(-4713, 11, 24)},
    {1, std::numeric_limits<int64_t>::max(), "\xF0\x9F\x87\xB3\xF0\x9F\x87\xB1", absl::CivilDay(275760, 9, 13)},
    {2, std::numeric_limits<int64_t>::min(), "x", absl::CivilDay(1000000000, 12, 31)},
};

MessageArgs ArgumentsFor(const MessageShape& shape, const ArgumentSet& set) {
  MessageArgs args;
  int k = 0;
  for (const std::string& name : shape.arguments) {
    switch ((set.first_kind + k++) % 3) {
      case 0:
        args.Number(name, set.number);
        break;
      case 1:
        args.Text(name, set.text);
        break;
      default:
        args.Date(name, set.day);
    }
  }
  return args;
}

std::vector<PartialDate> Dates() {
  std::vector<PartialDate> dates;
  auto add = [&](PartialDate::Precision precision, int year, int month, int day, PartialDate::Period period) {
    PartialDate& date = dates.emplace_back();
    date.set_precision(precision);
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
    date.set_period(period);
  };
  add(PartialDate::DAY, 2027, 1, 1, PartialDate::PERIOD_UNSPECIFIED);
  add(PartialDate::DAY, 2025, 2, 31, PartialDate::PERIOD_UNSPECIFIED);  // never valid, still formatted
  add(PartialDate::MONTH, 2025, 6, 0, PartialDate::PERIOD_UNSPECIFIED);
  add(PartialDate::YEAR, 2026, 0, 0, PartialDate::PERIOD_UNSPECIFIED);
  add(PartialDate::YEAR, std::numeric_limits<int32_t>::min(), 0, 0, PartialDate::PERIOD_UNSPECIFIED);
  add(PartialDate::DAY, std::numeric_limits<int32_t>::max(), 12, 31, PartialDate::PERIOD_UNSPECIFIED);
  for (int period = PartialDate::BEGIN; period <= PartialDate::END; ++period) {
    add(PartialDate::PERIOD, 2026, 0, 0, static_cast<PartialDate::Period>(period));
  }
  add(PartialDate::PERIOD, 2026, 0, 0, static_cast<PartialDate::Period>(99));
  add(PartialDate::PRECISION_UNSPECIFIED, 2026, 0, 0, PartialDate::PERIOD_UNSPECIFIED);
  return dates;
}

void CheckFormatted(const absl::StatusOr<std::string>& text, absl::string_view what) {
  if (!text.ok()) {
    FUZZ_CHECK(text.status().code() == absl::StatusCode::kInvalidArgument ||
                   text.status().code() == absl::StatusCode::kNotFound,
               absl::StrCat(what, ": ", text.status().ToString()));
    return;
  }
  FUZZ_CHECK(Utf8Length(*text) >= 0, absl::StrCat(what, " gave invalid UTF-8"));
}

// Formats every message of `catalog` in `locale`, whose catalog it is in `catalogs`.
void FormatAll(const Catalogs& catalogs, const std::string& locale, const i18n::v1::Catalog& catalog) {
  absl::StatusOr<Localizer> localizer = Localizer::Create(catalogs, locale);
  FUZZ_CHECK(localizer.ok(), std::string(localizer.status().message()));
  for (const i18n::v1::Message& message : catalog.messages()) {
    absl::StatusOr<MessageShape> shape = AnalyzeMessage(message.text());
    FUZZ_CHECK(shape.ok(),
               absl::StrCat("loaded, but the linter cannot read ", message.key(), ": ", shape.status().message()));
    for (const ArgumentSet& set : kArgumentSets) {
      absl::StatusOr<Localized> text = localizer->Message(message.key(), ArgumentsFor(*shape, set));
      FUZZ_CHECK(text.ok() || text.status().code() == absl::StatusCode::kInvalidArgument,
                 absl::StrCat(message.key(), " (", locale, "): ", text.status().ToString()));
      if (text.ok()) FUZZ_CHECK(Utf8Length(text->text) >= 0, absl::StrCat(message.key(), " gave invalid UTF-8"));
    }
  }
  for (const PartialDate& date : Dates()) {
    CheckFormatted(localizer->Date(date), absl::StrCat("date ", date.ShortDebugString()));
  }
}

}  // namespace
}  // namespace werkmonitor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace werkmonitor;
  using namespace werkmonitor::fuzz;
  const absl::string_view input(reinterpret_cast<const char*>(bytes), size);
  const size_t line_end = std::min(input.find('\n'), input.size());
  const std::string locale(input.substr(0, line_end));
  if (!CheckLocale(locale).ok()) return 0;
  const absl::string_view text = input.substr(std::min(line_end + 1, input.size()));

  absl::StatusOr<Catalogs> loaded = Catalogs::FromTexts(TextsWith(locale, std::string(text)));
  if (!loaded.ok()) {
    FUZZ_CHECK(loaded.status().code() == absl::StatusCode::kInvalidArgument &&
                   absl::StartsWith(loaded.status().message(), absl::StrCat(locale, ".textproto:")),
               loaded.status().ToString());
    return 0;
  }
  i18n::v1::Catalog catalog;
  FUZZ_CHECK(ParseTextProto(text, "catalog", catalog).ok(), "loaded, but does not parse again");

  // The same messages as every locale's catalog, to format them under each locale's rules.
  std::map<std::string, std::string> copies;
  for (const std::string& in_locale : SupportedLocales()) {
    i18n::v1::Catalog copy = catalog;
    copy.set_locale(in_locale);
    google::protobuf::TextFormat::PrintToString(copy, &copies[in_locale]);
  }
  absl::StatusOr<Catalogs> everywhere = Catalogs::FromTexts(copies);
  FUZZ_CHECK(everywhere.ok(),
             absl::StrCat("loads as ", locale, " but not in every locale: ", everywhere.status().message()));
  for (const std::string& in_locale : SupportedLocales()) FormatAll(*everywhere, in_locale, catalog);
  return 0;
}
