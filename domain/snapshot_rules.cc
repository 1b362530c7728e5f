#include "domain/snapshot_rules.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/status.h"

namespace werkmonitor {
namespace {

using monitor::v1::Block;
using monitor::v1::PartialDate;

absl::Status Unknown(absl::string_view where, absl::string_view field, int value, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, field, " ", value, " is not a known ", what));
}

absl::Status CheckStatus(absl::string_view where, int status) {
  // STATUS_UNSPECIFIED is a value of the enum: a parent measure has it.
  if (!monitor::v1::Status_IsValid(status)) return Unknown(where, "status", status, "status");
  return absl::OkStatus();
}

absl::Status CheckBody(absl::string_view where, absl::string_view field, const monitor::v1::Body& body) {
  for (int i = 0; i < body.blocks_size(); ++i) {
    const int kind = body.blocks(i).kind();
    if (!Block::Kind_IsValid(kind) || kind == Block::KIND_UNSPECIFIED) {
      return Unknown(where, absl::StrCat(field, ".blocks[", i, "].kind"), kind, "block kind");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckLocalizedBody(absl::string_view where, absl::string_view field,
                                const monitor::v1::LocalizedBody& body) {
  if (absl::Status s = CheckBody(where, absl::StrCat(field, ".nl"), body.nl()); !s.ok()) return s;
  for (const auto& [locale, translation] : body.translations()) {
    const std::string at = absl::StrCat(field, ".translations[", locale, "].body");
    if (absl::Status s = CheckBody(where, at, translation.body()); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckDate(absl::string_view where, absl::string_view field, const PartialDate& date) {
  const int precision = date.precision();
  if (!PartialDate::Precision_IsValid(precision) || precision == PartialDate::PRECISION_UNSPECIFIED) {
    return Unknown(where, absl::StrCat(field, ".precision"), precision, "precision");
  }
  const int period = date.period();
  const bool period_needed = precision == PartialDate::PERIOD;
  if (!PartialDate::Period_IsValid(period) || (period_needed && period == PartialDate::PERIOD_UNSPECIFIED)) {
    return Unknown(where, absl::StrCat(field, ".period"), period, "period");
  }
  return absl::OkStatus();
}

absl::Status CheckMeasure(const monitor::v1::Measure& measure, bool has_sub_measures) {
  const std::string where = absl::StrCat("measure ", measure.id(), ": ");
  if (absl::Status s = CheckStatus(where, measure.status()); !s.ok()) return s;
  // Documents print the status of every measure without sub-measures.
  if (!has_sub_measures && !IsKnownStatus(measure.status())) {
    return absl::InvalidArgumentError(absl::StrCat(where, "has no status (a measure without sub-measures needs one)"));
  }
  for (int i = 0; i < measure.milestones_size(); ++i) {
    const std::string at = absl::StrCat("milestones[", i, "].date");
    if (absl::Status s = CheckDate(where, at, measure.milestones(i).date()); !s.ok()) return s;
  }
  return CheckLocalizedBody(where, "body", measure.body());
}

// Figures hold one count per status: STATUS_UNSPECIFIED is never one of them.
absl::Status CheckCounts(absl::string_view row,
                         const google::protobuf::RepeatedPtrField<monitor::v1::StatusCount>& counts) {
  for (int i = 0; i < counts.size(); ++i) {
    if (!IsKnownStatus(counts[i].status())) {
      return Unknown(absl::StrCat(row, ".counts[", i, "]: "), "status", counts[i].status(), "status");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateSnapshot(const monitor::v1::Snapshot& snapshot) {
  const monitor::v1::DataSet& data = snapshot.data();
  for (const monitor::v1::Theme& theme : data.themes()) {
    const std::string where = absl::StrCat("theme ", theme.id(), ": ");
    if (absl::Status s = CheckLocalizedBody(where, "introduction", theme.introduction()); !s.ok()) return s;
  }
  absl::flat_hash_set<std::string> parents;
  for (const monitor::v1::Measure& measure : data.measures()) {
    if (!measure.parent_id().empty()) parents.insert(measure.parent_id());
  }
  for (const monitor::v1::Measure& measure : data.measures()) {
    if (absl::Status s = CheckMeasure(measure, parents.contains(measure.id())); !s.ok()) return s;
  }
  for (int i = 0; i < data.published().rows_size(); ++i) {
    const std::string row = absl::StrCat("published.rows[", i, "]");
    if (absl::Status s = CheckCounts(row, data.published().rows(i).counts()); !s.ok()) return s;
  }
  for (const monitor::v1::DashboardRow& row : snapshot.dashboard().themes()) {
    const std::string at = absl::StrCat("dashboard.themes[", row.theme_id(), "]");
    if (absl::Status s = CheckCounts(at, row.counts()); !s.ok()) return s;
  }
  return CheckCounts("dashboard.total", snapshot.dashboard().total().counts());
}

}  // namespace werkmonitor
