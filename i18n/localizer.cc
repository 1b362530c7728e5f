#include "i18n/localizer.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/locales.h"
#include "domain/translation_state.h"
#include "icu/icu_util.h"
#include <unicode/brkiter.h>
#include <unicode/coll.h>
#include <unicode/fmtable.h>
#include <unicode/msgfmt.h>
#include <unicode/numberformatter.h>

namespace werkmonitor {

using icu_util::IcuError;
using icu_util::IcuLocale;
using icu_util::ToUnicode;
using icu_util::ToUtf8;

MessageArgs& MessageArgs::Number(absl::string_view name, int64_t value) {
  args_.push_back({std::string(name), value});
  return *this;
}
MessageArgs& MessageArgs::Text(absl::string_view name, absl::string_view value) {
  args_.push_back({std::string(name), std::string(value)});
  return *this;
}
MessageArgs& MessageArgs::Date(absl::string_view name, absl::CivilDay day) {
  args_.push_back({std::string(name), day});
  return *this;
}

namespace {

// ICU objects are costly to build (a MessageFormat parses its pattern, a break iterator loads its
// rules) and must not be used by two threads at once. Each thread keeps its own and reuses them
// for every Localizer and document it makes; texts' line breaks are remembered too, as documents
// lay the same paragraphs out repeatedly (lookahead, and leaflets trying text sizes).
struct ThreadCache {
  // Bounds, as texts and patterns come from data that changes while a worker runs (summaries).
  static constexpr size_t kMaxRememberedTexts = 20000;
  static constexpr size_t kMaxFormats = 2000;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<icu::MessageFormat>> formats;
  std::map<std::string, std::unique_ptr<icu::Collator>> collators;
  std::map<std::string, std::unique_ptr<icu::BreakIterator>> line_breakers;
  std::unordered_map<std::string, std::vector<Localizer::LineBreak>> line_breaks;  // key: locale \0 text
};

ThreadCache& Cache() {
  thread_local ThreadCache cache;
  return cache;
}

}  // namespace

struct Localizer::Impl {
  const Catalogs* catalogs;
  std::string locale;

  absl::StatusOr<icu::MessageFormat*> FormatFor(const std::string& in_locale, const std::string& pattern) {
    auto& formats = Cache().formats;
    if (formats.size() >= ThreadCache::kMaxFormats && !formats.contains({in_locale, pattern})) formats.clear();
    auto& slot = formats[{in_locale, pattern}];
    if (slot == nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      UParseError where{};
      auto format = std::make_unique<icu::MessageFormat>(ToUnicode(pattern), IcuLocale(in_locale), where, status);
      if (U_FAILURE(status)) {
        formats.erase({in_locale, pattern});
        return absl::InvalidArgumentError(absl::StrCat("not valid ICU MessageFormat (", u_errorName(status),
                                                       " at offset ", where.offset + 1, "): ", pattern));
      }
      slot = std::move(format);
    }
    return slot.get();
  }

