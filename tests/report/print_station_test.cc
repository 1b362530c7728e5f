// The print station as a browser meets it, over HTTP: the form, documents inline and as downloads,
// a precise 400 page for every kind of bad field, the cache, and its invalidation when a snapshot
// is published (in process, and with the real binaries following WatchChanges).
#include "report_worker/print/print_station.h"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/files.h"
#include "domain/dashboard.h"
#include "domain/data_set_files.h"
#include "domain/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "report_worker/print/print_request.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/process.h"
#include "tests/support/raw_http.h"
#include "tests/support/test_data.h"
#include "tests/support/wait.h"

namespace werkmonitor {
namespace {

using print::FieldProblem;
using print::ParseDocumentQuery;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::WithoutWhitespace;

const std::vector<std::string> kThemes = {"beleid", "werk", "registratie", "huisvesting"};

// --- the query, field by field ---------------------------------------------------------------------

// (kind, field, value) of each problem, for compact expectations.
std::vector<std::string> Problems(const print::Query& query) {
  std::vector<std::string> out;
  for (const FieldProblem& p : ParseDocumentQuery(query, kThemes).problems) {
    const char* kind = p.kind == FieldProblem::kInvalid    ? "invalid"
                       : p.kind == FieldProblem::kMissing  ? "missing"
                       : p.kind == FieldProblem::kRepeated ? "repeated"
                       : p.kind == FieldProblem::kUnknown  ? "unknown"
                                                           : "leaflet only";
    out.push_back(absl::StrCat(kind, " ", p.field, "=", p.value));
  }
  return out;
}

TEST(PrintRequestTest, AValidQueryBecomesARenderRequest) {
  const print::Parsed parsed = ParseDocumentQuery({{"ui", "en"},
                                                   {"kind", "leaflet"},
                                                   {"locale", "bg"},
                                                   {"paper", "A5"},
                                                   {"theme", "huisvesting"},
                                                   {"theme", "werk"},
                                                   {"theme", "werk"},
                                                   {"action", "download"}},
                                                  kThemes);
  EXPECT_THAT(parsed.problems, ::testing::IsEmpty());
  EXPECT_EQ(parsed.request.ui, "en");
  EXPECT_EQ(parsed.request.document.kind, DocumentKind::kLeaflet);
  EXPECT_EQ(parsed.request.document.locale, "bg");
  EXPECT_EQ(parsed.request.document.paper.name, "A5");
  // The snapshot's order, once each: the same choice is the same document.
  EXPECT_THAT(parsed.request.document.themes, ElementsAre("werk", "huisvesting"));
  EXPECT_EQ(parsed.request.delivery, print::Delivery::kDownload);
  EXPECT_FALSE(parsed.request.document.printed_on.has_value());  // the station dates it

  const print::Parsed defaults = ParseDocumentQuery({{"kind", "dashboard"}, {"locale", "nl"}}, kThemes);
  EXPECT_THAT(defaults.problems, ::testing::IsEmpty());
  EXPECT_EQ(defaults.request.ui, "nl");
  EXPECT_EQ(defaults.request.document.paper.name, "A4");
  EXPECT_EQ(defaults.request.delivery, print::Delivery::kOpen);
}

TEST(PrintRequestTest, EveryBadFieldIsNamed) {
  EXPECT_THAT(Problems({}), ElementsAre("missing kind=", "missing locale="));
  EXPECT_THAT(Problems({{"kind", "poster"}, {"locale", "fr"}}),
              ElementsAre("invalid kind=poster", "invalid locale=fr"));
  EXPECT_THAT(Problems({{"kind", "Leaflet"}, {"locale", "PL"}}),
              ElementsAre("invalid kind=Leaflet", "invalid locale=PL"));
  EXPECT_THAT(Problems({{"kind", "leaflet"}, {"locale", "pl"}, {"paper", "A3"}}), ElementsAre("invalid paper=A3"));
  EXPECT_THAT(Problems({{"kind", "leaflet"}, {"locale", "pl"}, {"theme", "wonen"}}),
              ElementsAre("invalid theme=wonen"));
  EXPECT_THAT(Problems({{"kind", "leaflet"}, {"locale", "pl"}, {"action", "print"}}),
              ElementsAre("invalid action=print"));
  EXPECT_THAT(Problems({{"kind", "leaflet"}, {"locale", "pl"}, {"ui", "de"}}), ElementsAre("invalid ui=de"));
  EXPECT_THAT(Problems({{"kind", "leaflet"}, {"locale", "pl"}, {"locale", "bg"}}), ElementsAre("repeated locale="));
  EXPECT_THAT(Problems({{"kind", "leaflet"}, {"locale", "pl"}, {"file", "/etc/passwd"}}),
              ElementsAre("unknown file=/etc/passwd"));
  // A5 and themes are for leaflets; the appendix and the dashboard are A4 documents of everything.
  EXPECT_THAT(Problems({{"kind", "appendix"}, {"locale", "pl"}, {"paper", "A5"}, {"theme", "werk"}}),
              ElementsAre("leaflet only paper=A5", "leaflet only theme=werk"));
  // Problems are collected, not just the first.
  EXPECT_THAT(Problems({{"kind", "poster"}, {"paper", "B5"}, {"x", "1"}}),
              ElementsAre("unknown x=1", "invalid kind=poster", "missing locale=", "invalid paper=B5"));
  // The page language is kept when valid, so that the problems are listed in it.
  EXPECT_EQ(ParseDocumentQuery({{"ui", "ro"}, {"kind", "poster"}}, kThemes).request.ui, "ro");
}

// --- over HTTP ---------------------------------------------------------------------------------

// Snapshots held in memory; a test publishes new ones.
class MemorySource : public SnapshotSource {
 public:
  void Publish(monitor::v1::Snapshot snapshot) {
    absl::MutexLock lock(&mu_);
    const int64_t id = snapshot.info().id();
    snapshots_[id] = std::move(snapshot);
  }
  absl::StatusOr<monitor::v1::Snapshot> Fetch(int64_t id) override {
    absl::MutexLock lock(&mu_);
    ++fetches_;
    if (snapshots_.empty()) return absl::UnavailableError("no snapshot yet");
    if (id == 0) return snapshots_.rbegin()->second;
    auto found = snapshots_.find(id);
    if (found == snapshots_.end()) return absl::NotFoundError(absl::StrCat("no snapshot ", id));
    return found->second;
  }
  absl::StatusOr<int64_t> LatestId() override {
    absl::StatusOr<monitor::v1::Snapshot> latest = Fetch(0);
    if (!latest.ok()) return latest.status();
    return latest->info().id();
  }
  std::string Describe() const override { return "memory"; }
  int fetches() {
    absl::MutexLock lock(&mu_);
    return fetches_;
  }

