// The span of days a date as precise as the source gave it can mean: "begin 2026" is somewhere in
// the first quarter, "juni 2025" any day of June. Used to sort dates and to tell whether one is
// still to come.
#ifndef WERKMONITOR_DOMAIN_PARTIAL_DATE_H_
#define WERKMONITOR_DOMAIN_PARTIAL_DATE_H_

#include "absl/time/civil_time.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// First and last day the date can mean. Parts of a year: begin = January–March, spring =
// March–June, mid = June–August, summer = June–September, autumn = September–November,
// end = October–December.
absl::CivilDay EarliestDay(const monitor::v1::PartialDate& date);
absl::CivilDay LatestDay(const monitor::v1::PartialDate& date);

// Still to come on `today`: its last possible day has not passed.
inline bool IsUpcoming(const monitor::v1::PartialDate& date, absl::CivilDay today) { return LatestDay(date) >= today; }

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_PARTIAL_DATE_H_
