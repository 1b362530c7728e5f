#include "domain/translation_units.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/fingerprint.h"
#include "domain/locales.h"
#include "icu/message_syntax.h"

namespace werkmonitor {
namespace {

using monitor::v1::Body;
using monitor::v1::DataSet;
using monitor::v1::LocalizedBody;
using monitor::v1::LocalizedText;

// The length limits are about twice the longest Dutch text of each kind in the 2025 data (other
// languages run longer than Dutch) and within what the data set rules accept (text_rules.h), so a
// translation that passes here is never refused when stored, while a runaway text (a paragraph
// pasted into a label) is caught before it breaks a document's layout.
constexpr UnitKindInfo kKinds[] = {
    {UnitKind::kThemeTitle, "theme title", "the heading of a theme on every document", {80, true, false}, false},
    {UnitKind::kThemeIntroduction,
     "theme introduction",
     "one segment per paragraph or list item; the appendix prints it under the theme's heading",
     {2500, true, true},
     false},
    {UnitKind::kMeasureTitle,
     "measure title",
     "printed with the measure's status on every document",
     {200, true, false},
     false},
    {UnitKind::kMeasureSummary,
     "measure summary",
     "the leaflet's plain-language summary (about B1); each inline code prints a milestone's date: keep them all",
     {800, true, true},
     true},
    {UnitKind::kMilestoneLabel,
     "milestone label",
     "printed next to its date in the leaflet's dates to come",
     {100, true, false},
     false},
    {UnitKind::kDepartmentName, "department name", "a ministry's full name", {120, true, false}, false},
    {UnitKind::kCatalogMessage,
     "user-interface message",
     "ICU MessageFormat: keep each inline code; a plural needs every plural category of the language",
     {600, true, true},
     true},
};

// Unit ids: "<subject kind>.<ids>.<field>". Theme and measure ids are slugs, milestone ids
// argument names and department codes letters, so none holds a '.'.
std::string UnitId(absl::string_view subject, absl::string_view id, absl::string_view field) {
  return absl::StrCat(subject, ".", id, ".", field);
}
std::string MilestoneUnitId(absl::string_view measure_id, absl::string_view milestone_id) {
  return absl::StrCat("milestone.", measure_id, ".", milestone_id, ".label");
}

// A body's texts in order: each block's text, or each item of a list.
std::vector<std::string> Segments(const Body& body) {
  std::vector<std::string> segments;
  for (const monitor::v1::Block& block : body.blocks()) {
    if (block.items_size() > 0) {
      segments.insert(segments.end(), block.items().begin(), block.items().end());
    } else {
      segments.push_back(block.text());
    }
  }
  return segments;
}

// `dutch` with its texts replaced, in order, by `segments` (as many as Segments(dutch) has).
Body WithSegments(const Body& dutch, const std::vector<std::string>& segments) {
  Body body = dutch;
  size_t next = 0;
  for (monitor::v1::Block& block : *body.mutable_blocks()) {
    if (block.items_size() > 0) {
      for (std::string& item : *block.mutable_items()) item = segments[next++];
    } else {
      block.set_text(segments[next++]);
    }
  }
  return body;
}

void AddText(std::vector<TranslationUnit>& units, std::string id, UnitKind kind, const LocalizedText& text,
             absl::string_view locale) {
  if (text.nl().empty()) return;
  TranslationUnit& unit = units.emplace_back();
  unit.id = std::move(id);
  unit.kind = kind;
  unit.source = {text.nl()};
  unit.source_fingerprint = Fingerprint(text.nl());
  unit.state = StateOf(text, locale);
  if (auto found = text.translations().find(std::string(locale)); found != text.translations().end()) {
    unit.target = {found->second.text()};
  }
}

void AddBody(std::vector<TranslationUnit>& units, std::string id, UnitKind kind, const LocalizedBody& body,
             absl::string_view locale) {
  std::vector<std::string> source = Segments(body.nl());
  if (source.empty()) return;
  TranslationUnit& unit = units.emplace_back();
  unit.id = std::move(id);
  unit.kind = kind;
  unit.source = std::move(source);
  unit.source_fingerprint = Fingerprint(body.nl());
  unit.state = StateOf(body, locale);
  if (auto found = body.translations().find(std::string(locale)); found != body.translations().end()) {
    unit.target = Segments(found->second.body());
  }
}

// What is wrong with `target` as a translation of `unit` into `locale`, given that it was made from
// the current Dutch; "" when nothing.
std::string ContentProblem(const TranslationUnit& unit, absl::string_view locale,
                           const std::vector<std::string>& target) {
  if (target.empty()) return "has no translation";
  if (target.size() != unit.source.size()) {
    return absl::StrCat("has ", target.size(), " segment(s); the Dutch has ", unit.source.size());
  }
  const UnitKindInfo& info = InfoOf(unit.kind);
  std::vector<std::string> problems;
  for (size_t i = 0; i < target.size(); ++i) {
    const std::string field = target.size() == 1 ? "target" : absl::StrCat("segment ", i + 1);
    if (absl::Status s = CheckText(field, target[i], info.rule); !s.ok()) {
      problems.emplace_back(s.message());
      continue;
    }
    if (!info.message_format) continue;
    std::vector<std::string> message = CheckTranslatedMessage(unit.source[i], target[i], locale);
    if (message.empty()) {
      // A summary is formatted with its milestones' dates as texts: where the Dutch formats so, the
      // translation must too (an argument turned into a number or date would stop every leaflet).
      absl::StatusOr<MessageShape> dutch = AnalyzeMessage(unit.source[i]);
      if (dutch.ok() && CheckFormatsWithTexts(unit.source[i], kSourceLocale, dutch->arguments).ok()) {
        if (absl::Status s = CheckFormatsWithTexts(target[i], locale, dutch->arguments); !s.ok()) {
          message.emplace_back(s.message());
        }
      }
    }
    for (std::string& problem : message) {
      problems.push_back(target.size() == 1 ? std::move(problem) : absl::StrCat(field, ": ", problem));
    }
  }
  return absl::StrJoin(problems, "; ");
}

struct TextRef {
  LocalizedText* text = nullptr;
  LocalizedBody* body = nullptr;
};

template <typename Repeated, typename Key>
auto* FindIn(Repeated& items, Key key, absl::string_view wanted) {
  auto found = std::find_if(items.begin(), items.end(), [&](const auto& item) { return key(item) == wanted; });
  return found == items.end() ? nullptr : &*found;
}

// The text unit `id` names in `data`, or none.
TextRef FindText(DataSet& data, absl::string_view id) {
  const std::vector<absl::string_view> parts = absl::StrSplit(id, '.');
  auto theme_id = [](const monitor::v1::Theme& t) -> const std::string& { return t.id(); };
  auto measure_id = [](const monitor::v1::Measure& m) -> const std::string& { return m.id(); };
  if (parts.size() == 3 && parts[0] == "theme") {
    monitor::v1::Theme* theme = FindIn(*data.mutable_themes(), theme_id, parts[1]);
    if (theme == nullptr) return {};
    if (parts[2] == "title") return {theme->mutable_title(), nullptr};
    if (parts[2] == "introduction") return {nullptr, theme->mutable_introduction()};
  } else if (parts.size() == 3 && parts[0] == "measure") {
    monitor::v1::Measure* measure = FindIn(*data.mutable_measures(), measure_id, parts[1]);
    if (measure == nullptr) return {};
    if (parts[2] == "title") return {measure->mutable_title(), nullptr};
    if (parts[2] == "summary") return {measure->mutable_summary(), nullptr};
  } else if (parts.size() == 4 && parts[0] == "milestone" && parts[3] == "label") {
    monitor::v1::Measure* measure = FindIn(*data.mutable_measures(), measure_id, parts[1]);
    if (measure == nullptr) return {};
    monitor::v1::Milestone* milestone = FindIn(
        *measure->mutable_milestones(), [](const monitor::v1::Milestone& m) -> const std::string& { return m.id(); },
        parts[2]);
    if (milestone != nullptr) return {milestone->mutable_label(), nullptr};
  } else if (parts.size() == 3 && parts[0] == "department" && parts[2] == "name") {
    monitor::v1::Department* department = FindIn(
        *data.mutable_departments(), [](const monitor::v1::Department& d) -> const std::string& { return d.code(); },
        parts[1]);
    if (department != nullptr) return {department->mutable_name(), nullptr};
  }
  return {};
}

}  // namespace

const UnitKindInfo& InfoOf(UnitKind kind) {
  for (const UnitKindInfo& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[0];  // unreachable: the table lists every kind
}

std::string NoteOf(const TranslationUnit& unit) {
  const UnitKindInfo& info = InfoOf(unit.kind);
  auto end_sentence = [](std::string& text) {
    if (!absl::EndsWith(text, ".")) text += ".";
  };
  std::string note(info.what);
  if (!info.guidance.empty()) absl::StrAppend(&note, ": ", info.guidance);
  end_sentence(note);
  if (!unit.context.empty()) {
    absl::StrAppend(&note, " ", unit.context);
    end_sentence(note);
  }
  absl::StrAppend(&note, " At most ", info.rule.max_chars, " characters",
                  unit.source.size() > 1 ? " per segment." : ".");
  return note;
}

std::vector<TranslationUnit> DataTranslationUnits(const DataSet& data, absl::string_view locale) {
  std::vector<TranslationUnit> units;
  for (const monitor::v1::Theme& theme : data.themes()) {
    AddText(units, UnitId("theme", theme.id(), "title"), UnitKind::kThemeTitle, theme.title(), locale);
    AddBody(units, UnitId("theme", theme.id(), "introduction"), UnitKind::kThemeIntroduction, theme.introduction(),
            locale);
  }
  for (const monitor::v1::Measure& measure : data.measures()) {
    AddText(units, UnitId("measure", measure.id(), "title"), UnitKind::kMeasureTitle, measure.title(), locale);
    AddText(units, UnitId("measure", measure.id(), "summary"), UnitKind::kMeasureSummary, measure.summary(), locale);
    for (const monitor::v1::Milestone& milestone : measure.milestones()) {
      AddText(units, MilestoneUnitId(measure.id(), milestone.id()), UnitKind::kMilestoneLabel, milestone.label(),
              locale);
    }
  }
  for (const monitor::v1::Department& department : data.departments()) {
    AddText(units, UnitId("department", department.code(), "name"), UnitKind::kDepartmentName, department.name(),
            locale);
  }
  return units;
}

std::vector<UnitVerdict> CheckUnits(absl::Span<const TranslationUnit> current, absl::string_view locale,
                                    absl::Span<const TranslationUnit> incoming) {
  absl::flat_hash_map<absl::string_view, const TranslationUnit*> by_id;
  for (const TranslationUnit& unit : current) by_id.emplace(unit.id, &unit);
  absl::flat_hash_map<absl::string_view, int> times;
  for (const TranslationUnit& unit : incoming) ++times[unit.id];

  std::vector<UnitVerdict> verdicts;
  for (const TranslationUnit& unit : incoming) {
    UnitVerdict& verdict = verdicts.emplace_back();
    auto found = by_id.find(unit.id);
    if (found == by_id.end()) {
      verdict.reason = "no such text (the data has no text with this id)";
      continue;
    }
    const TranslationUnit& now = *found->second;
    if (times[unit.id] > 1) {
      verdict.reason = "appears more than once";
      continue;
    }
    if (unit.source_fingerprint != now.source_fingerprint) {
      verdict.reason = absl::StrCat("stale: made from Dutch ",
                                    unit.source_fingerprint.empty() ? "without a fingerprint" : unit.source_fingerprint,
                                    ", the Dutch is now ", now.source_fingerprint, "; export it again");
      verdict.stale = true;
      continue;
    }
    if (std::string problem = ContentProblem(now, locale, unit.target); !problem.empty()) {
      verdict.reason = std::move(problem);
      continue;
    }
    const bool same = now.state == TranslationState::kCurrent && now.target == unit.target;
    verdict.outcome = same ? UnitVerdict::kUnchanged : UnitVerdict::kApply;
  }
  return verdicts;
}

absl::Status ApplyUnits(DataSet& data, absl::string_view locale, absl::Span<const TranslationUnit> units,
                        AppliedTexts& applied) {
  for (const TranslationUnit& unit : units) {
    const TextRef ref = FindText(data, unit.id);
    if (ref.text != nullptr && unit.target.size() == 1) {
      monitor::v1::Translation& translation = (*ref.text->mutable_translations())[std::string(locale)];
      translation.set_text(unit.target[0]);
      translation.set_source_fingerprint(unit.source_fingerprint);
    } else if (ref.body != nullptr && unit.target.size() == Segments(ref.body->nl()).size()) {
      monitor::v1::TranslatedBody& translation = (*ref.body->mutable_translations())[std::string(locale)];
      *translation.mutable_body() = WithSegments(ref.body->nl(), unit.target);
      translation.set_source_fingerprint(unit.source_fingerprint);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(unit.id, ": not a text of the data, or not of its shape"));
    }
    const std::vector<absl::string_view> parts = absl::StrSplit(unit.id, '.');
    std::set<std::string>& changed = parts[0] == "theme"        ? applied.themes
                                     : parts[0] == "department" ? applied.departments
                                                                : applied.measures;
    changed.emplace(parts[1]);
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor
