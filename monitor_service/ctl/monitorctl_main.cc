// monitorctl: the command line for ministry staff. Reads and changes measures, shows the dashboard
// and history, manages snapshots and checks the published figures, all through the monitor API.
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/access.h"
#include "common/exit_status.h"
#include "common/security_flags.h"
#include "common/usage.h"
#include "domain/dashboard.h"
#include "domain/proto_time.h"
#include "domain/snapshot_file.h"
#include "domain/status.h"
#include "domain/text_rules.h"
#include "domain/translation_state.h"
#include "domain/locales.h"
#include "monitor_service/client/monitor_client.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "Address of monitor_server, host:port.");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30), "Deadline of each call to the server.");
ABSL_FLAG(std::string, theme, "", "measures: only this theme (id, see `monitorctl themes`).");
ABSL_FLAG(std::string, status, "", "measures: only this status (Dutch label or enum name).");
ABSL_FLAG(std::string, note, "", "set-status: why the status changes; kept in the history.");
ABSL_FLAG(int64_t, expect_revision, -1,
          "set-status: only change if the measure is still at this revision (see `show`); -1: no check.");
ABSL_FLAG(std::string, snapshot, "",
          "dashboard, validate: a snapshot id or \"latest\" (default: dashboard the live data, validate the "
          "snapshot made on import).");
ABSL_FLAG(std::string, label, "", "snapshot create: the snapshot's label, e.g. \"Voortgangsrapportage juni 2026\".");
ABSL_FLAG(std::string, locale, "", "translations: only this locale (pl, ro, bg, en).");
ABSL_FLAG(std::string, out, "", "snapshot export: file to write (.pb binary, .json or .textproto).");
ABSL_FLAG(std::string, role, "", "token new: reader, editor or admin.");
ABSL_FLAG(std::string, name, "", "token new: the name recorded with the holder's changes, e.g. jan.devries.");