  absl::StatusOr<std::string> Format(const std::string& in_locale, const std::string& pattern,
                                     const MessageArgs& args) {
    absl::StatusOr<icu::MessageFormat*> format = FormatFor(in_locale, pattern);
    if (!format.ok()) return format.status();
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    for (const MessageArgs::Arg& arg : args.args()) {
      names.push_back(ToUnicode(arg.name));
      if (const auto* number = std::get_if<int64_t>(&arg.value)) {
        values.emplace_back(static_cast<int64_t>(*number));
      } else if (const auto* text = std::get_if<std::string>(&arg.value)) {
        values.emplace_back(ToUnicode(*text));
      } else {
        // Noon UTC: the formatter shows the date in the process's time zone, and noon keeps the
        // same calendar day in every zone from UTC-11 to UTC+11.
        const absl::CivilDay day = std::get<absl::CivilDay>(arg.value);
        const absl::Time noon =
            absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), 12), absl::UTCTimeZone());
        values.emplace_back(static_cast<UDate>(absl::ToUnixMillis(noon)), icu::Formattable::kIsDate);
      }
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString result;
    (*format)->format(names.data(), values.data(), static_cast<int32_t>(values.size()), result, status);
    if (U_FAILURE(status)) {
      return absl::InvalidArgumentError(
          absl::StrCat("arguments do not fit the message (", u_errorName(status), "): ", pattern));
    }
    return ToUtf8(result);
  }

  absl::StatusOr<std::string> Message(const std::string& in_locale, absl::string_view key, const MessageArgs& args) {
    const std::string* pattern = catalogs->Find(in_locale, key);
    if (pattern == nullptr) return absl::NotFoundError(absl::StrCat("no message \"", key, "\" in ", in_locale));
    absl::StatusOr<std::string> text = Format(in_locale, *pattern, args);
    if (!text.ok())
      return absl::Status(text.status().code(), absl::StrCat(key, " (", in_locale, "): ", text.status().message()));
    return text;
  }

  absl::StatusOr<std::string> DateIn(const std::string& in_locale, const monitor::v1::PartialDate& date) {
    using monitor::v1::PartialDate;
    const std::string year = std::to_string(date.year());  // as text: no digit grouping ("2 026")
    switch (date.precision()) {
      case PartialDate::DAY:
        return Message(in_locale, "date.day",
                       MessageArgs().Date("date", absl::CivilDay(date.year(), date.month(), date.day())));
      case PartialDate::MONTH:
        return Message(in_locale, "date.month",
                       MessageArgs().Date("date", absl::CivilDay(date.year(), date.month(), 1)));
      case PartialDate::YEAR:
        return Message(in_locale, "date.year", MessageArgs().Text("year", year));
      case PartialDate::PERIOD: {
        static const std::map<int, const char*> kKeys = {
            {PartialDate::BEGIN, "date.period.begin"},   {PartialDate::SPRING, "date.period.spring"},
            {PartialDate::MID, "date.period.mid"},       {PartialDate::SUMMER, "date.period.summer"},
            {PartialDate::AUTUMN, "date.period.autumn"}, {PartialDate::END, "date.period.end"},
        };
        auto key = kKeys.find(date.period());
        if (key == kKeys.end()) return absl::InvalidArgumentError("date.period: not a period");
        return Message(in_locale, key->second, MessageArgs().Text("year", year));
      }
      default:
        return absl::InvalidArgumentError("date.precision: not set");
    }
  }
};

Localizer::Localizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Localizer::Localizer(Localizer&&) noexcept = default;
Localizer& Localizer::operator=(Localizer&&) noexcept = default;
Localizer::~Localizer() = default;

absl::StatusOr<Localizer> Localizer::Create(const Catalogs& catalogs, absl::string_view locale) {
  if (absl::Status s = CheckLocale(locale); !s.ok()) return s;
  auto impl = std::make_unique<Impl>();
  impl->catalogs = &catalogs;
  impl->locale = std::string(locale);
  return Localizer(std::move(impl));
}

const std::string& Localizer::locale() const { return impl_->locale; }

const TermBase& Localizer::Terms() const { return impl_->catalogs->Terms(impl_->locale); }

const TermBase& Localizer::SourceTerms() const { return impl_->catalogs->Terms(kSourceLocale); }

absl::StatusOr<Localized> Localizer::Message(absl::string_view key, const MessageArgs& args) {
  const bool present = impl_->catalogs->Find(impl_->locale, key) != nullptr;
  absl::StatusOr<std::string> text = impl_->Message(present ? impl_->locale : kSourceLocale, key, args);
  if (!text.ok()) return text.status();
  return Localized{std::move(*text), !present && impl_->locale != kSourceLocale};
}

absl::StatusOr<std::string> Localizer::Date(const monitor::v1::PartialDate& date) {
  return impl_->DateIn(impl_->locale, date);
}

std::string Localizer::PrecisionName(const monitor::v1::PartialDate& date) {
  switch (date.precision()) {
    case monitor::v1::PartialDate::DAY:
      return "day";
    case monitor::v1::PartialDate::MONTH:
      return "month";
    case monitor::v1::PartialDate::PERIOD:
      return "period";
    default:
      return "year";
  }
}

absl::StatusOr<std::string> Localizer::SnapshotLine(const monitor::v1::SnapshotInfo& info) {
  if (!info.has_as_of()) return info.label();
  absl::StatusOr<std::string> date = Date(info.as_of());
  if (!date.ok()) return date.status();
  absl::StatusOr<Localized> line = Message(
      "document.snapshot_line",
      MessageArgs().Text("date", *date).Text("precision", PrecisionName(info.as_of())).Text("label", info.label()));
  if (!line.ok()) return line.status();
  return line->text;
}

absl::StatusOr<std::string> Localizer::Day(absl::CivilDay day) {
  return impl_->Message(impl_->locale, "date.day", MessageArgs().Date("date", day));
}

std::string Localizer::Integer(int64_t value) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text =
      icu::number::NumberFormatter::withLocale(IcuLocale(impl_->locale)).formatInt(value, status).toString(status);
  return U_FAILURE(status) ? std::to_string(value) : ToUtf8(text);
}

