#include "domain/partial_date.h"

namespace werkmonitor {
namespace {

using monitor::v1::PartialDate;

struct Months {
  int first, last;
};

Months PeriodMonths(PartialDate::Period period) {
  switch (period) {
    case PartialDate::BEGIN:
      return {1, 3};
    case PartialDate::SPRING:
      return {3, 6};
    case PartialDate::MID:
      return {6, 8};
    case PartialDate::SUMMER:
      return {6, 9};
    case PartialDate::AUTUMN:
      return {9, 11};
    case PartialDate::END:
      return {10, 12};
    default:
      return {1, 12};
  }
}

absl::CivilDay LastDayOfMonth(int year, int month) { return absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1; }

}  // namespace

absl::CivilDay EarliestDay(const PartialDate& date) {
  switch (date.precision()) {
    case PartialDate::DAY:
      return absl::CivilDay(date.year(), date.month(), date.day());
    case PartialDate::MONTH:
      return absl::CivilDay(date.year(), date.month(), 1);
    case PartialDate::PERIOD:
      return absl::CivilDay(date.year(), PeriodMonths(date.period()).first, 1);
    default:
      return absl::CivilDay(date.year(), 1, 1);
  }
}

absl::CivilDay LatestDay(const PartialDate& date) {
  switch (date.precision()) {
    case PartialDate::DAY:
      return absl::CivilDay(date.year(), date.month(), date.day());
    case PartialDate::MONTH:
      return LastDayOfMonth(date.year(), date.month());
    case PartialDate::PERIOD:
      return LastDayOfMonth(date.year(), PeriodMonths(date.period()).last);
    default:
      return absl::CivilDay(date.year(), 12, 31);
  }
}

}  // namespace werkmonitor
