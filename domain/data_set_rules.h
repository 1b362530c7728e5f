// The rules a data set and its measures must follow. Used when importing and on every update, so
// that nothing invalid is ever stored. Errors are INVALID_ARGUMENT naming the field path, e.g.
// "measures[registratie-2a].milestones[0].date.month: 13 is not a month".
#ifndef WERKMONITOR_DOMAIN_DATA_SET_RULES_H_
#define WERKMONITOR_DOMAIN_DATA_SET_RULES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// Everything below, plus: unique theme and measure ids, measures refer to existing themes,
// sub-measures follow their parent in the same theme (one level deep), leaves have a status and
// parents have none, published figures refer to existing themes, the source's as-of date is a valid
// partial date when set.
//
// Ownership: department codes are unique letter abbreviations with a Dutch name. A data set that
// lists no departments was made before they existed and may name no owner at all (it loads as it
// is; Monitor::AdoptReferenceData adds them). One that lists departments names a known one as every
// theme's default_owner and every measure's owner.department, and a non-empty owner.quote stands
// verbatim in the measure's Dutch title or in one block of its body. The quote records the text
// as imported: it is checked here, on whole data sets, not by ValidateMeasureContent on edits.
[[nodiscard]] absl::Status ValidateDataSet(const monitor::v1::DataSet& data);

// Each owner's quote stands verbatim in its measure's Dutch title or in one block of its body. A
// quote records the words that named the owner when it was assigned from the source; later edits
// of the text may reword them, so only the data set files are held to it (LoadDataSetDir), not
// every state ValidateDataSet checks.
[[nodiscard]] absl::Status CheckOwnerQuotes(const monitor::v1::DataSet& data);

// The editable content of a measure: title, body, summary and milestones; the summary, in every
// language, must format as ICU MessageFormat with the milestones as arguments. `field` prefixes
// errors.
[[nodiscard]] absl::Status ValidateMeasureContent(absl::string_view field, const monitor::v1::Measure& measure);

[[nodiscard]] absl::Status ValidateBody(absl::string_view field, const monitor::v1::LocalizedBody& body);
[[nodiscard]] absl::Status ValidatePartialDate(absl::string_view field, const monitor::v1::PartialDate& date);

// Stable ids: lower-case ASCII letters, digits and '-', starting with a letter ("registratie-2a").
[[nodiscard]] bool IsSlug(absl::string_view id);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_DATA_SET_RULES_H_