std::string Localizer::Euros(double amount) {
  UErrorCode status = U_ZERO_ERROR;
  icu::CurrencyUnit euro(u"EUR", status);
  icu::UnicodeString text = icu::number::NumberFormatter::withLocale(IcuLocale(impl_->locale))
                                .unit(euro)
                                .formatDouble(amount, status)
                                .toString(status);
  return U_FAILURE(status) ? absl::StrCat("€ ", amount) : ToUtf8(text);
}

std::vector<Localizer::LineBreak> Localizer::LineBreaks(absl::string_view utf8) {
  ThreadCache& cache = Cache();
  std::string key = absl::StrCat(impl_->locale, std::string(1, '\0'), utf8);
  if (auto known = cache.line_breaks.find(key); known != cache.line_breaks.end()) return known->second;

  std::vector<LineBreak> breaks;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator>& breaker = cache.line_breakers[impl_->locale];
  if (breaker == nullptr) {
    breaker.reset(icu::BreakIterator::createLineInstance(IcuLocale(impl_->locale), status));
    if (U_FAILURE(status)) breaker.reset();
  }
  // Over UTF-8 directly (UText), so the boundaries are byte offsets into `utf8`.
  UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
  if (breaker != nullptr && U_SUCCESS(status)) {
    breaker->setText(text, status);
    breaker->first();
    for (int32_t at = breaker->next(); at != icu::BreakIterator::DONE; at = breaker->next()) {
      const int32_t rule = breaker->getRuleStatus();
      breaks.push_back({static_cast<size_t>(at), rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT});
    }
    // The iterator keeps a reference to the text: detach it before closing.
    breaker->setText(icu::UnicodeString());
  }
  utext_close(text);
  if (breaks.empty() || breaks.back().offset != utf8.size()) breaks.push_back({utf8.size(), false});
  if (cache.line_breaks.size() >= ThreadCache::kMaxRememberedTexts) cache.line_breaks.clear();
  cache.line_breaks.emplace(std::move(key), breaks);
  return breaks;
}

int Localizer::Compare(absl::string_view a, absl::string_view b) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator>& collator = Cache().collators[impl_->locale];
  if (collator == nullptr) {
    collator.reset(icu::Collator::createInstance(IcuLocale(impl_->locale), status));
    if (U_FAILURE(status)) collator.reset();
  }
  if (collator == nullptr) return a.compare(b);
  status = U_ZERO_ERROR;
  return collator->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                               icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
}

void Localizer::Sort(std::vector<std::string>& texts) {
  std::stable_sort(texts.begin(), texts.end(),
                   [this](const std::string& a, const std::string& b) { return Compare(a, b) < 0; });
}

Localized Localizer::Text(const monitor::v1::LocalizedText& text) const {
  const TranslationState state = StateOf(text, impl_->locale);
  if (state == TranslationState::kCurrent) return {text.translations().at(impl_->locale).text(), false};
  return {text.nl(), state != TranslationState::kSource};
}

LocalizedBodyRef Localizer::Body(const monitor::v1::LocalizedBody& body) const {
  const TranslationState state = StateOf(body, impl_->locale);
  if (state == TranslationState::kCurrent) return {&body.translations().at(impl_->locale).body(), false};
  return {&body.nl(), state != TranslationState::kSource};
}

absl::StatusOr<Localized> Localizer::Summary(const monitor::v1::Measure& measure) {
  Localized pattern = Text(measure.summary());
  const std::string in_locale = pattern.fell_back ? kSourceLocale : impl_->locale;
  MessageArgs args;
  for (const monitor::v1::Milestone& milestone : measure.milestones()) {
    absl::StatusOr<std::string> date = impl_->DateIn(in_locale, milestone.date());
    if (!date.ok()) return date.status();
    // A date that ends in an abbreviation's period ("2026 r.", "2026 г.", "2027. január 1.") at the
    // end of a sentence takes one period, not two: the sentence's is dropped.
    if (absl::EndsWith(*date, ".")) {
      const std::string placeholder = absl::StrCat("{", milestone.id(), "}");
      pattern.text = absl::StrReplaceAll(pattern.text, {{absl::StrCat(placeholder, "."), placeholder}});
    }
    args.Text(milestone.id(), *date);
  }
  absl::StatusOr<std::string> text = impl_->Format(in_locale, pattern.text, args);
  if (!text.ok()) {
    return absl::Status(text.status().code(), absl::StrCat("measure ", measure.id(), " summary (", in_locale,
                                                           "): ", text.status().message()));
  }
  return Localized{std::move(*text), pattern.fell_back};
}

}  // namespace werkmonitor