namespace werkmonitor {
namespace {

using Stub = MonitorClient::Stub;
using monitor::v1::Measure;

constexpr char kProgram[] = "monitorctl";
// Snapshot ids start at 1, and the first snapshot is made by the import of the source document.
constexpr int64_t kImportSnapshotId = 1;

absl::Status Usage(absl::string_view message) { return UsageError(kProgram, message); }

// Pads to `width` characters (code points, not bytes, so "één" lines up).
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

std::string FormatTime(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", FromProtoTime(ts), absl::UTCTimeZone());
}

absl::StatusOr<int64_t> ParseSnapshotId(absl::string_view text) {
  if (text.empty() || text == "latest") return 0;
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return Usage(absl::StrCat("snapshot: \"", text, "\" is not a snapshot id (a number, or \"latest\")"));
  }
  return id;
}

std::map<std::string, std::string> ThemeTitles(MonitorClient& client) {
  std::map<std::string, std::string> titles;
  if (auto themes = client.Call(&Stub::ListThemes, monitor::v1::ListThemesRequest()); themes.ok()) {
    for (const auto& theme : themes->themes()) titles[theme.id()] = theme.title().nl();
  }
  return titles;
}

// --- commands ------------------------------------------------------------------------------------

using Args = std::vector<std::string>;

absl::Status Themes(MonitorClient& client, const Args&) {
  absl::StatusOr<monitor::v1::ListThemesResponse> themes = client.Call(&Stub::ListThemes, {});
  if (!themes.ok()) return themes.status();
  absl::StatusOr<monitor::v1::Dashboard> dashboard = client.Call(&Stub::GetDashboard, {});
  if (!dashboard.ok()) return dashboard.status();
  for (int i = 0; i < themes->themes_size(); ++i) {
    const auto& theme = themes->themes(i);
    const int count = i < dashboard->themes_size() ? dashboard->themes(i).total() : 0;
    std::cout << Pad(theme.id(), 32) << Pad(theme.title().nl(), 44) << count << " maatregelen\n";
  }
  return absl::OkStatus();
}

absl::Status Measures(MonitorClient& client, const Args&) {
  monitor::v1::Status status = monitor::v1::STATUS_UNSPECIFIED;
  if (const std::string text = absl::GetFlag(FLAGS_status); !text.empty()) {
    absl::StatusOr<monitor::v1::Status> parsed = ParseStatus(text);
    if (!parsed.ok()) return Usage(absl::StrCat("--status: ", parsed.status().message()));
    status = *parsed;
  }
  absl::StatusOr<std::vector<Measure>> measures = client.ListAllMeasures(absl::GetFlag(FLAGS_theme), status);
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

absl::Status Show(MonitorClient& client, const Args& args) {
  if (args.size() != 1) return Usage("show needs one measure id");
  monitor::v1::GetMeasureRequest request;
  request.set_id(args[0]);
  absl::StatusOr<Measure> m = client.Call(&Stub::GetMeasure, request);
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

absl::Status SetStatus(MonitorClient& client, const Args& args) {
  if (args.size() != 2) return Usage("set-status needs a measure id and a status");
  absl::StatusOr<monitor::v1::Status> status = ParseStatus(args[1]);
  if (!status.ok()) return Usage(status.status().message());
  monitor::v1::GetMeasureRequest get;
  get.set_id(args[0]);
  absl::StatusOr<Measure> before = client.Call(&Stub::GetMeasure, get);
  if (!before.ok()) return before.status();

  monitor::v1::SetMeasureStatusRequest request;
  request.set_id(args[0]);
  request.set_status(*status);
  request.set_note(absl::GetFlag(FLAGS_note));
  if (const int64_t expected = absl::GetFlag(FLAGS_expect_revision); expected >= 0) {
    request.set_expected_revision(expected);
  }
  absl::StatusOr<Measure> after = client.Call(&Stub::SetMeasureStatus, request);
  if (!after.ok()) return after.status();
  if (after->revision() == before->revision()) {
    std::cout << after->id() << ": status was already " << Label(after->status()) << "; nothing changed\n";
  } else {
    std::cout << after->id() << ": " << Label(before->status()) << " → " << Label(after->status()) << " (revision "
              << after->revision() << ")\n";
  }
  return absl::OkStatus();
}

absl::Status History(MonitorClient& client, const Args& args) {
  if (args.size() > 1) return Usage("history takes at most one measure id");
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> changes =
      client.ListAllStatusChanges(args.empty() ? "" : args[0]);
  if (!changes.ok()) return changes.status();
  for (const auto& c : *changes) {
    std::cout << FormatTime(c.changed_at()) << "  r" << Pad(std::to_string(c.revision()), 6) << Pad(c.measure_id(), 34)
              << Label(c.from_status()) << " → " << Label(c.to_status()) << "  (" << c.changed_by() << ")"
              << (c.note().empty() ? "" : absl::StrCat(": ", c.note())) << "\n";
  }
  std::cout << changes->size() << " statuswijzigingen\n";
  return absl::OkStatus();
}

absl::Status Dashboard(MonitorClient& client, const Args&) {
  absl::StatusOr<int64_t> snapshot = ParseSnapshotId(absl::GetFlag(FLAGS_snapshot));
  if (!snapshot.ok()) return snapshot.status();
  monitor::v1::GetDashboardRequest request;
  request.set_snapshot_id(*snapshot);
  // "latest" needs the id: the dashboard request takes 0 as "live". The newest snapshot's id comes
  // from the list, without fetching the snapshot itself.
  if (*snapshot == 0 && absl::GetFlag(FLAGS_snapshot) == "latest") {
    monitor::v1::ListSnapshotsRequest newest;
    newest.set_page_size(1);
    absl::StatusOr<monitor::v1::ListSnapshotsResponse> list = client.Call(&Stub::ListSnapshots, newest);
    if (!list.ok()) return list.status();
    if (list->snapshots().empty()) return absl::NotFoundError("there is no snapshot yet");
    request.set_snapshot_id(list->snapshots(0).id());
  }
  absl::StatusOr<monitor::v1::Dashboard> dashboard = client.Call(&Stub::GetDashboard, request);
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
            << (request.snapshot_id() == 0 ? std::string("(live)")
                                           : absl::StrCat("(snapshot ", request.snapshot_id(), ")"))
            << ", revisie " << dashboard->revision() << "\n\n"
            << Pad("Thema", 42) << "  " << absl::StrJoin(columns, "  ") << "\n";
  for (const auto& row : dashboard->themes()) {
    auto title = titles.find(row.theme_id());
    print_row(title == titles.end() ? row.theme_id() : title->second, row);
  }
  print_row("Totaal", dashboard->total());
  return absl::OkStatus();
}

absl::Status SnapshotCommand(MonitorClient& client, const Args& args) {
  if (args.empty()) return Usage("snapshot needs create, list or export");
  const std::string& action = args[0];
  if (action == "create") {
    if (args.size() != 1) return Usage("snapshot create takes --label, no arguments");
    monitor::v1::CreateSnapshotRequest request;
    request.set_label(absl::GetFlag(FLAGS_label));
    absl::StatusOr<monitor::v1::SnapshotInfo> info = client.Call(&Stub::CreateSnapshot, request);
    if (!info.ok()) return info.status();
    std::cout << "snapshot " << info->id() << " \"" << info->label() << "\" at revision " << info->revision() << "\n";
    return absl::OkStatus();
  }
  if (action == "list") {
    monitor::v1::ListSnapshotsRequest request;
    do {
      absl::StatusOr<monitor::v1::ListSnapshotsResponse> page = client.Call(&Stub::ListSnapshots, request);
      if (!page.ok()) return page.status();
      for (const auto& info : page->snapshots()) {
        std::cout << PadLeft(std::to_string(info.id()), 4) << "  " << FormatTime(info.created_at()) << "  r"
                  << Pad(std::to_string(info.revision()), 6) << Pad(info.created_by(), 12) << info.label() << "\n";
      }
      request.set_page_token(page->next_page_token());
    } while (!request.page_token().empty());
    return absl::OkStatus();
  }
  if (action == "export") {
    if (args.size() != 2) return Usage("snapshot export needs a snapshot id (or \"latest\") and --out=FILE");
    if (absl::GetFlag(FLAGS_out).empty()) return Usage("snapshot export needs --out=FILE");
    absl::StatusOr<int64_t> id = ParseSnapshotId(args[1]);
    if (!id.ok()) return id.status();
    monitor::v1::GetSnapshotRequest request;
    request.set_id(*id);
    absl::StatusOr<monitor::v1::Snapshot> snapshot = client.Call(&Stub::GetSnapshot, request);
    if (!snapshot.ok()) return snapshot.status();
    if (absl::Status s = SaveSnapshotFile(absl::GetFlag(FLAGS_out), *snapshot); !s.ok()) return s;
    std::cout << "snapshot " << snapshot->info().id() << " written to " << absl::GetFlag(FLAGS_out) << "\n";
    return absl::OkStatus();
  }
  return Usage(absl::StrCat("unknown snapshot action \"", action, "\""));
}

// Compares the figures the source document printed with the dashboard the service computed from
// a snapshot's measures: by default the first snapshot, made when the document was imported.
// Differences are reported, never "fixed".
absl::Status Validate(MonitorClient& client, const Args&) {
  const std::string which = absl::GetFlag(FLAGS_snapshot);
  absl::StatusOr<int64_t> id = which.empty() ? absl::StatusOr<int64_t>(kImportSnapshotId) : ParseSnapshotId(which);
  if (!id.ok()) return id.status();
  monitor::v1::GetSnapshotRequest request;
  request.set_id(*id);
  absl::StatusOr<monitor::v1::Snapshot> snapshot = client.Call(&Stub::GetSnapshot, request);
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
  if (!differences.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(differences.size(), " published figure(s) differ from the computed dashboard"));
  }
  return absl::OkStatus();
}

// Lists the texts whose translation is missing or was made from an earlier Dutch text: documents show
// those in Dutch, with a notice.
absl::Status Translations(MonitorClient& client, const Args&) {
  std::vector<std::string> locales;
  if (const std::string only = absl::GetFlag(FLAGS_locale); !only.empty()) {
    if (absl::Status s = CheckLocale(only); !s.ok()) return Usage(s.message());
    locales.push_back(only);
  } else {
    for (const std::string& locale : SupportedLocales()) {
      if (locale != kSourceLocale) locales.push_back(locale);
    }
  }
  absl::StatusOr<monitor::v1::ListThemesResponse> themes = client.Call(&Stub::ListThemes, {});
  if (!themes.ok()) return themes.status();
  absl::StatusOr<std::vector<Measure>> measures = client.ListAllMeasures("", monitor::v1::STATUS_UNSPECIFIED);
  if (!measures.ok()) return measures.status();

  std::map<TranslationState, int> totals;
  auto report = [&](const std::string& locale, const std::string& what, TranslationState state) {
    if (state != TranslationState::kMissing && state != TranslationState::kStale) return;
    ++totals[state];
    std::cout << Pad(locale, 4) << Pad(what, 60) << ToString(state) << "\n";
  };
  for (const std::string& locale : locales) {
    for (const auto& theme : themes->themes()) {
      report(locale, absl::StrCat(theme.id(), ".title"), StateOf(theme.title(), locale));
      report(locale, absl::StrCat(theme.id(), ".introduction"), StateOf(theme.introduction(), locale));
    }
    for (const Measure& m : *measures) {
      report(locale, absl::StrCat(m.id(), ".title"), StateOf(m.title(), locale));
      report(locale, absl::StrCat(m.id(), ".summary"), StateOf(m.summary(), locale));
      for (const auto& milestone : m.milestones()) {
        report(locale, absl::StrCat(m.id(), ".milestones.", milestone.id()), StateOf(milestone.label(), locale));
      }
    }
  }
  std::cout << totals[TranslationState::kStale] << " stale, " << totals[TranslationState::kMissing]
            << " missing (measure texts are not counted: they may stay Dutch)\n";
  return absl::OkStatus();
}

absl::Status Health(MonitorClient& client, const Args&) {
  absl::StatusOr<bool> serving = client.IsServing(monitor::v1::MonitorService::service_full_name());
  if (!serving.ok()) return serving.status();
  std::cout << (*serving ? "SERVING" : "NOT_SERVING") << "\n";
  return *serving ? absl::OkStatus() : absl::UnavailableError("the service is not serving");
}

// Runs without a server: the token exists only in this output until its holder stores it.
absl::Status TokenCommand(const Args& args) {
  if (args.size() != 1 || args[0] != "new") return Usage("use: token new --role=reader|editor|admin --name=NAME");
  absl::StatusOr<Role> role = ParseRole(absl::GetFlag(FLAGS_role));
  if (!role.ok()) return Usage(absl::StrCat("--role: ", role.status().message()));
  absl::StatusOr<std::string> token = NewToken();
  if (!token.ok()) return token.status();
  absl::StatusOr<std::string> line = TokensFileLine(*token, *role, absl::GetFlag(FLAGS_name));
  if (!line.ok()) return Usage(absl::StrCat("--name: ", line.status().message()));
  std::cout << "token (give it to " << absl::GetFlag(FLAGS_name) << "; it is shown only now):\n  " << *token
            << "\n\nline for the server's --tokens_file (it holds only the token's hash):\n  " << *line << "\n";
  return absl::OkStatus();
}

int Run(const std::vector<char*>& positional) {
  using Command = std::function<absl::Status(MonitorClient&, const Args&)>;
  const std::map<std::string, Command> commands = {
      {"themes", Themes},
      {"measures", Measures},
      {"show", Show},
      {"set-status", SetStatus},
      {"history", History},
      {"dashboard", Dashboard},
      {"snapshot", SnapshotCommand},
      {"validate", Validate},
      {"health", Health},
      {"translations", Translations},
  };
  if (positional.size() < 2) {
    std::cerr << kProgram << ": name a command; see monitorctl --help\n";
    return kExitUsage;
  }
  const Args args(positional.begin() + 2, positional.end());
  if (std::string(positional[1]) == "token") return ExitWith(kProgram, TokenCommand(args));
  auto command = commands.find(positional[1]);
  if (command == commands.end()) {
    std::cerr << kProgram << ": unknown command \"" << positional[1] << "\"; see monitorctl --help\n";
    return kExitUsage;
  }
  absl::StatusOr<std::string> token = ClientTokenFromFlags();
  if (!token.ok()) return ExitWith(kProgram, token.status());
  absl::StatusOr<std::unique_ptr<MonitorClient>> client = MonitorClient::Connect(
      absl::GetFlag(FLAGS_server),
      {.token = *token, .transport = ClientTransportFromFlags(), .timeout = absl::GetFlag(FLAGS_timeout)});
  if (!client.ok()) return ExitWith(kProgram, client.status());
  return ExitWith(kProgram, command->second(**client, args));
}

}  // namespace
}  // namespace werkmonitor