 private:
  absl::Mutex mu_;
  std::map<int64_t, monitor::v1::Snapshot> snapshots_;
  int fetches_ = 0;
};

monitor::v1::Snapshot RepoSnapshot(int64_t id, const std::string& label, int64_t unix_seconds) {
  monitor::v1::Snapshot snapshot;
  snapshot.mutable_info()->set_id(id);
  snapshot.mutable_info()->set_label(label);
  *snapshot.mutable_info()->mutable_created_at() = ToProtoTime(absl::FromUnixSeconds(unix_seconds));
  // Reporting the state of the month before the day it was made (as the 2025 appendix reports
  // November 2025), so that a page showing the day it was made is caught.
  const absl::CivilDay day = absl::ToCivilDay(absl::FromUnixSeconds(unix_seconds), absl::UTCTimeZone()) - 1;
  monitor::v1::PartialDate& as_of = *snapshot.mutable_info()->mutable_as_of();
  as_of.set_precision(monitor::v1::PartialDate::MONTH);
  as_of.set_year(static_cast<int32_t>(day.year()));
  as_of.set_month(day.month());
  *snapshot.mutable_data() = *LoadDataSetDir(testing::RepoDataDir());
  *snapshot.mutable_dashboard() = ComputeDashboard(snapshot.data());
  return snapshot;
}

constexpr int64_t kDecember1st2025 = 1764590400;  // 12:00 UTC
constexpr int64_t kJune30th2026 = 1782813600;     // 10:00 UTC
// The station's clock: 3 March 2026, 10:00 in Amsterdam.
const absl::Time kPrintTime = absl::FromUnixSeconds(1772528400);

class PrintStationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_.Publish(RepoSnapshot(1, "Bijlage I Monitoringsoverzicht 2025", kDecember1st2025));
    catalogs_ = std::make_unique<Catalogs>(*Catalogs::Load(DefaultCatalogDir()));
    cache_ = std::make_unique<DocumentCache>(source_, RenderResources{catalogs_.get(), DefaultFontFiles()});
    station_ = std::make_unique<print::PrintStation>(*cache_, *catalogs_,
                                                     print::PrintStation::Options{.now = [] { return kPrintTime; }});
    absl::StatusOr<std::string> address = station_->Start("127.0.0.1:0");
    ASSERT_TRUE(address.ok()) << address.status();
    address_ = *address;
    client_ = std::make_unique<httplib::Client>(absl::StrCat("http://", address_));
  }

