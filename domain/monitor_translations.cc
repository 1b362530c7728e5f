// Monitor::ImportTranslations: translators' units applied in one write (see monitor.h).
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/data_set_rules.h"
#include "domain/locales.h"
#include "domain/monitor.h"
#include "domain/proto_time.h"
#include "domain/text_rules.h"
#include "domain/translation_units.h"

namespace werkmonitor {
namespace {

using monitor::v1::ImportTranslationsResponse;

// A request names every unit it sends; this many is all the data's texts of a locale several
// times over (41 measures have about 200), and bounds the work one call can ask for.
constexpr int kMaxUnits = 5000;
constexpr int kMaxSegments = 1000;
// How many refused units an error message names before it only counts the rest.
constexpr int kNamedInError = 20;

absl::StatusOr<std::vector<TranslationUnit>> Incoming(const monitor::v1::ImportTranslationsRequest& request) {
  if (request.units_size() > kMaxUnits) {
    return absl::InvalidArgumentError(absl::StrCat("units: more than ", kMaxUnits, " in one request"));
  }
  std::vector<TranslationUnit> units;
  for (int i = 0; i < request.units_size(); ++i) {
    const monitor::v1::TranslationUnit& unit = request.units(i);
    const std::string field = absl::StrCat("units[", i, "]");
    // Checked before anything quotes them: an id or fingerprint is short and on one line.
    if (absl::Status s = CheckText(absl::StrCat(field, ".id"), unit.id(), kIdRule); !s.ok()) return s;
    if (absl::Status s = CheckText(absl::StrCat(field, ".source_fingerprint"), unit.source_fingerprint(),
                                   TextRule{32, false, false});
        !s.ok()) {
      return s;
    }
    if (unit.target_size() > kMaxSegments) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".target: more than ", kMaxSegments, " segments"));
    }
    TranslationUnit& converted = units.emplace_back();
    converted.id = unit.id();
    converted.target.assign(unit.target().begin(), unit.target().end());
    converted.source_fingerprint = unit.source_fingerprint();
  }
  return units;
}

// The call's error for refused units: each named with its reason, up to kNamedInError.
absl::Status Refusal(const ImportTranslationsResponse& response, bool all_stale) {
  std::string message = "nothing applied; refused: ";
  int named = 0, refused = 0;
  for (int i = 0; i < response.results_size(); ++i) {
    const ImportTranslationsResponse::Result& result = response.results(i);
    if (result.outcome() != ImportTranslationsResponse::Result::REFUSED) continue;
    if (named++ < kNamedInError) {
      absl::StrAppend(&message, refused == 0 ? "" : "; ", "units[", i, "] ", result.unit_id(), ": ", result.reason());
    }
    ++refused;
  }
  if (refused > kNamedInError) absl::StrAppend(&message, "; and ", refused - kNamedInError, " more");
  return all_stale ? absl::AbortedError(message) : absl::InvalidArgumentError(message);
}

}  // namespace

absl::StatusOr<ImportTranslationsResponse> Monitor::ImportTranslations(
    const monitor::v1::ImportTranslationsRequest& request, absl::string_view actor) {
  if (absl::Status s = CheckLocale(request.locale()); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("locale: ", s.message()));
  }
  if (request.locale() == kSourceLocale) {
    return absl::InvalidArgumentError("locale: Dutch is the source text, not a translation");
  }
  absl::StatusOr<std::vector<TranslationUnit>> incoming = Incoming(request);
  if (!incoming.ok()) return incoming.status();

  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  monitor::v1::DataSet data = current->Data();
  const std::vector<UnitVerdict> verdicts =
      CheckUnits(DataTranslationUnits(data, request.locale()), request.locale(), *incoming);
  ImportTranslationsResponse response;
  response.set_revision(current->revision);
  std::vector<TranslationUnit> to_apply;
  bool all_stale = true;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    ImportTranslationsResponse::Result& result = *response.add_results();
    result.set_unit_id((*incoming)[i].id);
    switch (verdicts[i].outcome) {
      case UnitVerdict::kApply:
        result.set_outcome(ImportTranslationsResponse::Result::APPLIED);
        to_apply.push_back((*incoming)[i]);
        break;
      case UnitVerdict::kUnchanged:
        result.set_outcome(ImportTranslationsResponse::Result::UNCHANGED);
        break;
      case UnitVerdict::kRefused:
        result.set_outcome(ImportTranslationsResponse::Result::REFUSED);
        result.set_reason(verdicts[i].reason);
        all_stale = all_stale && verdicts[i].stale;
        break;
    }
  }
  const bool refused = std::any_of(verdicts.begin(), verdicts.end(),
                                   [](const UnitVerdict& v) { return v.outcome == UnitVerdict::kRefused; });
  if (refused && !request.validate_only()) return Refusal(response, all_stale);
  if (request.validate_only() || to_apply.empty()) return response;

  AppliedTexts applied;
  if (absl::Status s = ApplyUnits(data, request.locale(), to_apply, applied); !s.ok()) return s;
  const absl::Time now = clock_();
  const int64_t revision = current->revision + 1;
  Write write;
  monitor::v1::ChangeEvent& event = write.events.emplace_back(NewEvent(revision, now, actor));
  event.mutable_translations_imported()->set_locale(request.locale());
  for (const TranslationUnit& unit : to_apply) event.mutable_translations_imported()->add_unit_ids(unit.id);

  Parts parts = *current;
  parts.revision = revision;
  for (monitor::v1::Measure& measure : *data.mutable_measures()) {
    if (!applied.measures.count(measure.id())) continue;
    measure.set_revision(revision);
    *measure.mutable_updated_at() = ToProtoTime(now);
    measure.set_updated_by(std::string(actor));
    // The same rules as every other change of a measure, so that nothing the store could not hold
    // again (a summary that does not format) is ever written.
    if (absl::Status s = ValidateMeasureContent(absl::StrCat("measures[", measure.id(), "]"), measure); !s.ok()) {
      return s;
    }
    write.measures.push_back(measure);
    parts.measures[static_cast<size_t>(current->measure_index.at(measure.id()))] =
        std::make_shared<const monitor::v1::Measure>(measure);
  }
  if (!applied.themes.empty() || !applied.departments.empty()) {
    for (const monitor::v1::Theme& theme : data.themes()) {
      if (applied.themes.count(theme.id())) write.theme_texts.push_back(theme);
    }
    for (const monitor::v1::Department& department : data.departments()) {
      if (applied.departments.count(department.code())) write.department_names.push_back(department);
    }
    data.clear_measures();
    parts.frame = std::make_shared<const monitor::v1::DataSet>(std::move(data));
  }
  if (absl::Status s = CommitAndPublish(write, Derive(std::move(parts))); !s.ok()) return s;
  response.set_revision(revision);
  return response;
}

}  // namespace werkmonitor
