#include "domain/status.h"

#include <array>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace werkmonitor {
namespace {

using monitor::v1::Status;

constexpr std::array<StatusInfo, 6> kStatuses = {{
    {monitor::v1::AFGEROND, "AFGEROND", "Afgerond", "De maatregel is afgerond", 0x39870c},
    {monitor::v1::DOORLOPEND, "DOORLOPEND", "Doorlopend", "De maatregel is doorlopend", 0x007bc7},
    {monitor::v1::IN_UITVOERING, "IN_UITVOERING", "In uitvoering", "De maatregel is in uitvoering volgens planning",
     0xffb612},
    {monitor::v1::VERTRAAGD, "VERTRAAGD", "In uitvoering, vertraagd", "De maatregel is in uitvoering maar vertraagd",
     0xe17000},
    {monitor::v1::ERNSTIGE_OBSTAKELS, "ERNSTIGE_OBSTAKELS", "Ernstige obstakels",
     "De maatregel wordt (nog) niet uitgevoerd", 0xd52b1e},
    {monitor::v1::ANDERS_UITGEVOERD, "ANDERS_UITGEVOERD", "Anders uitgevoerd",
     "De maatregel is op alternatieve wijze uitgevoerd", 0x42145f},
}};

// Lower case, "_"/"-" as spaces, trimmed: the form in which names are compared.
std::string Canonical(absl::string_view text) {
  std::string s = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  return absl::StrReplaceAll(s, {{"_", " "}, {"-", " "}});
}

}  // namespace

absl::Span<const StatusInfo> AllStatuses() { return kStatuses; }

bool IsKnownStatus(int value) { return value >= monitor::v1::AFGEROND && value <= monitor::v1::ANDERS_UITGEVOERD; }

const StatusInfo& InfoFor(Status status) {
  static constexpr StatusInfo kUnknown = {monitor::v1::STATUS_UNSPECIFIED, "STATUS_UNSPECIFIED", "Onbekend",
                                          "De status is onbekend", 0x767676};
  if (!IsKnownStatus(status)) return kUnknown;
  // Enum order equals legend order, so the value indexes the table.
  return kStatuses[static_cast<size_t>(status) - 1];
}

absl::StatusOr<Status> ParseStatus(absl::string_view text) {
  const std::string wanted = Canonical(text);
  for (const StatusInfo& info : kStatuses) {
    if (wanted == Canonical(info.label_nl) || wanted == Canonical(info.enum_name)) return info.status;
  }
  std::vector<std::string> accepted;
  for (const StatusInfo& info : kStatuses) {
    accepted.push_back(absl::StrCat("\"", info.label_nl, "\" (", info.enum_name, ")"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown status \"", text, "\"; expected one of ", absl::StrJoin(accepted, ", ")));
}

}  // namespace werkmonitor
