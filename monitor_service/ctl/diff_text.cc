#include "monitor_service/ctl/diff_text.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/status.h"

namespace werkmonitor::ctl {
namespace {

using monitor::v1::BlockChange;
using monitor::v1::DashboardChange;
using monitor::v1::MeasureChange;
using monitor::v1::MilestoneChange;
using monitor::v1::PartialDate;

// The same words as the catalogs' date.* messages (i18n/catalogs/nl.textproto); monitorctl does
// not load the catalogs, and Dutch needs no ICU to write a month.
constexpr const char* kMonths[] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                   "juli",    "augustus", "september", "oktober", "november", "december"};

std::string Month(int month) { return month >= 1 && month <= 12 ? kMonths[month - 1] : absl::StrCat("maand ", month); }

std::string StatusLabel(monitor::v1::Status status) {
  return IsKnownStatus(status) ? std::string(InfoFor(status).label_nl) : "(deelmaatregelen)";
}

std::string Owner(const std::string& code) { return code.empty() ? "(geen)" : code; }

std::string Signed(int delta) { return delta > 0 ? absl::StrCat("+", delta) : absl::StrCat(delta); }

std::string SnapshotName(const monitor::v1::SnapshotInfo& info) {
  std::string name = absl::StrCat(info.id(), " (", info.label());
  if (info.as_of().precision() != PartialDate::PRECISION_UNSPECIFIED) {
    absl::StrAppend(&name, info.label().empty() ? "" : ", ", "peildatum ", DutchDate(info.as_of()));
  }
  return absl::StrCat(name, ")");
}

// "tekst: 1 blok gewijzigd, 2 toegevoegd"
std::string BlocksPart(const MeasureChange& change) {
  int counts[4] = {0, 0, 0, 0};  // by BlockChange::Kind
  for (const BlockChange& block : change.blocks()) {
    if (block.kind() >= 0 && block.kind() < 4) ++counts[block.kind()];
  }
  std::vector<std::string> parts;
  const std::pair<BlockChange::Kind, const char*> kinds[] = {
      {BlockChange::CHANGED, "gewijzigd"}, {BlockChange::ADDED, "toegevoegd"}, {BlockChange::REMOVED, "verwijderd"}};
  for (const auto& [kind, word] : kinds) {
    const int n = counts[kind];
    if (n == 0) continue;
    parts.push_back(parts.empty() ? absl::StrCat(n, n == 1 ? " blok " : " blokken ", word)
                                  : absl::StrCat(n, " ", word));
  }
  return absl::StrCat("tekst: ", absl::StrJoin(parts, ", "));
}

std::string MilestonePart(const MilestoneChange& m) {
  const std::string name = absl::StrCat("mijlpaal ", m.milestone_id());
  switch (m.kind()) {
    case MilestoneChange::ADDED:
      return absl::StrCat(name, " toegevoegd: ", DutchDate(m.to_date()));
    case MilestoneChange::REMOVED:
      return absl::StrCat(name, " vervallen (was ", DutchDate(m.from_date()), ")");
    case MilestoneChange::REACHED:
      return absl::StrCat(name, " bereikt (", DutchDate(m.to_date()), ")");
    case MilestoneChange::MOVED: {
      std::vector<std::string> notes;
      if (!m.later()) notes.push_back("eerder");
      if (!m.reason().empty()) notes.push_back(m.reason());
      return absl::StrCat(name, ": ", DutchDate(m.from_date()), " → ", DutchDate(m.to_date()),
                          notes.empty() ? "" : absl::StrCat(" (", absl::StrJoin(notes, "; "), ")"));
    }
    default:
      return name;
  }
}

std::string ChangedParts(const MeasureChange& change) {
  std::vector<std::string> parts;
  if (change.from_status() != change.to_status()) {
    parts.push_back(absl::StrCat(StatusLabel(change.from_status()), " → ", StatusLabel(change.to_status())));
  }
  if (change.title_changed()) parts.push_back("titel gewijzigd");
  if (change.summary_changed()) parts.push_back("samenvatting gewijzigd");
  if (change.blocks_size() > 0) parts.push_back(BlocksPart(change));
  for (const MilestoneChange& m : change.milestones()) parts.push_back(MilestonePart(m));
  if (change.from_owner() != change.to_owner()) {
    parts.push_back(absl::StrCat("trekker ", Owner(change.from_owner()), " → ", Owner(change.to_owner())));
  }
  if (change.progress_reported()) parts.push_back("nieuwe voortgang gemeld");
  return absl::StrJoin(parts, "; ");
}

absl::flat_hash_map<std::string, std::string> Titles(const monitor::v1::DataSet& data) {
  absl::flat_hash_map<std::string, std::string> titles;
  for (const monitor::v1::Measure& m : data.measures()) titles[m.id()] = m.title().nl();
  return titles;
}

// "Registratie: Afgerond 3 → 4 (+1); In uitvoering 5 → 4 (-1)", or "" when nothing in the row changed.
std::string DashboardLine(const DashboardChange& row, const std::string& name) {
  std::vector<std::string> parts;
  auto add = [&](absl::string_view label, int from, int to) {
    if (from != to) parts.push_back(absl::StrCat(label, " ", from, " → ", to, " (", Signed(to - from), ")"));
  };
  add("Maatregelen totaal", row.from_total(), row.to_total());
  for (const auto& delta : row.statuses()) add(StatusLabel(delta.status()), delta.from_count(), delta.to_count());
  if (parts.empty()) return "";
  return absl::StrCat(name, ": ", absl::StrJoin(parts, "; "));
}

}  // namespace

