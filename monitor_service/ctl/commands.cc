#include "monitor_service/ctl/commands.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/access.h"
#include "domain/dashboard.h"
#include "domain/proto_time.h"
#include "domain/snapshot_file.h"
#include "domain/status.h"
#include "domain/text_rules.h"
#include "monitor_service/ctl/format.h"
#include "monitor_service/ctl/round_commands.h"
#include "monitor_service/ctl/translation_commands.h"

namespace werkmonitor::ctl {
namespace {

using monitor::v1::Measure;

// Snapshot ids start at 1, and the first snapshot is made by the import of the source document.
constexpr int64_t kImportSnapshotId = 1;

std::map<std::string, std::string> ThemeTitles(MonitorClient& client) {
  std::map<std::string, std::string> titles;
  if (auto themes = client.ListThemes(); themes.ok()) {
    for (const auto& theme : themes->themes()) titles[theme.id()] = theme.title().nl();
  }
  return titles;
}

// --- commands ------------------------------------------------------------------------------------

absl::Status Themes(MonitorClient& client, const CommandArgs&) {
  absl::StatusOr<monitor::v1::ListThemesResponse> themes = client.ListThemes();
  if (!themes.ok()) return themes.status();
  absl::StatusOr<monitor::v1::Dashboard> dashboard = client.GetDashboard();
  if (!dashboard.ok()) return dashboard.status();
  for (int i = 0; i < themes->themes_size(); ++i) {
    const auto& theme = themes->themes(i);
    const int count = i < dashboard->themes_size() ? dashboard->themes(i).total() : 0;
    std::cout << Pad(theme.id(), 32) << Pad(theme.title().nl(), 44) << count << " maatregelen\n";
  }
  return absl::OkStatus();
}

absl::Status Measures(MonitorClient& client, const CommandArgs& args) {
  monitor::v1::Status status = monitor::v1::STATUS_UNSPECIFIED;
  if (const std::string text = args.FlagOr("status"); !text.empty()) {
    absl::StatusOr<monitor::v1::Status> parsed = ParseStatus(text);
    if (!parsed.ok()) return Usage(absl::StrCat("--status: ", parsed.status().message()));
    status = *parsed;
  }
  monitor::v1::ListMeasuresRequest filter;
  filter.set_theme_id(args.FlagOr("theme"));
  filter.set_status(status);
  filter.set_owner(args.FlagOr("owner"));
  absl::StatusOr<std::vector<Measure>> measures = client.ListAllMeasures(filter);
  if (!measures.ok()) return measures.status();
  for (const Measure& m : *measures) {
    std::cout << Pad(m.id(), 36) << Pad(Label(m.status()), 26) << m.title().nl() << "\n";
  }
  std::cout << measures->size() << " maatregelen\n";
  return absl::OkStatus();
}

void PrintBody(const monitor::v1::Body& body) {
  for (const monitor::v1::Block& block : body.blocks()) {
    switch (block.kind()) {
      case monitor::v1::Block::HEADING:
        std::cout << "\n  " << block.text() << "\n";
        break;
      case monitor::v1::Block::SUBHEADING:
        std::cout << "\n  _" << block.text() << "_\n";
        break;
      case monitor::v1::Block::BULLET_LIST:
        for (const std::string& item : block.items()) std::cout << "  • " << item << "\n";
        break;
      case monitor::v1::Block::NUMBERED_LIST:
        for (int i = 0; i < block.items_size(); ++i) std::cout << "  " << i + 1 << ") " << block.items(i) << "\n";
        break;
      default:
        std::cout << "  " << block.text() << "\n";
    }
  }
}

absl::Status Show(MonitorClient& client, const CommandArgs& args) {
  if (args.positional().size() != 1) return Usage("show needs one measure id");
  absl::StatusOr<Measure> m = client.GetMeasure(args.positional()[0]);
  if (!m.ok()) return m.status();
  std::cout << m->number() << ". " << m->title().nl() << "\n"
            << "  id:        " << m->id()
            << (m->parent_id().empty() ? "" : absl::StrCat(" (onder ", m->parent_id(), ")"))
            << "\n  thema:     " << m->theme_id() << "\n  status:    " << Label(m->status())
            << "\n  revisie:   " << m->revision() << " (" << FormatTime(m->updated_at()) << ", " << m->updated_by()
            << ")\n";
  for (const auto& milestone : m->milestones()) {
    std::cout << "  mijlpaal:  " << Pad(milestone.as_written(), 22) << milestone.label().nl() << "\n";
  }
  if (!m->summary().nl().empty()) std::cout << "\nSamenvatting:\n  " << m->summary().nl() << "\n";
  std::cout << "\nTekst:\n";
  PrintBody(m->body().nl());
  return absl::OkStatus();
}

absl::Status SetStatus(MonitorClient& client, const CommandArgs& args) {
  const std::vector<std::string>& words = args.positional();
  if (words.size() != 2) return Usage("set-status needs a measure id and a status");
  absl::StatusOr<monitor::v1::Status> status = ParseStatus(words[1]);
  if (!status.ok()) return Usage(status.status().message());
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id(words[0]);
  request.set_status(*status);
  request.set_note(args.FlagOr("note"));
  // -1, as before the flag was the command's own, still means "no check".
  if (std::optional<std::string> text = args.Flag("expect_revision"); text.has_value()) {
    int64_t expected = 0;
    if (!absl::SimpleAtoi(*text, &expected) || expected < -1) {
      return Usage(absl::StrCat("--expect_revision: \"", *text, "\" is not a revision (a number from 0)"));
    }
    if (expected >= 0) request.set_expected_revision(expected);
  }
  // A direct change outside a round is a correction, and the history must say why.
  if (request.note().empty()) return Usage("set-status needs --note=TEXT: why the status is corrected");
  absl::StatusOr<Measure> before = client.GetMeasure(words[0]);
  if (!before.ok()) return before.status();
  absl::StatusOr<Measure> after = client.SetMeasureStatus(request);
  if (!after.ok()) return after.status();
  if (after->revision() == before->revision()) {
    std::cout << after->id() << ": status was already " << Label(after->status()) << "; nothing changed\n";
  } else {
    std::cout << after->id() << ": " << Label(before->status()) << " → " << Label(after->status()) << " (revision "
              << after->revision() << ")\n";
  }
  return absl::OkStatus();
}

absl::Status History(MonitorClient& client, const CommandArgs& args) {
  const std::vector<std::string>& words = args.positional();
  if (words.size() > 1) return Usage("history takes at most one measure id");
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> changes =
      client.ListAllStatusChanges(words.empty() ? "" : words[0]);
  if (!changes.ok()) return changes.status();
  for (const auto& c : *changes) {
    std::cout << FormatTime(c.changed_at()) << "  r" << Pad(std::to_string(c.revision()), 6) << Pad(c.measure_id(), 34)
              << Label(c.from_status()) << " → " << Label(c.to_status()) << "  (" << c.changed_by() << ")"
              << (c.note().empty() ? "" : absl::StrCat(": ", c.note())) << "\n";
  }
  std::cout << changes->size() << " statuswijzigingen\n";
  return absl::OkStatus();
}

absl::Status Dashboard(MonitorClient& client, const CommandArgs& args) {
  const std::string which = args.FlagOr("snapshot");
  absl::StatusOr<int64_t> snapshot_id = ParseSnapshotId(which);
  if (!snapshot_id.ok()) return snapshot_id.status();
  // "latest" needs the id: the dashboard request takes 0 as "live".
  if (which == "latest") snapshot_id = client.LatestSnapshotId();
  if (!snapshot_id.ok()) return snapshot_id.status();
  absl::StatusOr<monitor::v1::Dashboard> dashboard = client.GetDashboard(*snapshot_id);
  if (!dashboard.ok()) return dashboard.status();
  const std::map<std::string, std::string> titles = ThemeTitles(client);

  std::vector<std::string> columns = {"Totaal"};
  for (const StatusInfo& info : AllStatuses()) columns.emplace_back(info.label_nl);
  auto cell = [](int count) { return count == 0 ? std::string("-") : std::to_string(count); };
  auto print_row = [&](absl::string_view name, const monitor::v1::DashboardRow& row) {
    std::cout << Pad(name, 42) << PadLeft(std::to_string(row.total()), columns[0].size() + 2);
    for (size_t i = 1; i < columns.size(); ++i) {
      std::cout << PadLeft(cell(CountOf(row, AllStatuses()[i - 1].status)), Utf8Length(columns[i]) + 2);
    }
    std::cout << "\n";
  };
  std::cout << "Dashboard "
            << (*snapshot_id == 0 ? std::string("(live)") : absl::StrCat("(snapshot ", *snapshot_id, ")"))
            << ", revisie " << dashboard->revision() << "\n\n"
            << Pad("Thema", 42) << "  " << absl::StrJoin(columns, "  ") << "\n";
  for (const auto& row : dashboard->themes()) {
    auto title = titles.find(row.theme_id());
    print_row(title == titles.end() ? row.theme_id() : title->second, row);
  }
  print_row("Totaal", dashboard->total());
  return absl::OkStatus();
}

absl::Status SnapshotCreate(MonitorClient& client, const CommandArgs& args) {
  if (!args.positional().empty()) return Usage("snapshot create takes --label, no arguments");
  absl::StatusOr<monitor::v1::SnapshotInfo> info = client.CreateSnapshot(args.FlagOr("label"));
  if (!info.ok()) return info.status();
  std::cout << "snapshot " << info->id() << " \"" << info->label() << "\" at revision " << info->revision() << "\n";
  return absl::OkStatus();
}

absl::Status SnapshotList(MonitorClient& client, const CommandArgs& args) {
  if (!args.positional().empty()) return Usage("snapshot list takes no arguments");
  monitor::v1::ListSnapshotsRequest request;
  do {
    absl::StatusOr<monitor::v1::ListSnapshotsResponse> page = client.ListSnapshots(request);
    if (!page.ok()) return page.status();
    for (const auto& info : page->snapshots()) {
      std::cout << PadLeft(std::to_string(info.id()), 4) << "  " << FormatTime(info.created_at()) << "  r"
                << Pad(std::to_string(info.revision()), 6) << Pad(info.created_by(), 12) << info.label() << "\n";
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

absl::Status SnapshotExport(MonitorClient& client, const CommandArgs& args) {
  if (args.positional().size() != 1) {
    return Usage("snapshot export needs a snapshot id (or \"latest\") and --out=FILE");
  }
  const std::string out = args.FlagOr("out");
  if (out.empty()) return Usage("snapshot export needs --out=FILE");
  absl::StatusOr<int64_t> id = ParseSnapshotId(args.positional()[0]);
  if (!id.ok()) return id.status();
  absl::StatusOr<monitor::v1::Snapshot> snapshot = client.GetSnapshot(*id);
  if (!snapshot.ok()) return snapshot.status();
  if (absl::Status s = SaveSnapshotFile(out, *snapshot); !s.ok()) return s;
  std::cout << "snapshot " << snapshot->info().id() << " written to " << out << "\n";
  return absl::OkStatus();
}

// Who leads the measures: each theme's default department, and how many measures took their owner
// from their own text (a quote) and how many from the theme's default.
void PrintOwnership(const monitor::v1::DataSet& data) {
  if (data.departments().empty()) return;  // a data set from before departments existed
  std::map<std::string, std::string> names;
  for (const auto& department : data.departments()) names[department.code()] = department.name().nl();
  std::vector<std::string> defaults;
  for (const auto& theme : data.themes()) {
    defaults.push_back(absl::StrCat(theme.id(), " → ", theme.default_owner(), " (", names[theme.default_owner()], ")"));
  }
  int from_text = 0, from_default = 0;
  for (const Measure& m : data.measures()) ++(m.owner().quote().empty() ? from_default : from_text);
  std::cout << "Theme defaults: " << absl::StrJoin(defaults, ", ") << "\n"
            << "Owners: " << from_text << " measures named by their text, " << from_default
            << " from the theme default\n";
}

// Compares the figures the source document printed with the dashboard the service computed from
// a snapshot's measures: by default the first snapshot, made when the document was imported.
// Differences are reported, never "fixed".
absl::Status Validate(MonitorClient& client, const CommandArgs& args) {
  const std::string which = args.FlagOr("snapshot");
  absl::StatusOr<int64_t> id = which.empty() ? absl::StatusOr<int64_t>(kImportSnapshotId) : ParseSnapshotId(which);
  if (!id.ok()) return id.status();
  absl::StatusOr<monitor::v1::Snapshot> snapshot = client.GetSnapshot(*id);
  if (!snapshot.ok()) return snapshot.status();
  const monitor::v1::PublishedFigures& published = snapshot->data().published();
  std::cout << "Gepubliceerde cijfers van \"" << snapshot->data().source().title() << " "
            << snapshot->data().source().edition() << "\" naast het dashboard berekend uit snapshot "
            << snapshot->info().id() << " (\"" << snapshot->info().label() << "\"):\n";
  const std::vector<FigureDifference> differences = CompareWithPublished(published, snapshot->dashboard());
  for (const FigureDifference& d : differences) {
    std::cout << "  VERSCHIL  " << d.printed_label << " · " << d.column << ": gepubliceerd " << d.published
              << ", berekend " << d.computed << "\n";
  }
  for (const PublishedInconsistency& i : CheckPublishedArithmetic(published)) {
    std::cout << "  REKENFOUT IN DOCUMENT  " << i.printed_label << " · " << i.column << ": gedrukt " << i.printed
              << ", de gedrukte cijfers tellen op tot " << i.sum << "\n";
  }
  const int cells = static_cast<int>(published.rows_size()) * 7;
  std::cout << cells << " cellen vergeleken, " << differences.size() << " verschillen\n";
  PrintOwnership(snapshot->data());
  if (!differences.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(differences.size(), " published figure(s) differ from the computed dashboard"));
  }
  return absl::OkStatus();
}

absl::Status Health(MonitorClient& client, const CommandArgs&) {
  absl::StatusOr<bool> serving = client.IsServing(monitor::v1::MonitorService::service_full_name());
  if (!serving.ok()) return serving.status();
  std::cout << (*serving ? "SERVING" : "NOT_SERVING") << "\n";
  return *serving ? absl::OkStatus() : absl::UnavailableError("the service is not serving");
}

// Runs without a server: the token exists only in this output until its holder stores it.
absl::Status TokenNew(const CommandArgs& args) {
  if (!args.positional().empty()) {
    return Usage("use: token new --role=reader|editor|admin --name=NAME [--departments=CODE,CODE]");
  }
  absl::StatusOr<Role> role = ParseRole(args.FlagOr("role"));
  if (!role.ok()) return Usage(absl::StrCat("--role: ", role.status().message()));
  std::vector<std::string> departments;
  if (std::optional<std::string> list = args.Flag("departments"); list.has_value()) {
    absl::StatusOr<std::vector<std::string>> parsed = ParseDepartments(*list);
    if (!parsed.ok()) return Usage(absl::StrCat("--", parsed.status().message()));
    departments = *std::move(parsed);
  }
  const std::string name = args.FlagOr("name");
  absl::StatusOr<std::string> line = TokensFileLine("", *role, name, departments);
  if (!line.ok()) return Usage(absl::StrCat("--", line.status().message()));
  absl::StatusOr<std::string> token = NewToken();
  if (!token.ok()) return token.status();
  line = TokensFileLine(*token, *role, name, departments);
  if (!line.ok()) return line.status();
  std::cout << "token (give it to " << name << "; it is shown only now):\n  " << *token
            << "\n\nline for the server's --tokens_file (it holds only the token's hash):\n  " << *line << "\n";
  return absl::OkStatus();
}

constexpr CommandFlag kSnapshotFlag = {"snapshot", "ID|latest", "a snapshot id, or \"latest\""};

}  // namespace

absl::Span<const Command> MonitorctlCommands() {
  static const std::vector<Command>* const commands = [] {
    auto* all = new std::vector<Command>{
        {.name = "themes", .summary = "the themes and their number of measures", .run = Themes},
        {.name = "measures",
         .summary = "list measures",
         .flags = {{"theme", "ID", "only this theme (see `monitorctl themes`)"},
                   {"status", "S", "only this status (Dutch label or enum name)"},
                   {"owner", "CODE", "only the measures this department leads, e.g. BZK"}},
         .run = Measures},
        {.name = "show",
         .arguments = "ID",
         .summary = "one measure in full (status, revision, milestones, text)",
         .run = Show},
        {.name = "set-status",
         .arguments = "ID STATUS",
         .summary = "correct a status outside a round (admin); STATUS as printed\n(\"In uitvoering, vertraagd\") or "
                    "as enum name (VERTRAAGD). Departments\nreport through a round: see update save",
         .flags = {{"note", "TEXT", "why the status is corrected (required); kept in the history"},
                   {"expect_revision", "N",
                    "only change if the measure is still at this revision (see `show`);\n-1: no check"}},
         .run = SetStatus},
        {.name = "history", .arguments = "[ID]", .summary = "status changes, oldest first", .run = History},
        {.name = "dashboard",
         .summary = "measures per theme and status, with totals (default: live)",
         .flags = {kSnapshotFlag},
         .run = Dashboard},
        {.name = "snapshot create",
         .summary = "publish the current state as an immutable snapshot",
         .flags = {{"label", "TEXT", "the snapshot's label, e.g. \"Voortgangsrapportage juni 2026\""}},
         .run = SnapshotCreate},
        {.name = "snapshot list", .summary = "snapshots, newest first", .run = SnapshotList},
        {.name = "snapshot export",
         .arguments = "ID|latest",
         .summary = "write a snapshot to a file (.pb, .json, .textproto)",
         .flags = {{"out", "FILE", "the file to write: .pb (binary), .json or .textproto"}},
         .run = SnapshotExport},
        {.name = "validate",
         .summary = "compare the source document's printed figures with the dashboard\ncomputed from its "
                    "measures (default: the snapshot made on import);\nexit 1 when they differ",
         .flags = {kSnapshotFlag},
         .run = Validate},
        {.name = "health", .summary = "ask the server whether it is serving", .run = Health},
        {.name = "token new",
         .summary = "make a bearer token and print it with the line for the server's\n--tokens_file; no server "
                    "needed",
         .flags = {{"role", "ROLE", "reader, editor or admin"},
                   {"name", "NAME", "the name recorded with the holder's changes, e.g. jan.devries"},
                   {"departments", "CODE,CODE",
                    "an editor's departments, e.g. BZK,VRO: the editor updates only\ntheir measures in a round"}},
         .run = TokenNew},
    };
    // The rounds after the snapshots they publish, before the checks and tools; the translations
    // after the checks.
    const std::vector<Command> rounds = RoundCommands();
    all->insert(std::find_if(all->begin(), all->end(), [](const Command& c) { return c.name == "validate"; }),
                rounds.begin(), rounds.end());
    const std::vector<Command> translations = TranslationCommands();
    all->insert(std::find_if(all->begin(), all->end(), [](const Command& c) { return c.name == "health"; }),
                translations.begin(), translations.end());
    return all;
  }();
  return *commands;
}

}  // namespace werkmonitor::ctl