  httplib::Result Get(const std::string& path) { return client_->Get(path.c_str()); }

  // A PDF body written to a file, read back with poppler.
  std::string TextOf(const std::string& pdf) {
    const std::string path = dir_.File(absl::StrCat("document", ++files_, ".pdf"));
    EXPECT_TRUE(WriteFileAtomically(path, pdf).ok());
    return testing::ExtractText(path).text;
  }

  testing::TempDir dir_;
  int files_ = 0;
  MemorySource source_;
  std::unique_ptr<Catalogs> catalogs_;
  std::unique_ptr<DocumentCache> cache_;
  std::unique_ptr<print::PrintStation> station_;
  std::string address_;  // "127.0.0.1:PORT"
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(PrintStationTest, TheFormOffersEveryChoiceInThePageLanguage) {
  httplib::Result page = Get("/?ui=pl");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_THAT(page->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'none'"));
  const std::string& html = page->body;
  EXPECT_THAT(html, HasSubstr("<html lang=\"pl\">"));
  EXPECT_THAT(html, HasSubstr("<h1>Stanowisko drukowania</h1>"));
  // The as-of date at its precision (the snapshot was made on 1 December 2025).
  EXPECT_THAT(html, HasSubstr("Stan na listopad 2025 r. · Bijlage I Monitoringsoverzicht 2025"));
  EXPECT_THAT(html, HasSubstr(">Ulotka dla pracowników migrujących</label>"));
  EXPECT_THAT(html, HasSubstr(">Otwórz do druku</button>"));
  EXPECT_THAT(html, HasSubstr(">Pobierz</button>"));
  // Each language in its own name and script, marked as such.
  for (const char* label :
       {"lang=\"nl\">Nederlands</label>", "lang=\"pl\">Polski</label>", "lang=\"ro\">Română</label>",
        "lang=\"bg\">Български</label>", "lang=\"hu\">Magyar</label>", "lang=\"lt\">Lietuvių</label>",
        "lang=\"en\">English</label>"}) {
    EXPECT_THAT(html, HasSubstr(label));
  }
  // Every theme, its title in the page's language, with a label tied to its box.
  EXPECT_THAT(html, HasSubstr("<input type=\"checkbox\" id=\"theme-huisvesting\" name=\"theme\" value=\"huisvesting\">"
                              "<label for=\"theme-huisvesting\">Zakwaterowanie</label>"));
  // The page itself loads nothing from elsewhere.
  EXPECT_THAT(html, Not(HasSubstr("http://")));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_THAT(html, Not(HasSubstr("<script")));

  httplib::Result css = Get("/print.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_THAT(css->body, HasSubstr(":focus-visible"));
}

TEST_F(PrintStationTest, ALeafletOpensInlineAndDownloadsWithItsName) {
  httplib::Result open = Get("/document?ui=nl&kind=leaflet&locale=pl&paper=A5&action=open");
  ASSERT_TRUE(open);
  EXPECT_EQ(open->status, 200);
  EXPECT_EQ(open->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(open->get_header_value("Content-Disposition"), "inline; filename=\"leaflet-pl-a5-2025-12-01.pdf\"");
  EXPECT_EQ(open->body.substr(0, 5), "%PDF-");
  const std::string text = WithoutWhitespace(TextOf(open->body));
  EXPECT_THAT(text, HasSubstr(WithoutWhitespace("Ochrona pracowników migrujących w Holandii")));
  EXPECT_THAT(text, HasSubstr(WithoutWhitespace("Wydrukowano 3 marca 2026 r. — stan na listopad 2025 r.")));

  httplib::Result download =
      Get("/document?kind=leaflet&locale=bg&theme=werk&theme=arbeidsmigranten-en-beleid&action=download");
  ASSERT_TRUE(download);
  EXPECT_EQ(download->status, 200);
  EXPECT_EQ(download->get_header_value("Content-Disposition"),
            "attachment; filename=\"leaflet-bg-arbeidsmigranten-en-beleid-werk-a4-2025-12-01.pdf\"");
  EXPECT_THAT(WithoutWhitespace(TextOf(download->body)),
              HasSubstr(WithoutWhitespace("Отпечатано на 3 март 2026 г. — състояние към ноември 2025 г.")));

  // Documents other than the leaflet carry no print date.
  httplib::Result appendix = Get("/document?kind=dashboard&locale=ro");
  ASSERT_TRUE(appendix);
  EXPECT_EQ(appendix->status, 200);
  EXPECT_THAT(TextOf(appendix->body), Not(HasSubstr("Tipărit")));
}

TEST_F(PrintStationTest, BadFieldsGetA400PageThatSaysWhatWasWrong) {
  httplib::Result bad = Get("/document?ui=en&kind=poster&locale=fr&paper=A3&theme=wonen&action=print&file=x");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->get_header_value("Content-Type"), "text/html; charset=utf-8");
  for (const char* sentence : {
           "file: unknown field; the fields are: ui, kind, locale, paper, theme, action",
           "Document (kind): “poster” is not a valid choice; choose from: leaflet, dashboard, appendix",
           "Language of the document (locale): “fr” is not a valid choice; choose from: nl, pl, ro, bg, hu, lt, en",
           "Paper size (paper): “A3” is not a valid choice; choose from: A4, A5",
           "Themes (leaflet only) (theme): “wonen” is not a valid choice; choose from: arbeidsmigranten-en-beleid, "
           "werk, registratie, huisvesting, zorg-en-welzijn, handhaving-en-toezicht, informatie-en-dienstverlening",
           "action: “print” is not a valid choice; choose from: open, download",
       }) {
    EXPECT_THAT(bad->body, HasSubstr(sentence));
  }
  EXPECT_THAT(bad->body, HasSubstr("<a href=\"/?ui=en\">Back to the print station</a>"));

  // In the page's language, and for each other kind of problem.
  httplib::Result missing = Get("/document?ui=pl");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_THAT(missing->body,
              HasSubstr("Dokument (kind): brak wartości; wybierz spośród: leaflet, dashboard, appendix"));
  EXPECT_THAT(missing->body, HasSubstr("Język dokumentu (locale): brak wartości"));

  httplib::Result repeated = Get("/document?ui=ro&kind=leaflet&locale=pl&locale=bg");
  ASSERT_TRUE(repeated);
  EXPECT_EQ(repeated->status, 400);
  EXPECT_THAT(repeated->body, HasSubstr("Limba documentului (locale): poate apărea o singură dată"));

  httplib::Result leaflet_only = Get("/document?ui=bg&kind=appendix&locale=pl&paper=A5");
  ASSERT_TRUE(leaflet_only);
  EXPECT_EQ(leaflet_only->status, 400);
  EXPECT_THAT(leaflet_only->body, HasSubstr("Формат на хартията (paper): „A5“ е възможно само за брошурата"));

  httplib::Result bad_ui = Get("/?ui=de");
  ASSERT_TRUE(bad_ui);
  EXPECT_EQ(bad_ui->status, 400);
  EXPECT_THAT(bad_ui->body,
              HasSubstr("Taal van deze pagina (ui): „de” is geen geldige keuze; kies uit: nl, pl, ro, bg, hu, lt, en"));

  // What was sent is shown as text, never as markup, and cut when long.
  httplib::Result script = Get("/document?kind=%3Cscript%3Ealert(1)%3C/script%3E&locale=" + std::string(200, 'x'));
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 400);
  EXPECT_THAT(script->body, HasSubstr("„&lt;script&gt;alert(1)&lt;/script&gt;”"));
  EXPECT_THAT(script->body, Not(HasSubstr("<script>")));
  EXPECT_THAT(script->body, HasSubstr(absl::StrCat("„", std::string(60, 'x'), "…”")));
  httplib::Result not_text = Get("/document?ui=nl&kind=ab%FF%FEcd&locale=nl");
  ASSERT_TRUE(not_text);
  EXPECT_EQ(not_text->status, 400);
  EXPECT_THAT(not_text->body, HasSubstr("Document (kind): „ab\uFFFD…” is geen geldige keuze"));
  EXPECT_EQ(source_.fetches(), 1);  // bad requests rendered nothing (one fetch: the latest, once)
}

TEST_F(PrintStationTest, NoPathReachesTheFileSystem) {
  for (const std::string path : {"/etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                                 "/print.css/../../etc/passwd", "/document/../../etc/passwd", "/CMakeLists.txt"}) {
    httplib::Result r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_GE(r->status, 400) << path;
    EXPECT_THAT(r->body, Not(HasSubstr("root:"))) << path;
    EXPECT_THAT(r->body, Not(HasSubstr("cmake_minimum_required"))) << path;
  }
  httplib::Result unknown = Get("/passwd?ui=en");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_THAT(unknown->body, HasSubstr("This page does not exist."));
}

TEST_F(PrintStationTest, DocumentsComeFromTheCacheUntilANewSnapshot) {
  const std::string leaflet = "/document?kind=leaflet&locale=pl&paper=A5";
  httplib::Result first = Get(leaflet);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->get_header_value("X-Cache"), "miss");
  EXPECT_EQ(first->get_header_value("X-Snapshot-Id"), "1");
  httplib::Result second = Get(leaflet + "&action=download&ui=en");  // same document, other delivery
  ASSERT_TRUE(second);
  EXPECT_EQ(second->get_header_value("X-Cache"), "hit");
  EXPECT_EQ(second->body, first->body);
  // Another document is rendered once, then cached too.
  EXPECT_EQ(Get("/document?kind=leaflet&locale=pl&paper=A4")->get_header_value("X-Cache"), "miss");
  EXPECT_EQ(Get("/document?kind=leaflet&locale=pl&paper=A4")->get_header_value("X-Cache"), "hit");
  EXPECT_EQ(source_.fetches(), 1);  // the latest snapshot is asked for once

  // A browser that has this version gets 304 Not Modified.
  httplib::Headers has_it = {{"If-None-Match", first->get_header_value("ETag")}};
  httplib::Result again = client_->Get(leaflet.c_str(), has_it);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");

  // A snapshot is published (the watcher of WatchChanges calls Invalidate).
  source_.Publish(RepoSnapshot(2, "Voortgangsrapportage juni 2026", kJune30th2026));
  cache_->Invalidate();
  httplib::Result fresh = Get(leaflet);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->get_header_value("X-Cache"), "miss");
  EXPECT_EQ(fresh->get_header_value("X-Snapshot-Id"), "2");
  EXPECT_EQ(fresh->get_header_value("Content-Disposition"), "inline; filename=\"leaflet-pl-a5-2026-06-30.pdf\"");
  EXPECT_NE(fresh->get_header_value("ETag"), first->get_header_value("ETag"));
  EXPECT_THAT(WithoutWhitespace(TextOf(fresh->body)),
              HasSubstr(WithoutWhitespace("Stan na czerwiec 2026 r. · Voortgangsrapportage juni 2026")));
  EXPECT_EQ(client_->Get(leaflet.c_str(), has_it)->status, 200);  // the old version is not current
  EXPECT_THAT(Get("/?ui=en")->body, HasSubstr("Status as of June 2026 · Voortgangsrapportage juni 2026"));
}

// --- clients that are slow, silent or greedy ----------------------------------------------------

constexpr char kCachedLeaflet[] = "/document?kind=leaflet&locale=pl&paper=A5";

// GET / and the cached leaflet from `from`: each answered, and in well under a second (the bound is
// generous for a loaded machine; the figures are printed).
void ExpectServedPromptly(const std::string& address, const std::string& from, const std::string& while_what) {
  for (const char* target : {"/", kCachedLeaflet}) {
    absl::StatusOr<testing::RawResponse> r = testing::RawGet(address, target, from, absl::Seconds(5));
    ASSERT_TRUE(r.ok()) << while_what << ": GET " << target << " from " << from << ": " << r.status();
    EXPECT_EQ(r->status, 200) << while_what << ": GET " << target << " from " << from;
    EXPECT_LT(r->elapsed, absl::Seconds(1)) << while_what << ": GET " << target << " from " << from;
    std::cout << "[ timing   ] " << while_what << ": GET " << target << " from " << from << " in "
              << absl::FormatDuration(r->elapsed) << std::endl;
  }
}

TEST_F(PrintStationTest, SilentHalfRequestsStopNoOne) {
  ExpectServedPromptly(address_, "127.0.0.1", "alone");  // and the leaflet is cached
  {
    std::vector<testing::RawConnection> silent;
    for (int i = 0; i < 200; ++i) {
      absl::StatusOr<testing::RawConnection> connection = testing::RawConnection::Open(address_, "127.0.0.2");
      ASSERT_TRUE(connection.ok()) << "connection " << i << ": " << connection.status();
      ASSERT_TRUE(connection->Send("GET / HTTP/1.1\r\nHost: print\r\nUser-Agent: half").ok());
      silent.push_back(std::move(*connection));
    }
    ExpectServedPromptly(address_, "127.0.0.1", "200 silent from 127.0.0.2");
    // The per-address limit is above 200: the desk PC that opened them is not locked out either.
    ExpectServedPromptly(address_, "127.0.0.2", "200 silent from 127.0.0.2");
  }
  ExpectServedPromptly(address_, "127.0.0.1", "just after they closed");
}

TEST_F(PrintStationTest, TricklingClientsStopNoOne) {
  ExpectServedPromptly(address_, "127.0.0.1", "alone");
  const std::string request = "GET / HTTP/1.1\r\nHost: print\r\nUser-Agent: trickle\r\n\r\n";
  std::vector<testing::RawConnection> trickling;
  for (int i = 0; i < 32; ++i) {
    absl::StatusOr<testing::RawConnection> connection = testing::RawConnection::Open(address_, "127.0.0.2");
    ASSERT_TRUE(connection.ok()) << connection.status();
    trickling.push_back(std::move(*connection));
  }
  // Each connection gets the next byte of its request every quarter second (the pace paces the
  // clients; it decides nothing in the test).
  std::atomic<int> rounds{0};
  absl::Notification stop;
  std::thread trickler([&] {
    for (size_t at = 0; at + 1 < request.size() && !stop.WaitForNotificationWithTimeout(absl::Milliseconds(250));
         ++at) {
      for (testing::RawConnection& connection : trickling) (void)connection.Send(request.substr(at, 1));
      ++rounds;
    }
  });
  // A request after each of the first four bytes every connection trickled.
  for (int round = 1; round <= 4 && !HasFailure(); ++round) {
    ASSERT_TRUE(testing::WaitUntil([&] { return rounds >= round; }));
    ExpectServedPromptly(address_, "127.0.0.1", absl::StrCat("32 trickling from 127.0.0.2, byte ", round));
  }
  stop.Notify();
  trickler.join();
}

TEST_F(PrintStationTest, ARequestForManyRangesGetsTheWholeDocumentOnce) {
  httplib::Result whole = Get(kCachedLeaflet);
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200);
  // 2,700 ranges in 8 KB, each the whole file: a server that honours them builds 2,700 copies.
  std::string ranges = "Range: bytes=0-";
  for (int i = 1; i < 2700; ++i) ranges += ",0-";
  absl::StatusOr<testing::RawResponse> r =
      testing::RawGet(address_, kCachedLeaflet, "127.0.0.1", absl::Seconds(10), ranges + "\r\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), whole->body.size());
  EXPECT_TRUE(r->body == whole->body);  // not printed: a multipart answer runs to hundreds of MB
  EXPECT_THAT(r->head, HasSubstr("Accept-Ranges: none"));
  EXPECT_THAT(r->head, Not(HasSubstr("multipart")));
  EXPECT_EQ(whole->get_header_value("Accept-Ranges"), "none");
}

TEST_F(PrintStationTest, TheServiceBeingDownIsSaidPlainly) {
  MemorySource empty;
  DocumentCache cache(empty, RenderResources{catalogs_.get(), DefaultFontFiles()});
  print::PrintStation station(cache, *catalogs_, {});
  absl::StatusOr<std::string> address = station.Start("127.0.0.1:0");
  ASSERT_TRUE(address.ok());
  httplib::Client client(absl::StrCat("http://", *address));
  httplib::Result r = client.Get("/document?ui=en&kind=leaflet&locale=pl");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_THAT(r->body, HasSubstr("The documents cannot be made right now; try again in a moment. (no snapshot yet)"));
  EXPECT_EQ(print::PrintStation(cache, *catalogs_, {}).Start("localhost").status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The binaries as deployed: report_worker serve --http follows the monitor service's WatchChanges
// and serves the new snapshot's documents once it is published.
TEST(PrintStationProcessTest, ANewSnapshotReachesThePrintStation) {
  testing::TempDir dir;
  auto monitor =
      testing::ServerProcess::Start({testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                                     "--db=" + dir.File("m.db"), "--data=" + testing::RepoDataDir()});
  ASSERT_TRUE(monitor.ok()) << monitor.status();
  auto worker =
      testing::ServerProcess::Start({testing::BinaryPath("report_worker/report_worker"), "serve",
                                     "--listen=127.0.0.1:0", "--server=" + monitor->address(), "--http=127.0.0.1:0"});
  ASSERT_TRUE(worker.ok()) << worker.status();
  // "report_worker: print station on http://127.0.0.1:PORT/", printed after "listening on".
  absl::StatusOr<std::string> station = worker->ReadLineContaining("print station on http://");
  ASSERT_TRUE(station.ok()) << station.status();
  const std::string http = std::string(absl::StripSuffix(station->substr(station->find("http://")), "/"));
  httplib::Client client(http);
  const char* leaflet = "/document?kind=leaflet&locale=en";
  httplib::Result before = client.Get(leaflet);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);
  EXPECT_EQ(before->get_header_value("X-Snapshot-Id"), "1");
  EXPECT_EQ(client.Get(leaflet)->get_header_value("X-Cache"), "hit");

  ASSERT_EQ(testing::RunCommand({testing::BinaryPath("monitor_service/monitorctl"), "--server=" + monitor->address(),
                                 "snapshot", "create", "--label=Voortgangsrapportage juni 2026"})
                .exit_code,
            0);
  // The worker hears of it through WatchChanges, within milliseconds.
  httplib::Response after;
  ASSERT_TRUE(testing::WaitUntil([&] {
    httplib::Result r = client.Get(leaflet);
    if (r) after = *r;
    return r && after.get_header_value("X-Snapshot-Id") == "2";
  })) << "the print station never served snapshot 2";
  EXPECT_EQ(after.get_header_value("X-Snapshot-Id"), "2");
  EXPECT_EQ(after.get_header_value("X-Cache"), "miss");
  const std::string path = dir.File("after.pdf");
  ASSERT_TRUE(WriteFileAtomically(path, after.body).ok());
  EXPECT_THAT(WithoutWhitespace(testing::ExtractText(path).text),
              HasSubstr(WithoutWhitespace("Voortgangsrapportage juni 2026")));
  EXPECT_EQ(worker->Stop(SIGTERM), 0);
  EXPECT_EQ(monitor->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace werkmonitor
