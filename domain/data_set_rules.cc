#include "domain/data_set_rules.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "domain/locales.h"
#include "domain/measure_tree.h"
#include "domain/status.h"
#include "domain/text_rules.h"
#include "icu/message_syntax.h"

namespace werkmonitor {
namespace {

using monitor::v1::Block;
using monitor::v1::DataSet;
using monitor::v1::LocalizedText;
using monitor::v1::Measure;
using monitor::v1::Milestone;
using monitor::v1::PartialDate;

constexpr int kMaxBlocks = 200;
constexpr int kMaxListItems = 100;
constexpr int kMaxMilestones = 50;

absl::Status Invalid(absl::string_view field, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", reason));
}

// Translation keys are locale codes other than the source language: "pl", "ro", "bg", "en".
absl::Status CheckLocaleKey(absl::string_view field, absl::string_view locale) {
  const bool letters = !locale.empty() && locale.size() <= 3 &&
                       std::all_of(locale.begin(), locale.end(), [](char c) { return absl::ascii_islower(c); });
  if (!letters || locale.size() < 2) return Invalid(field, absl::StrCat("\"", locale, "\" is not a locale code"));
  if (locale == kSourceLocale) return Invalid(field, "Dutch is the source text, not a translation");
  return absl::OkStatus();
}

absl::Status CheckLocalizedText(absl::string_view field, const LocalizedText& text, const TextRule& rule) {
  if (absl::Status s = CheckText(absl::StrCat(field, ".nl"), text.nl(), rule); !s.ok()) return s;
  for (const auto& [locale, translation] : text.translations()) {
    const std::string at = absl::StrCat(field, ".translations[", locale, "]");
    if (absl::Status s = CheckLocaleKey(at, locale); !s.ok()) return s;
    if (absl::Status s = CheckText(absl::StrCat(at, ".text"), translation.text(), rule); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckBlocks(absl::string_view field, const monitor::v1::Body& body) {
  if (body.blocks_size() > kMaxBlocks) return Invalid(field, absl::StrCat("more than ", kMaxBlocks, " blocks"));
  for (int i = 0; i < body.blocks_size(); ++i) {
    const Block& block = body.blocks(i);
    const std::string at = absl::StrCat(field, ".blocks[", i, "]");
    switch (block.kind()) {
      case Block::PARAGRAPH:
      case Block::HEADING:
      case Block::SUBHEADING:
        if (block.items_size() > 0) return Invalid(at, "only lists have items");
        if (absl::Status s = CheckText(absl::StrCat(at, ".text"), block.text(), kParagraphRule); !s.ok()) return s;
        break;
      case Block::BULLET_LIST:
      case Block::NUMBERED_LIST:
        if (!block.text().empty()) return Invalid(at, "a list has items, not text");
        if (block.items_size() == 0) return Invalid(at, "a list needs at least one item");
        if (block.items_size() > kMaxListItems) return Invalid(at, absl::StrCat("more than ", kMaxListItems, " items"));
        for (int k = 0; k < block.items_size(); ++k) {
          if (absl::Status s = CheckText(absl::StrCat(at, ".items[", k, "]"), block.items(k), kParagraphRule);
              !s.ok()) {
            return s;
          }
        }
        break;
      default:
        return Invalid(absl::StrCat(at, ".kind"),
                       "must be PARAGRAPH, HEADING, SUBHEADING, BULLET_LIST or NUMBERED_LIST");
    }
  }
  return absl::OkStatus();
}

bool IsArgumentName(absl::string_view id) {
  if (id.empty() || !absl::ascii_islower(id.front())) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_'; });
}

// A summary is an ICU MessageFormat message with the milestones' dates as arguments, which documents
// format in the language of each text; one that does not format would stop every leaflet.
absl::Status CheckSummaryFormats(absl::string_view field, const LocalizedText& summary,
                                 const std::set<std::string>& milestones) {
  if (absl::Status s = CheckFormatsWithTexts(summary.nl(), kSourceLocale, milestones); !s.ok()) {
    return Invalid(absl::StrCat(field, ".nl"), s.message());
  }
  for (const auto& [locale, translation] : summary.translations()) {
    if (absl::Status s = CheckFormatsWithTexts(translation.text(), locale, milestones); !s.ok()) {
      return Invalid(absl::StrCat(field, ".translations[", locale, "].text"), s.message());
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMilestone(absl::string_view field, const Milestone& milestone) {
  if (!IsArgumentName(milestone.id())) {
    return Invalid(absl::StrCat(field, ".id"), "use lower-case letters, digits and '_', starting with a letter");
  }
  if (absl::Status s = ValidatePartialDate(absl::StrCat(field, ".date"), milestone.date()); !s.ok()) return s;
  if (absl::Status s = CheckLocalizedText(absl::StrCat(field, ".label"), milestone.label(), kLabelRule); !s.ok()) {
    return s;
  }
  return CheckText(absl::StrCat(field, ".as_written"), milestone.as_written(), kLabelRule);
}

// Department codes are the source's abbreviations: ASCII letters, e.g. "SZW", "JenV".
bool IsDepartmentCode(absl::string_view code) {
  return !code.empty() && code.size() <= 10 && std::all_of(code.begin(), code.end(), absl::ascii_isalpha);
}

absl::Status CheckDepartments(const DataSet& data, absl::flat_hash_set<std::string>& codes) {
  for (int i = 0; i < data.departments_size(); ++i) {
    const monitor::v1::Department& department = data.departments(i);
    const std::string at =
        absl::StrCat("departments[", department.code().empty() ? std::to_string(i) : department.code(), "]");
    if (!IsDepartmentCode(department.code())) {
      return Invalid(absl::StrCat(at, ".code"), "must be the ministry's abbreviation in letters, such as \"JenV\"");
    }
    if (!codes.insert(department.code()).second) return Invalid(absl::StrCat(at, ".code"), "is used twice");
    if (absl::Status s = CheckLocalizedText(absl::StrCat(at, ".name"), department.name(), kTitleRule); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// A department named by a theme or measure must be in the list. A data set without departments
// (made before they existed) names none; one with departments names one everywhere.
absl::Status CheckDepartmentRef(absl::string_view field, absl::string_view code,
                                const absl::flat_hash_set<std::string>& codes) {
  if (code.empty()) {
    if (codes.empty()) return absl::OkStatus();
    return Invalid(field, "is required when the data set lists departments");
  }
  if (!codes.contains(code)) {
    return Invalid(field, codes.empty() ? absl::StrCat("no department \"", code, "\" (the data set lists none)")
                                        : absl::StrCat("no department \"", code, "\""));
  }
  return absl::OkStatus();
}

// The quote is the words of the measure's own Dutch text that name its owner: it must stand, as
// written, in the title or in one block of the body.
bool QuotedFromMeasure(absl::string_view quote, const Measure& m) {
  if (absl::StrContains(m.title().nl(), quote)) return true;
  for (const Block& block : m.body().nl().blocks()) {
    if (absl::StrContains(block.text(), quote)) return true;
    for (const std::string& item : block.items()) {
      if (absl::StrContains(item, quote)) return true;
    }
  }
  return false;
}

absl::Status CheckOwner(absl::string_view field, const Measure& m, const absl::flat_hash_set<std::string>& codes) {
  const monitor::v1::Ownership& owner = m.owner();
  if (absl::Status s = CheckDepartmentRef(absl::StrCat(field, ".department"), owner.department(), codes); !s.ok()) {
    return s;
  }
  if (owner.quote().empty()) return absl::OkStatus();
  const std::string at = absl::StrCat(field, ".quote");
  if (owner.department().empty()) return Invalid(at, "a quote needs the department it names");
  return CheckText(at, owner.quote(), kLabelRule);
}

}  // namespace

bool IsSlug(absl::string_view id) {
  if (id.empty() || id.size() > 100 || !absl::ascii_islower(id.front())) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-'; });
}

absl::Status ValidatePartialDate(absl::string_view field, const PartialDate& date) {
  if (date.year() < 1900 || date.year() > 2200)
    return Invalid(absl::StrCat(field, ".year"), "must be between 1900 and 2200");
  const bool has_month = date.month() != 0, has_day = date.day() != 0;
  const bool has_period = date.period() != PartialDate::PERIOD_UNSPECIFIED;
  if (has_month && (date.month() < 1 || date.month() > 12)) {
    return Invalid(absl::StrCat(field, ".month"), absl::StrCat(date.month(), " is not a month"));
  }
  switch (date.precision()) {
    case PartialDate::DAY: {
      if (!has_month || !has_day || has_period)
        return Invalid(field, "a DAY date has year, month and day and no period");
      const absl::CivilDay day(date.year(), date.month(), date.day());
      if (day.day() != date.day() || day.month() != date.month()) {
        return Invalid(absl::StrCat(field, ".day"),
                       absl::StrCat(date.year(), "-", date.month(), "-", date.day(), " is not a date"));
      }
      return absl::OkStatus();
    }
    case PartialDate::MONTH:
      if (!has_month || has_day || has_period) return Invalid(field, "a MONTH date has year and month only");
      return absl::OkStatus();
    case PartialDate::PERIOD:
      if (has_month || has_day) return Invalid(field, "a PERIOD date has year and period only");
      if (!PartialDate::Period_IsValid(date.period()) || !has_period) {
        return Invalid(absl::StrCat(field, ".period"), "must be BEGIN, SPRING, MID, SUMMER, AUTUMN or END");
      }
      return absl::OkStatus();
    case PartialDate::YEAR:
      if (has_month || has_day || has_period) return Invalid(field, "a YEAR date has a year only");
      return absl::OkStatus();
    default:
      return Invalid(absl::StrCat(field, ".precision"), "must be DAY, MONTH, PERIOD or YEAR");
  }
}

absl::Status ValidateBody(absl::string_view field, const monitor::v1::LocalizedBody& body) {
  if (absl::Status s = CheckBlocks(absl::StrCat(field, ".nl"), body.nl()); !s.ok()) return s;
  for (const auto& [locale, translation] : body.translations()) {
    const std::string at = absl::StrCat(field, ".translations[", locale, "]");
    if (absl::Status s = CheckLocaleKey(at, locale); !s.ok()) return s;
    if (absl::Status s = CheckBlocks(absl::StrCat(at, ".body"), translation.body()); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateMeasureContent(absl::string_view field, const Measure& measure) {
  if (absl::Status s = CheckLocalizedText(absl::StrCat(field, ".title"), measure.title(), kTitleRule); !s.ok())
    return s;
  if (absl::Status s = ValidateBody(absl::StrCat(field, ".body"), measure.body()); !s.ok()) return s;
  if (absl::Status s = CheckLocalizedText(absl::StrCat(field, ".summary"), measure.summary(), kSummaryRule); !s.ok()) {
    return s;
  }
  if (measure.milestones_size() > kMaxMilestones) {
    return Invalid(absl::StrCat(field, ".milestones"), absl::StrCat("more than ", kMaxMilestones));
  }
  std::set<std::string> ids;
  for (int i = 0; i < measure.milestones_size(); ++i) {
    const std::string at = absl::StrCat(field, ".milestones[", i, "]");
    if (absl::Status s = CheckMilestone(at, measure.milestones(i)); !s.ok()) return s;
    if (!ids.insert(measure.milestones(i).id()).second) {
      return Invalid(absl::StrCat(at, ".id"), absl::StrCat("\"", measure.milestones(i).id(), "\" is used twice"));
    }
  }
  return CheckSummaryFormats(absl::StrCat(field, ".summary"), measure.summary(), ids);
}

absl::Status CheckOwnerQuotes(const DataSet& data) {
  for (const Measure& m : data.measures()) {
    if (m.owner().quote().empty() || QuotedFromMeasure(m.owner().quote(), m)) continue;
    return Invalid(absl::StrCat("measures[", m.id(), "].owner.quote"),
                   absl::StrCat("\"", m.owner().quote(), "\" is not in the measure's Dutch title or body"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDataSet(const DataSet& data) {
  if (absl::Status s = CheckText("source.title", data.source().title(), kTitleRule); !s.ok()) return s;
  if (data.source().has_as_of()) {
    if (absl::Status s = ValidatePartialDate("source.as_of", data.source().as_of()); !s.ok()) return s;
  }
  if (absl::Status s = CheckText("source.as_of_reason", data.source().as_of_reason(), kNoteRule); !s.ok()) return s;
  if (data.themes().empty()) return Invalid("themes", "a data set needs at least one theme");
  absl::flat_hash_set<std::string> departments;
  if (absl::Status s = CheckDepartments(data, departments); !s.ok()) return s;

  absl::flat_hash_set<std::string> theme_ids;
  for (int i = 0; i < data.themes_size(); ++i) {
    const monitor::v1::Theme& theme = data.themes(i);
    const std::string at = absl::StrCat("themes[", theme.id().empty() ? std::to_string(i) : theme.id(), "]");
    if (!IsSlug(theme.id())) return Invalid(absl::StrCat(at, ".id"), "must be a slug such as \"zorg-en-welzijn\"");
    if (!theme_ids.insert(theme.id()).second) return Invalid(absl::StrCat(at, ".id"), "is used twice");
    if (absl::Status s = CheckLocalizedText(absl::StrCat(at, ".title"), theme.title(), kTitleRule); !s.ok()) return s;
    if (absl::Status s = ValidateBody(absl::StrCat(at, ".introduction"), theme.introduction()); !s.ok()) return s;
    if (absl::Status s = CheckDepartmentRef(absl::StrCat(at, ".default_owner"), theme.default_owner(), departments);
        !s.ok()) {
      return s;
    }
  }

  const MeasureTree tree(data);
  absl::flat_hash_set<std::string> earlier;  // ids of the measures checked so far
  for (int i = 0; i < data.measures_size(); ++i) {
    const Measure& m = data.measures(i);
    const std::string at = absl::StrCat("measures[", m.id().empty() ? std::to_string(i) : m.id(), "]");
    if (!IsSlug(m.id())) return Invalid(absl::StrCat(at, ".id"), "must be a slug such as \"registratie-2a\"");
    if (earlier.contains(m.id())) return Invalid(absl::StrCat(at, ".id"), "is used twice");
    if (!theme_ids.contains(m.theme_id())) {
      return Invalid(absl::StrCat(at, ".theme_id"), absl::StrCat("no theme \"", m.theme_id(), "\""));
    }
    if (absl::Status s = CheckText(absl::StrCat(at, ".number"), m.number(), TextRule{10, true, false}); !s.ok())
      return s;
    if (!m.parent_id().empty()) {
      const Measure* parent = tree.ParentOf(m);
      if (parent == nullptr || !earlier.contains(parent->id())) {
        return Invalid(absl::StrCat(at, ".parent_id"), absl::StrCat("no earlier measure \"", m.parent_id(), "\""));
      }
      if (!parent->parent_id().empty()) {
        return Invalid(absl::StrCat(at, ".parent_id"), "sub-measures have no sub-measures");
      }
      if (parent->theme_id() != m.theme_id()) {
        return Invalid(absl::StrCat(at, ".theme_id"), "a sub-measure belongs to its parent's theme");
      }
    }
    const bool is_parent = tree.HasChildren(m.id());
    if (is_parent && m.status() != monitor::v1::STATUS_UNSPECIFIED) {
      return Invalid(absl::StrCat(at, ".status"), "a measure with sub-measures has no status of its own");
    }
    if (!is_parent && !IsKnownStatus(m.status())) return Invalid(absl::StrCat(at, ".status"), "is required");
    if (absl::Status s = ValidateMeasureContent(at, m); !s.ok()) return s;
    if (absl::Status s = CheckOwner(absl::StrCat(at, ".owner"), m, departments); !s.ok()) return s;
    earlier.insert(m.id());
  }

  for (int i = 0; i < data.published().rows_size(); ++i) {
    const auto& row = data.published().rows(i);
    const std::string at = absl::StrCat("published.rows[", i, "]");
    if (!row.theme_id().empty() && !theme_ids.contains(row.theme_id())) {
      return Invalid(absl::StrCat(at, ".theme_id"), absl::StrCat("no theme \"", row.theme_id(), "\""));
    }
    for (const auto& count : row.counts()) {
      if (!IsKnownStatus(count.status())) return Invalid(absl::StrCat(at, ".counts"), "unknown status");
    }
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor
