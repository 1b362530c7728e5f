#include "monitor_service/ctl/format.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/proto_time.h"
#include "domain/status.h"
#include "domain/text_rules.h"
#include "monitor_service/ctl/command_line.h"

namespace werkmonitor::ctl {

using monitor::v1::PartialDate;

std::string Pad(absl::string_view text, size_t width) {
  const long length = Utf8Length(text);
  return absl::StrCat(text, std::string(width > static_cast<size_t>(length) ? width - length : 0, ' '));
}

std::string PadLeft(absl::string_view text, size_t width) {
  const long length = Utf8Length(text);
  return absl::StrCat(std::string(width > static_cast<size_t>(length) ? width - length : 0, ' '), text);
}

std::string Label(monitor::v1::Status status) {
  return IsKnownStatus(status) ? std::string(InfoFor(status).label_nl) : std::string("(deelmaatregelen)");
}

std::string FormatTime(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", FromProtoTime(time), absl::UTCTimeZone());
}

namespace {
// As the source text words them, by PartialDate::Period.
constexpr const char* kPeriods[] = {"?", "begin", "voorjaar", "medio", "zomer", "najaar", "eind"};
}  // namespace

std::string FormatDate(const PartialDate& date) {
  switch (date.precision()) {
    case PartialDate::DAY:
      return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
    case PartialDate::MONTH:
      return absl::StrFormat("%04d-%02d", date.year(), date.month());
    case PartialDate::YEAR:
      return absl::StrFormat("%04d", date.year());
    case PartialDate::PERIOD:
      return absl::StrCat(date.period() > 0 && date.period() < 7 ? kPeriods[date.period()] : kPeriods[0], " ",
                          date.year());
    default:
      return "-";
  }
}

absl::StatusOr<PartialDate> ParseDate(absl::string_view flag, absl::string_view text) {
  auto bad = [&] {
    return Usage(absl::StrCat("--", flag, ": \"", text, "\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"));
  };
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  static constexpr size_t kWidths[] = {4, 2, 2};
  if (parts.size() > 3) return bad();
  int values[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].size() != kWidths[i] || !absl::SimpleAtoi(parts[i], &values[i]) || values[i] < 0) return bad();
  }
  PartialDate date;
  date.set_year(values[0]);
  date.set_precision(parts.size() == 1 ? PartialDate::YEAR : parts.size() == 2 ? PartialDate::MONTH : PartialDate::DAY);
  if (parts.size() >= 2) {
    if (values[1] < 1 || values[1] > 12) return bad();
    date.set_month(values[1]);
  }
  if (parts.size() == 3) {
    // CivilDay normalizes 2026-02-30 to March: a day that changes is one that does not exist.
    const absl::CivilDay day(values[0], values[1], values[2]);
    if (values[2] < 1 || day.day() != values[2]) return bad();
    date.set_day(values[2]);
  }
  return date;
}

absl::StatusOr<int64_t> ParseSnapshotId(absl::string_view text) {
  if (text.empty() || text == "latest") return 0;
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return Usage(absl::StrCat("snapshot: \"", text, "\" is not a snapshot id (a number, or \"latest\")"));
  }
  return id;
}

absl::StatusOr<int64_t> ParseId(absl::string_view what, absl::string_view text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return Usage(absl::StrCat(what, ": \"", text, "\" is not an id (a number from 1)"));
  }
  return id;
}

}  // namespace werkmonitor::ctl
