// ImportTranslations over gRPC: who may import, and that the service checks every unit itself
// (a client that skips monitorctl's checks gets nothing past it), then applies all units or none.
#include "domain/fingerprint.h"
#include "domain/translation_state.h"
#include "tests/grpc/monitor_service_fixture.h"

namespace werkmonitor {
namespace {

using monitor::v1::ImportTranslationsRequest;
using monitor::v1::ImportTranslationsResponse;
using testing::TestMonitorServer;

// werk-1's Polish summary and the Polish name of the theme werk, as a translator sends them.
ImportTranslationsRequest Request(const std::string& summary) {
  ImportTranslationsRequest request;
  request.set_locale("pl");
  monitor::v1::TranslationUnit* unit = request.add_units();
  unit->set_id("measure.werk-1.summary");
  unit->add_target(summary);
  unit->set_source_fingerprint(Fingerprint("Vanaf {invoering} geldt een toelating."));
  unit = request.add_units();
  unit->set_id("theme.werk.title");
  unit->add_target("Praca");
  unit->set_source_fingerprint(Fingerprint("Werk"));
  return request;
}

TEST_F(MonitorServiceTest, ImportTranslationsNeedsAnEditor) {
  const int64_t revision = Revision();
  auto rita = service_.Client(TestMonitorServer::kReaderToken);
  ExpectError(rita->ImportTranslations(Request("Od {invoering} obowiązuje zezwolenie.")).status(),
              absl::StatusCode::kPermissionDenied, "rita has the role reader; this call needs editor");
  EXPECT_EQ(Revision(), revision);
  // Translations are no department's: bert (editor of BZK) translates SZW's measure too.
  auto bert = service_.Client(TestMonitorServer::kEditorToken);
  absl::StatusOr<ImportTranslationsResponse> imported =
      bert->ImportTranslations(Request("Od {invoering} obowiązuje zezwolenie."));
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->revision(), revision + 1);
  EXPECT_EQ(Get("werk-1")->updated_by(), "bert");
}

TEST_F(MonitorServiceTest, ImportTranslationsChecksEveryUnitItselfAndAppliesAllOrNothing) {
  const int64_t revision = Revision();
  // What monitorctl would have refused, sent directly.
  ExpectError(client_->ImportTranslations(Request("Od {wprowadzenie} obowiązuje zezwolenie.")).status(),
              absl::StatusCode::kInvalidArgument,
              "nothing applied; refused: units[0] measure.werk-1.summary: arguments {wprowadzenie} differ from the "
              "Dutch {invoering}");
  EXPECT_EQ(Revision(), revision);
  EXPECT_FALSE(client_->ListThemes()->themes(0).title().translations().contains("pl"));  // the valid unit neither

  ImportTranslationsRequest check = Request("Od {wprowadzenie} obowiązuje zezwolenie.");
  check.set_validate_only(true);
  absl::StatusOr<ImportTranslationsResponse> checked = client_->ImportTranslations(check);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->results(0).outcome(), ImportTranslationsResponse::Result::REFUSED);
  EXPECT_EQ(checked->results(1).outcome(), ImportTranslationsResponse::Result::APPLIED);
  EXPECT_EQ(checked->revision(), revision);
  EXPECT_EQ(Revision(), revision);

  absl::StatusOr<ImportTranslationsResponse> imported =
      client_->ImportTranslations(Request("Od {invoering} obowiązuje zezwolenie."));
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->revision(), revision + 1);
  const monitor::v1::Measure werk1 = *Get("werk-1");
  EXPECT_EQ(werk1.summary().translations().at("pl").text(), "Od {invoering} obowiązuje zezwolenie.");
  EXPECT_EQ(StateOf(werk1.summary(), "pl"), TranslationState::kCurrent);
  EXPECT_EQ(werk1.revision(), revision + 1);
  EXPECT_EQ(StateOf(client_->ListThemes()->themes(0).title(), "pl"), TranslationState::kCurrent);

  // Watchers see the import as one write.
  std::vector<monitor::v1::ChangeEvent> events;
  ASSERT_TRUE(client_
                  ->WatchChanges(revision,
                                 [&](const monitor::v1::ChangeEvent& event) {
                                   events.push_back(event);
                                   return false;
                                 })
                  .ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].translations_imported().locale(), "pl");
  EXPECT_THAT(events[0].translations_imported().unit_ids(),
              ::testing::ElementsAre("measure.werk-1.summary", "theme.werk.title"));
}

}  // namespace
}  // namespace werkmonitor