int main(int argc, char** argv) {
  werkmonitor::SetUsage(
      "Reads and updates the werkmonitor measures through the monitor service.\n\n"
      "  monitorctl [--server=HOST:PORT] [--token_file=FILE] [--tls_ca=PEM] COMMAND [ARGS]\n\n"
      "Commands:\n"
      "  themes                                  the themes and their number of measures\n"
      "  measures [--theme=ID] [--status=S]      list measures\n"
      "  show ID                                 one measure in full (status, revision, milestones, text)\n"
      "  set-status ID STATUS [--note=TEXT] [--expect_revision=N]\n"
      "                                          change a status; STATUS as printed (\"In uitvoering, vertraagd\")\n"
      "                                          or as enum name (VERTRAAGD)\n"
      "  history [ID]                            status changes, oldest first\n"
      "  dashboard [--snapshot=ID|latest]        measures per theme and status, with totals (default: live)\n"
      "  snapshot create --label=TEXT            publish the current state as an immutable snapshot\n"
      "  snapshot list                           snapshots, newest first\n"
      "  snapshot export ID|latest --out=FILE    write a snapshot to a file (.pb, .json, .textproto)\n"
      "  validate [--snapshot=ID|latest]         compare the source document's printed figures with the\n"
      "                                          dashboard computed from its measures (default: the snapshot\n"
      "                                          made on import); exit 1 when they differ\n"
      "  translations [--locale=pl]              translations that are missing or stale (made from an\n"
      "                                          earlier Dutch text); documents show those texts in Dutch\n"
      "  health                                  ask the server whether it is serving\n"
      "  token new --role=ROLE --name=NAME       make a bearer token (reader, editor or admin) and print it\n"
      "                                          with the line for the server's --tokens_file; no server needed\n\n"
      "Your token comes from --token_file or $WERKMONITOR_TOKEN; changes are recorded under the token's\n"
      "name. Against a server in development mode (no --tokens_file) no token is needed.\n"
      "Exit codes: 0 ok, 1 the operation failed, 2 wrong command line, 3 server unreachable.");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return werkmonitor::Run(positional);
}
