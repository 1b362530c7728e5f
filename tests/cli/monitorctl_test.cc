// The command-line tools as a user runs them: monitor_server on the real data set, monitorctl
// against it, exit codes and output checked.
#include <signal.h>

#include <regex>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/files.h"
#include "domain/locales.h"
#include "domain/snapshot_file.h"
#include "domain/translation_state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/xliff.h"
#include "monitor_service/client/monitor_client.h"
#include "tests/support/glossary.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using testing::CommandResult;
using testing::GlossEntryXml;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::RepositoryTerm;

class MonitorctlTest : public ::testing::Test {
 protected:
  // The server runs with access control, with an admin token for "tester" made the way an
  // operator makes one: `monitorctl token new`.
  void SetUp() override {
    CommandResult made = testing::RunCommand(
        {testing::BinaryPath("monitor_service/monitorctl"), "token", "new", "--role=admin", "--name=tester"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const std::vector<std::string> lines = absl::StrSplit(made.out, '\n');
    ASSERT_GE(lines.size(), 5u) << made.out;
    token_ = std::string(absl::StripAsciiWhitespace(lines[1]));
    ASSERT_TRUE(WriteFileAtomically(dir_.File("tester.token"), token_).ok());
    ASSERT_TRUE(
        WriteFileAtomically(dir_.File("tokens"), absl::StrCat(absl::StripAsciiWhitespace(lines[4]), "\n")).ok());
    StartServer();
  }

  void StartServer() {
    auto server =
        testing::ServerProcess::Start({testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                                       "--db=" + dir_.File("var/monitor.db"), "--data=" + testing::RepoDataDir(),
                                       "--tokens_file=" + dir_.File("tokens")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_.emplace(std::move(*server));
  }

  CommandResult Ctl(std::vector<std::string> args) {
    args.insert(args.begin(), {testing::BinaryPath("monitor_service/monitorctl"), "--server=" + server_->address(),
                               "--token_file=" + dir_.File("tester.token")});
    return testing::RunCommand(args);
  }

  // The line of `text` that starts with `prefix`.
  static std::string LineStartingWith(const std::string& text, const std::string& prefix) {
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      if (absl::StartsWith(line, prefix)) return std::string(line);
    }
    return "";
  }

  testing::TempDir dir_;
  std::optional<testing::ServerProcess> server_;
  std::string token_;
};

TEST_F(MonitorctlTest, DashboardShowsThemesByStatusWithTotals) {
  CommandResult r = Ctl({"dashboard"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Totaal  Afgerond  Doorlopend  In uitvoering  In uitvoering, vertraagd"));
  // Columns: total, Afgerond, Doorlopend, In uitvoering, vertraagd, Ernstige obstakels, Anders uitgevoerd.
  EXPECT_THAT(LineStartingWith(r.out, "Handhaving en toezicht"),
              MatchesRegex("Handhaving en toezicht +7 +2 +3 +2 +- +- +-"));
  EXPECT_THAT(LineStartingWith(r.out, "Registratie"), MatchesRegex("Registratie +10 +3 +- +6 +1 +- +-"));
  EXPECT_THAT(LineStartingWith(r.out, "Totaal "), MatchesRegex("Totaal +41 +9 +8 +17 +5 +1 +1"));
}

TEST_F(MonitorctlTest, ValidateReportsThePublishedCellThatDiffers) {
  CommandResult r = Ctl({"validate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("VERSCHIL  Handhaving en toezicht · In uitvoering: gepubliceerd 3, berekend 2"));
  EXPECT_THAT(r.out, HasSubstr("56 cellen vergeleken, 1 verschillen"));
  EXPECT_THAT(r.err, HasSubstr("1 published figure(s) differ"));
}

TEST_F(MonitorctlTest, ValidateListsTheThemeDefaultOwnersAndTheOwnersBasis) {
  CommandResult r = Ctl({"validate"});
  EXPECT_THAT(LineStartingWith(r.out, "Theme defaults: "),
              MatchesRegex("Theme defaults: arbeidsmigranten-en-beleid → SZW \\(Ministerie van Sociale Zaken en "
                           "Werkgelegenheid\\), werk → SZW .*, registratie → BZK \\(Ministerie van Binnenlandse Zaken "
                           "en Koninkrijksrelaties\\), huisvesting → VRO .*, zorg-en-welzijn → VWS .*, "
                           "handhaving-en-toezicht → SZW .*, informatie-en-dienstverlening → SZW .*"));
  // 41 leaves and the parent registratie-2, which takes its theme's default like its three parts.
  EXPECT_THAT(r.out, HasSubstr("Owners: 14 measures named by their text, 28 from the theme default\n"));
}

TEST_F(MonitorctlTest, SetStatusByDutchLabelAndSeeItInHistory) {
  CommandResult r = Ctl({"set-status", "registratie-2a", "Afgerond", "--note=experiment afgerond"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "registratie-2a: In uitvoering → Afgerond (revision 3)\n");
  r = Ctl({"history", "registratie-2a"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("registratie-2a"));
  EXPECT_THAT(r.out, HasSubstr("In uitvoering → Afgerond  (tester): experiment afgerond"));
  r = Ctl({"set-status", "registratie-2a", "VERTRAAGD", "--expect_revision=1", "--note=te laat"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("ABORTED: expected_revision"));
}

TEST_F(MonitorctlTest, ErrorsAreOneLineWithAnExitCode) {
  CommandResult r = Ctl({"show", "werk-99"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "monitorctl: NOT_FOUND: id: no measure \"werk-99\"\n");
  r = Ctl({"set-status", "werk-1", "bijna klaar"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown status \"bijna klaar\""));
  r = Ctl({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  r = testing::RunCommand(
      {testing::BinaryPath("monitor_service/monitorctl"), "--server=127.0.0.1:1", "--timeout=2s", "themes"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("monitorctl: UNAVAILABLE"));
}

TEST_F(MonitorctlTest, AFlagOfAnotherCommandIsAUsageErrorNamingFlagAndCommand) {
  CommandResult r = Ctl({"dashboard", "--note=waarom"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--note is not a flag of \"dashboard\""));
  r = Ctl({"snapshot", "list", "--label=juni"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--label is not a flag of \"snapshot list\" (it has none)"));
  r = Ctl({"themes", "--frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--frobnicate is not a flag of \"themes\""));
  r = Ctl({"set-status", "werk-1", "AFGEROND", "--note"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--note needs a value"));
  r = Ctl({"set-status", "werk-1", "AFGEROND", "--expect_revision=soon"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--expect_revision: \"soon\" is not a revision"));
  r = Ctl({"set-status", "werk-1", "AFGEROND"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("set-status needs --note=TEXT"));
  r = Ctl({"snapshot"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("snapshot needs one of: create, list, export"));
  // None of them reached the service.
  EXPECT_THAT(Ctl({"history"}).out, HasSubstr("0 statuswijzigingen"));
}

TEST_F(MonitorctlTest, FlagsMayStandAnywhereAndTakeTheirValueAfterASpace) {
  CommandResult r = testing::RunCommand({testing::BinaryPath("monitor_service/monitorctl"), "set-status", "--note",
                                         "in twee woorden", "registratie-2a", "--server", server_->address(),
                                         "AFGEROND", "--token_file=" + dir_.File("tester.token")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(Ctl({"history", "registratie-2a"}).out, HasSubstr("(tester): in twee woorden"));
}

TEST(MonitorctlHelpTest, ListsTheCommandsAndEachCommandsFlags) {
  const std::string ctl = testing::BinaryPath("monitor_service/monitorctl");
  CommandResult r = testing::RunCommand({ctl, "help"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("set-status ID STATUS [--note=TEXT] [--expect_revision=N]"));
  EXPECT_THAT(r.out, HasSubstr("snapshot export ID|latest [--out=FILE]"));
  r = testing::RunCommand({ctl, "help", "set-status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("usage: monitorctl [global flags] set-status ID STATUS"));
  EXPECT_THAT(r.out, HasSubstr("--note=TEXT"));
  EXPECT_THAT(r.out, HasSubstr("why the status is corrected"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("--label")));
  // The same from the command itself, which then runs nothing (no server is needed).
  EXPECT_EQ(testing::RunCommand({ctl, "set-status", "--help"}).out, r.out);
  // A group lists its commands.
  r = testing::RunCommand({ctl, "help", "snapshot"});
  EXPECT_THAT(r.out, HasSubstr("snapshot create [--label=TEXT]"));
  EXPECT_THAT(r.out, HasSubstr("snapshot export ID|latest [--out=FILE]"));
  r = testing::RunCommand({ctl, "help", "frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command \"frobnicate\""));
}

TEST_F(MonitorctlTest, SnapshotsCanBeCreatedListedAndExported) {
  CommandResult r = Ctl({"snapshot", "create", "--label=Voortgangsrapportage juni 2026"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "snapshot 2 \"Voortgangsrapportage juni 2026\" at revision 2\n");
  r = Ctl({"snapshot", "list"});
  EXPECT_THAT(r.out, HasSubstr("Voortgangsrapportage juni 2026"));
  EXPECT_THAT(r.out, HasSubstr("Bijlage I Monitoringsoverzicht 2025"));
  const std::string file = dir_.File("snapshot-1.json");
  r = Ctl({"snapshot", "export", "1", "--out=" + file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  absl::StatusOr<monitor::v1::Snapshot> exported = LoadSnapshotFile(file);
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->info().id(), 1);
  EXPECT_EQ(exported->data().measures_size(), 42);
  EXPECT_EQ(exported->dashboard().total().total(), 41);
}

TEST_F(MonitorctlTest, ServerStopsCleanlyAndKeepsItsDataAcrossRestarts) {
  ASSERT_EQ(Ctl({"set-status", "werk-5", "IN_UITVOERING", "--note=correctie"}).exit_code, 0);
  EXPECT_EQ(server_->Stop(SIGTERM), 0);
  StartServer();  // same database: no second import
  CommandResult r = Ctl({"show", "werk-5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("status:    In uitvoering\n"));
  EXPECT_THAT(Ctl({"snapshot", "list"}).out, ::testing::Not(HasSubstr("   2  ")));
  EXPECT_EQ(Ctl({"health"}).out, "SERVING\n");
  EXPECT_EQ(server_->Stop(SIGINT), 0);
}

// grpc_load calls the service as monitorctl does: over TLS with --tls_ca, with --token_file.
TEST_F(MonitorctlTest, GrpcLoadUsesTheClientTlsAndTokenFlags) {
  CommandResult made = testing::RunCommand(
      {std::string(WERKMONITOR_SOURCE_DIR) + "/tests/support/make_test_certs.sh", dir_.File("certs")});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  server_.reset();
  auto server = testing::ServerProcess::Start(
      {testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
       "--db=" + dir_.File("var/monitor.db"), "--data=" + testing::RepoDataDir(),
       "--tokens_file=" + dir_.File("tokens"), "--tls_cert=" + dir_.File("certs/server.pem"),
       "--tls_key=" + dir_.File("certs/server.key")});
  ASSERT_TRUE(server.ok()) << server.status();
  const std::vector<std::string> load = {testing::BinaryPath("bench/grpc_load"),
                                         "--target=" + server->address(),
                                         "--duration=0.2s",
                                         "--warmup=0s",
                                         "--concurrency=1",
                                         "--rpcs=GetMeasure,SetMeasureStatus"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = load;
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::RunCommand(argv);
  };
  CommandResult r = with({"--tls_ca=" + dir_.File("certs/ca.pem"), "--token_file=" + dir_.File("tester.token")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("(.|\n)*GetMeasure +c=1 .* errors=0 (.|\n)*"));
  EXPECT_THAT(r.out, MatchesRegex("(.|\n)*SetMeasureStatus +c=1 .* errors=0 (.|\n)*"));
  // Plaintext to the TLS port cannot connect; TLS without a token is refused by the service.
  r = with({"--token_file=" + dir_.File("tester.token")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("grpc_load: UNAVAILABLE: " + server->address()));
  r = testing::RunCommand({testing::BinaryPath("bench/grpc_load"), "--target=" + server->address(),
                           "--tls_ca=" + dir_.File("certs/ca.pem")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("grpc_load: UNAUTHENTICATED"));
  r = with({"--concurrency=many"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--concurrency: \"many\" is not a positive number"));
}

// A whole reporting round through the command line, as the coordinator runs it: open, a
// department's update saved, submitted, returned, fixed and approved, the rest approved as
// unchanged, published (twice: one snapshot), and the difference printed.
TEST_F(MonitorctlTest, AWholeRoundThroughTheCommandLine) {
  CommandResult r =
      Ctl({"round", "open", "--label=Voortgangsrapportage juni 2026", "--as_of=2026-06-01", "--deadline=2026-06-15"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "round 1 \"Voortgangsrapportage juni 2026\" opened: as of 2026-06-01, deadline 2026-06-15, base snapshot 1\n");

  r = Ctl({"update", "save", "registratie-2a", "--status=VERTRAAGD", "--reason=De evaluatie loopt uit.",
           "--note=Het experiment loopt langer dan gepland.",
           "--milestone=einde_experiment=2028-01:evaluatie loopt uit", "--reached=wijzigingen_doorgegeven"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("registratie-2a: draft saved in round 1"));
  EXPECT_THAT(r.out, HasSubstr("edited: milestones, progress_note, status"));
  ASSERT_EQ(Ctl({"update", "submit", "registratie-2a"}).exit_code, 0);
  r = Ctl({"update", "return", "registratie-2a", "--comment=Graag de nieuwe datum toelichten."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("registratie-2a: returned to"));
  r = Ctl({"update", "show", "registratie-2a"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("registratie-2a in round 1: returned"));
  EXPECT_THAT(r.out, HasSubstr("status:     In uitvoering, vertraagd"));
  EXPECT_THAT(r.out,
              MatchesRegex("(.|\n)*milestone:  einde_experiment +2028-01 .*\\(moved: evaluatie loopt uit\\)(.|\n)*"));
  EXPECT_THAT(r.out, HasSubstr("returned:   Graag de nieuwe datum toelichten."));
  r = Ctl({"update", "save", "registratie-2a",
           "--note=Het experiment loopt langer dan gepland: de evaluatie vraagt een half jaar meer."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Ctl({"update", "submit", "registratie-2a"}).exit_code, 0);
  ASSERT_EQ(Ctl({"update", "approve", "registratie-2a"}).exit_code, 0);

  r = Ctl({"round", "publish", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION: round_id: 40 of 41 updates are not approved yet"));
  r = Ctl({"update", "approve-unchanged", "--all-untouched"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("40 updates approved as unchanged\n"));
  EXPECT_THAT(Ctl({"update", "list", "--state=approved"}).out, HasSubstr("41 updates: 41 approved\n"));

  r = Ctl({"round", "publish", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string published =
      "round 1 \"Voortgangsrapportage juni 2026\" published as snapshot 2 (as of 2026-06-01)\n";
  EXPECT_EQ(r.out, published);
  EXPECT_EQ(Ctl({"round", "publish", "1"}).out, published);  // a retry: the same snapshot
  EXPECT_THAT(Ctl({"snapshot", "list"}).out, ::testing::Not(HasSubstr("   3  ")));
  EXPECT_THAT(Ctl({"round", "show", "1"}).out, HasSubstr("state:      published"));

  r = Ctl({"diff", "1", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("In uitvoering → In uitvoering, vertraagd"));
  EXPECT_THAT(r.out, HasSubstr("mijlpaal einde_experiment: 1 oktober 2027 → januari 2028 (evaluatie loopt uit)"));
  EXPECT_EQ(Ctl({"diff", "1", "latest"}).out, r.out);
}

TEST_F(MonitorctlTest, RoundCommandsRefuseBadInputBeforeCallingTheService) {
  CommandResult r = Ctl({"round", "open", "--label=Juni", "--as_of=2026-13-01", "--deadline=2026-06-15"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--as_of: \"2026-13-01\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"));
  r = Ctl({"round", "open", "--label=Juni", "--as_of=2026-02-30", "--deadline=2026-06-15"});
  EXPECT_EQ(r.exit_code, 2);
  r = Ctl({"round", "open", "--label=Juni", "--as_of=2026-06-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("round open needs --deadline"));
  r = Ctl({"update", "approve-unchanged", "werk-1", "--all-untouched"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("measure ids or --all-untouched (not both)"));
  r = Ctl({"update", "approve-unchanged", "--all-untouched=maybe"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--all-untouched is a switch"));
  r = Ctl({"update", "list", "--state=klaar"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--state: \"klaar\" is not a state"));
  r = Ctl({"update", "return", "werk-1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("update return needs --comment=TEXT"));
  r = Ctl({"update", "save", "werk-1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("update save needs something to save"));
  r = Ctl({"diff", "1"});
  EXPECT_EQ(r.exit_code, 2);
  // Without an open round the service says so.
  r = Ctl({"update", "save", "werk-1", "--note=Twee woorden."});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no round is open"));
  // With one, a milestone the measure lacks is named with those it has.
  ASSERT_EQ(Ctl({"round", "open", "--label=Juni", "--as_of=2026-06-01", "--deadline=2026-06-15"}).exit_code, 0);
  r = Ctl({"update", "save", "registratie-2a", "--milestone=nope=2028"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--milestone: registratie-2a has no milestone \"nope\" (it has: "
                               "wijzigingen_doorgegeven, einde_experiment)"));
}

TEST(MonitorctlTokenTest, AnEditorsTokenCarriesItsDepartments) {
  const std::string ctl = testing::BinaryPath("monitor_service/monitorctl");
  CommandResult r = testing::RunCommand({ctl, "token", "new", "--role=editor", "--name=jan", "--departments=BZK,VRO"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("(.|\n)*  sha256:[0-9a-f]{64} editor jan departments=BZK,VRO\n"));
  r = testing::RunCommand({ctl, "token", "new", "--role=editor", "--name=jan", "--departments=BZK,B/K"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--departments: \"B/K\" is not a department code"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("wm_")));  // no token made for a line that cannot be used
  r = testing::RunCommand({ctl, "token", "new", "--role=admin", "--name=anna", "--departments=BZK"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("departments are an editor's"));
}

TEST(MonitorServerTest, ABadDataDirectoryIsAClearStartupError) {
  testing::TempDir dir;
  CommandResult r = testing::RunCommand({testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                                         "--db=" + dir.File("m.db"), "--data=" + dir.File("nothing-here")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("nothing-here"));
}

}  // namespace
}  // namespace werkmonitor

namespace werkmonitor {
namespace {

TEST_F(MonitorctlTest, ListsTranslationsThatAreStaleAfterTheDutchChanges) {
  CommandResult r = Ctl({"translations"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0 stale, 0 missing (measure texts are not counted: they may stay Dutch)\n");
  // A status change leaves texts alone.
  ASSERT_EQ(Ctl({"set-status", "werk-1", "AFGEROND", "--note=correctie"}).exit_code, 0);
  EXPECT_EQ(Ctl({"translations"}).out, r.out);

  // A new Dutch title through the API: its four translations become stale.
  std::unique_ptr<MonitorClient> client = *MonitorClient::Connect(server_->address(), {.token = token_});
  monitor::v1::UpdateMeasureRequest update;
  update.mutable_measure()->set_id("werk-1");
  update.mutable_measure()->mutable_title()->set_nl("Toelatingsstelsel voor uitleners");
  update.mutable_update_mask()->add_paths("title.nl");
  update.set_note("titel verduidelijkt");
  ASSERT_TRUE(client->UpdateMeasure(update).ok());
  r = Ctl({"translations", "--locale=pl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("pl  measure.werk-1.title +stale\n1 stale, 0 missing .*\n"));
  EXPECT_EQ(Ctl({"translations", "--locale=de"}).exit_code, 2);
}


// Translators' files (XLIFF 2.0): the Dutch title and summary of werk-1 change, so their
// translations in every locale are stale; a translator's CAT tool fills the exported file.
class TranslationFilesTest : public MonitorctlTest {
 protected:
  // werk-1's Dutch summary, with its placeholders, naming no term: the test translator below keeps
  // the Dutch, whose names of terms the term check refuses (tested apart, with summaries that do).
  static constexpr char kSummary[] =
      "Geplande start: {invoering_toelatingsstelsel}. Controle vanaf {handhaving_toelatingsplicht}.";

  void SetUp() override {
    MonitorctlTest::SetUp();
    client_ = *MonitorClient::Connect(server_->address(), {.token = token_});
    ChangeDutch(" Meer informatie volgt.", kSummary);
  }

  // Appends `more` to werk-1's Dutch title and summary (whose placeholders stay); the summary is
  // `summary` first, when given.
  void ChangeDutch(const std::string& more, const std::optional<std::string>& summary = std::nullopt) {
    absl::StatusOr<monitor::v1::Measure> measure = client_->GetMeasure("werk-1");
    ASSERT_TRUE(measure.ok()) << measure.status();
    monitor::v1::UpdateMeasureRequest update;
    update.mutable_measure()->set_id("werk-1");
    update.mutable_measure()->mutable_title()->set_nl(measure->title().nl() + more);
    update.mutable_measure()->mutable_summary()->set_nl(summary.value_or(measure->summary().nl()) + more);
    update.mutable_update_mask()->add_paths("title.nl");
    update.mutable_update_mask()->add_paths("summary.nl");
    update.set_note("tekst aangevuld");
    ASSERT_TRUE(client_->UpdateMeasure(update).ok());
  }

  int64_t Revision() { return client_->GetDashboard()->revision(); }

  // What a translator's tool makes of an exported file: every segment translated as "[locale] "
  // and its source, codes copied as they are, old targets replaced, each segment confirmed.
  static std::string Translate(std::string xliff, const std::string& locale) {
    xliff = std::regex_replace(xliff, std::regex(R"(\n *<target xml:space="preserve">.*</target>)"), "");
    xliff = std::regex_replace(xliff, std::regex(R"(<source xml:space="preserve">(.*)</source>)"),
                               "$&<target xml:space=\"preserve\">[" + locale + "] $1</target>");
    return std::regex_replace(xliff, std::regex(R"(<segment( state="initial")?>)"), "<segment state=\"translated\">");
  }

  std::string Export(const std::string& locale) {
    const std::string file = dir_.File(locale + ".xlf");
    CommandResult r = Ctl({"translations", "export", "--locale=" + locale, "--out=" + file});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, file + ": 2 units to translate into " + locale + " (2 stale, 0 missing)\n");
    return file;
  }

  std::unique_ptr<MonitorClient> client_;
};

TEST_F(TranslationFilesTest, ExportThenImportWithoutChangeAppliesNothing) {
  const std::string file = Export("pl");
  const std::string xliff = *ReadFile(file);
  EXPECT_THAT(xliff, HasSubstr("<unit id=\"measure.werk-1.title\">"));
  EXPECT_THAT(xliff, HasSubstr("<note category=\"description\">measure summary: "));
  EXPECT_THAT(xliff, HasSubstr("<ph id=\"1\" dataRef=\"d1\" disp=\"{invoering_toelatingsstelsel}\""));
  // The stale translation comes along, to be revised.
  const monitor::v1::Measure werk1 = *client_->GetMeasure("werk-1");
  EXPECT_THAT(xliff, HasSubstr("<segment state=\"initial\">"));
  EXPECT_THAT(xliff, HasSubstr("<target xml:space=\"preserve\">" + werk1.title().translations().at("pl").text()));

  const int64_t revision = Revision();
  CommandResult r = Ctl({"translations", "import", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, file + ": nothing to apply (0 unchanged, 2 not translated: no target, or its state is initial)\n");
  EXPECT_EQ(Revision(), revision);
  EXPECT_THAT(Ctl({"translations", "--locale=pl"}).out, HasSubstr("2 stale, 0 missing"));
}

TEST_F(TranslationFilesTest, ARoundTripInEveryLocaleMakesTheTranslationsCurrent) {
  for (const std::string& locale : SupportedLocales()) {
    if (locale == kSourceLocale) continue;
    SCOPED_TRACE(locale);
    const std::string file = Export(locale);
    ASSERT_TRUE(WriteFileAtomically(file, Translate(*ReadFile(file), locale)).ok());
    const int64_t revision = Revision();
    // Checking first, by the service as well, applies nothing.
    CommandResult r = Ctl({"translations", "import", file, "--check"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(file + ": 2 would be applied, 0 unchanged, 0 not translated (revision " +
                                 std::to_string(revision) + ")\n"));
    EXPECT_EQ(Revision(), revision);
    r = Ctl({"translations", "import", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "  applied    measure.werk-1.title\n  applied    measure.werk-1.summary\n" + file +
                         ": 2 applied, 0 unchanged, 0 not translated (revision " + std::to_string(revision + 1) +
                         ")\n");
    const monitor::v1::Measure werk1 = *client_->GetMeasure("werk-1");
    EXPECT_EQ(werk1.title().translations().at(locale).text(), "[" + locale + "] " + werk1.title().nl());
    EXPECT_EQ(StateOf(werk1.title(), locale), TranslationState::kCurrent);
    // The placeholders came back from the file's codes, exactly.
    EXPECT_EQ(werk1.summary().translations().at(locale).text(), "[" + locale + "] " + werk1.summary().nl());
    EXPECT_EQ(StateOf(werk1.summary(), locale), TranslationState::kCurrent);
    EXPECT_THAT(Ctl({"translations", "--locale=" + locale}).out, HasSubstr("0 stale, 0 missing"));
    // The same file again: nothing left to do.
    r = Ctl({"translations", "import", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("nothing to apply (2 unchanged, 0 not translated"));
    EXPECT_EQ(Revision(), revision + 1);
  }
}

TEST_F(TranslationFilesTest, BadUnitsAreRefusedByNameAndNothingIsApplied) {
  const std::string file = Export("pl");
  const std::string translated = Translate(*ReadFile(file), "pl");
  const std::string summary_target = R"(<target xml:space="preserve">[pl] )";
  auto import_fails = [&](const std::string& xliff, const std::string& refusal, int refused = 1) {
    ASSERT_TRUE(WriteFileAtomically(file, xliff).ok());
    const int64_t revision = Revision();
    CommandResult r = Ctl({"translations", "import", file});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.out, HasSubstr("  refused    measure.werk-1.summary: " + refusal));
    EXPECT_EQ(r.err, "monitorctl: INVALID_ARGUMENT: " + file + ": " + std::to_string(refused) +
                         " unit(s) refused (listed above); nothing applied\n");
    EXPECT_EQ(Revision(), revision);
    EXPECT_THAT(Ctl({"translations", "--locale=pl"}).out, HasSubstr("2 stale, 0 missing"));  // the title too
  };
  // The translator typed a placeholder instead of keeping the code.
  std::string xliff = translated;
  const size_t code = xliff.find("<ph id=\"1\"", xliff.rfind(summary_target));
  ASSERT_NE(code, std::string::npos);
  xliff.replace(code, xliff.find("/>", code) + 2 - code, "{invoering}");
  import_fails(xliff, "arguments {handhaving_toelatingsplicht, invoering} differ from the Dutch "
                      "{handhaving_toelatingsplicht, invoering_toelatingsstelsel}");
  // A plural without the categories Polish needs.
  xliff = translated;
  xliff.insert(xliff.rfind(summary_target) + summary_target.size(),
               "{invoering_toelatingsstelsel, plural, one {# dzień} other {# dni}} ");
  import_fails(xliff, "plural {invoering_toelatingsstelsel} lacks few, many (pl needs few, many, one, other)");
  // Translated from a Dutch text that has changed since.
  ChangeDutch(" Zie ook de website.");
  import_fails(translated, "stale: made from Dutch ", /*refused=*/2);
  EXPECT_THAT(Ctl({"translations", "import", file}).out, HasSubstr("  refused    measure.werk-1.title: stale"));
}

TEST_F(TranslationFilesTest, ExportGivesEachTextAGlossaryOfTheTermsItsDutchNames) {
  ChangeDutch(" Zie de website.",
              "Schrijf u in bij de gemeente: dan krijgt u een BSN. Start: "
              "{invoering_toelatingsstelsel}. Controle vanaf {handhaving_toelatingsplicht}.");
  const std::string file = Export("hu");
  const std::string xliff = *ReadFile(file);
  // The summary's terms, in the order the Dutch names them, as the Dutch catalog names them, with
  // the Hungarian catalog's approved renderings (name, then forms) and explanation.
  EXPECT_THAT(
      testing::WithoutIndentation(xliff),
      HasSubstr("</mda:metadata><gls:glossary>" +
                GlossEntryXml(RepositoryTerm("nl", "gemeente"), RepositoryTerm("hu", "gemeente")) +
                GlossEntryXml(RepositoryTerm("nl", "bsn"), RepositoryTerm("hu", "bsn")) + "</gls:glossary><notes>"));
  // The title names no term: one glossary in the file.
  EXPECT_EQ(xliff.find("<gls:glossary>"), xliff.rfind("<gls:glossary>"));
  // Still a translation file as any other, read back as it was written…
  absl::StatusOr<XliffRead> read = ReadXliff(xliff);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->units.size(), 2u);
  EXPECT_EQ(read->units[1].unit.id, "measure.werk-1.summary");
  EXPECT_EQ(read->units[1].problem, "");
  EXPECT_EQ(read->units[1].unit.source, std::vector<std::string>{client_->GetMeasure("werk-1")->summary().nl()});
  // … and imported unchanged it changes nothing.
  const int64_t revision = Revision();
  CommandResult r = Ctl({"translations", "import", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, file + ": nothing to apply (0 unchanged, 2 not translated: no target, or its state is initial)\n");
  EXPECT_EQ(Revision(), revision);
  // The term base comes from --catalogs.
  r = Ctl({"translations", "export", "--locale=hu", "--out=" + file, "--catalogs=" + dir_.File("none")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--catalogs: " + dir_.File("none") + "/nl.textproto"));
}

TEST_F(TranslationFilesTest, AnImportThatDropsAnApprovedRenderingIsRefusedNamingUnitAndTerm) {
  ChangeDutch(" Zie de website.",
              "De Tweede Kamer heeft de wet aangenomen. Start: {invoering_toelatingsstelsel}. "
              "Controle vanaf {handhaving_toelatingsplicht}.");
  const std::string file = Export("pl");
  // The test translator keeps "Tweede Kamer", an approved Polish form.
  const std::string translated = Translate(*ReadFile(file), "pl");
  // "Parliament adopted the law": the reader would take the law for final, when only the lower
  // house voted.
  std::string xliff = translated;
  const std::string dutch = "[pl] De Tweede Kamer heeft de wet aangenomen.";
  ASSERT_NE(xliff.find(dutch), std::string::npos);
  xliff.replace(xliff.find(dutch), dutch.size(), "[pl] Parlament przyjął ustawę.");
  ASSERT_TRUE(WriteFileAtomically(file, xliff).ok());
  const int64_t revision = Revision();
  CommandResult r = Ctl({"translations", "import", file, "--check"});
  EXPECT_EQ(r.exit_code, 1);
  const i18n::v1::Term& term = RepositoryTerm("pl", "tweede-kamer");
  EXPECT_EQ(r.out,
            "  refused    measure.werk-1.summary: the Dutch names tweede-kamer but the text has none of its "
            "approved forms (\"" +
                absl::StrJoin(term.forms(), "\", \"") + "\")\n");
  EXPECT_EQ(r.err, "monitorctl: INVALID_ARGUMENT: " + file + ": 1 unit(s) refused (listed above); nothing applied\n");
  EXPECT_EQ(Revision(), revision);
  // As the test translator wrote it, with the approved rendering, it is applied.
  ASSERT_TRUE(WriteFileAtomically(file, translated).ok());
  r = Ctl({"translations", "import", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(": 2 applied, 0 unchanged"));
  EXPECT_EQ(Revision(), revision + 1);
}

}  // namespace
}  // namespace werkmonitor