std::string DutchDate(const PartialDate& date) {
  switch (date.precision()) {
    case PartialDate::DAY:
      return absl::StrCat(date.day(), " ", Month(date.month()), " ", date.year());
    case PartialDate::MONTH:
      return absl::StrCat(Month(date.month()), " ", date.year());
    case PartialDate::PERIOD: {
      static constexpr const char* kPeriods[] = {"", "begin", "voorjaar", "medio", "zomer", "najaar", "eind"};
      const int period = date.period();
      return period >= 1 && period <= 6 ? absl::StrCat(kPeriods[period], " ", date.year()) : absl::StrCat(date.year());
    }
    case PartialDate::YEAR:
      return absl::StrCat(date.year());
    default:
      return "(geen datum)";
  }
}

std::string FormatComparison(const monitor::v1::SnapshotComparison& comparison, const monitor::v1::DataSet& base,
                             const monitor::v1::DataSet& target) {
  std::string out = absl::StrCat("Snapshot ", SnapshotName(comparison.base()), " → snapshot ",
                                 SnapshotName(comparison.target()), "\n\n");

  int changed = 0, added = 0, removed = 0;
  for (const MeasureChange& m : comparison.measures()) {
    changed += m.kind() == MeasureChange::CHANGED;
    added += m.kind() == MeasureChange::ADDED;
    removed += m.kind() == MeasureChange::REMOVED;
  }
  std::vector<std::string> counts;
  if (changed > 0) counts.push_back(absl::StrCat(changed, " gewijzigd"));
  if (added > 0) counts.push_back(absl::StrCat(added, " nieuw"));
  if (removed > 0) counts.push_back(absl::StrCat(removed, " vervallen"));
  absl::StrAppend(&out, "Maatregelen: ", counts.empty() ? "geen wijzigingen" : absl::StrJoin(counts, ", "), "\n");

  const auto base_titles = Titles(base);
  const auto target_titles = Titles(target);
  for (const MeasureChange& m : comparison.measures()) {
    const auto& titles = m.kind() == MeasureChange::REMOVED ? base_titles : target_titles;
    auto title = titles.find(m.measure_id());
    absl::StrAppend(&out, m.measure_id(), "  ", title == titles.end() ? "" : title->second, ": ");
    switch (m.kind()) {
      case MeasureChange::ADDED:
        absl::StrAppend(&out, "nieuwe maatregel (", StatusLabel(m.to_status()), ", trekker ", Owner(m.to_owner()),
                        ")\n");
        break;
      case MeasureChange::REMOVED:
        absl::StrAppend(&out, "vervallen (was ", StatusLabel(m.from_status()), ")\n");
        break;
      default:
        absl::StrAppend(&out, ChangedParts(m), "\n");
    }
  }

  absl::flat_hash_map<std::string, std::string> themes;
  for (const monitor::v1::Theme& theme : target.themes()) themes[theme.id()] = theme.title().nl();
  std::vector<std::string> rows;
  for (const DashboardChange& row : comparison.dashboard()) {
    std::string name = "Totaal";
    if (!row.theme_id().empty()) {
      auto found = themes.find(row.theme_id());
      name = found == themes.end() || found->second.empty() ? row.theme_id() : found->second;
    }
    if (std::string line = DashboardLine(row, name); !line.empty()) rows.push_back(std::move(line));
  }
  absl::StrAppend(&out, "\nDashboard:", rows.empty() ? " ongewijzigd" : "", "\n");
  for (const std::string& line : rows) absl::StrAppend(&out, line, "\n");
  return out;
}

}  // namespace werkmonitor::ctl
