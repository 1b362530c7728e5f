#include "monitor_service/ctl/diff_text.h"

#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace werkmonitor::ctl {
namespace {

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message)) << text;
  return message;
}

const char kBase[] = R"pb(
  themes {
    id: "registratie"
    title { nl: "Registratie" }
  }
  themes {
    id: "werk"
    title { nl: "Werk" }
  }
  measures {
    id: "registratie-2a"
    title { nl: "Experiment" }
  }
  measures {
    id: "werk-3"
    title { nl: "Cao-afspraken" }
  }
)pb";

const char kTarget[] = R"pb(
  themes {
    id: "registratie"
    title { nl: "Registratie" }
  }
  themes {
    id: "werk"
    title { nl: "Werk" }
  }
  measures {
    id: "registratie-2a"
    title { nl: "Experiment met voorinschrijving" }
  }
  measures {
    id: "werk-4"
    title { nl: "Nieuw loket" }
  }
)pb";

TEST(DiffTextTest, EveryKindOfChange) {
  const auto comparison = Parse<monitor::v1::SnapshotComparison>(R"pb(
    base {
      id: 1
      label: "Bijlage I Monitoringsoverzicht 2025"
      as_of { precision: MONTH year: 2025 month: 12 }
    }
    target {
      id: 2
      label: "Voortgangsrapportage juni 2026"
      as_of { precision: DAY year: 2026 month: 6 day: 1 }
    }
    measures {
      measure_id: "registratie-2a"
      kind: CHANGED
      from_status: IN_UITVOERING
      to_status: VERTRAAGD
      title_changed: true
      summary_changed: true
      blocks { kind: CHANGED base_index: 1 target_index: 1 }
      blocks { kind: CHANGED base_index: 2 target_index: 2 }
      blocks { kind: ADDED base_index: -1 target_index: 3 }
      milestones {
        kind: MOVED
        milestone_id: "einde_experiment"
        from_date { precision: DAY year: 2027 month: 10 day: 1 }
        to_date { precision: DAY year: 2028 month: 4 day: 1 }
        reason: "aanbesteding duurde langer"
        later: true
      }
      milestones {
        kind: MOVED
        milestone_id: "tussenrapport"
        from_date { precision: PERIOD year: 2026 period: END }
        to_date { precision: PERIOD year: 2026 period: SPRING }
      }
      milestones {
        kind: REACHED
        milestone_id: "start"
        from_date { precision: YEAR year: 2026 }
        to_date { precision: YEAR year: 2026 }
      }
      milestones {
        kind: ADDED
        milestone_id: "wet"
        to_date { precision: MONTH year: 2027 month: 1 }
      }
      milestones {
        kind: REMOVED
        milestone_id: "oud"
        from_date { precision: PERIOD year: 2026 period: BEGIN }
      }
      from_owner: "BZK"
      to_owner: "VRO"
      progress_reported: true
    }
    measures { measure_id: "werk-4" kind: ADDED to_status: IN_UITVOERING to_owner: "SZW" }
    measures { measure_id: "werk-3" kind: REMOVED from_status: AFGEROND from_owner: "SZW" }
    dashboard {
      theme_id: "registratie"
      statuses { status: AFGEROND from_count: 3 to_count: 4 }
      statuses { status: IN_UITVOERING from_count: 5 to_count: 3 }
      statuses { status: VERTRAAGD from_count: 0 to_count: 1 }
      from_total: 8
      to_total: 8
    }
    dashboard {
      theme_id: "werk"
      statuses { status: AFGEROND from_count: 1 to_count: 1 }
      from_total: 1
      to_total: 1
    }
    dashboard {
      statuses { status: AFGEROND from_count: 4 to_count: 5 }
      from_total: 9
      to_total: 10
    }
  )pb");
  EXPECT_EQ(FormatComparison(comparison, Parse<monitor::v1::DataSet>(kBase), Parse<monitor::v1::DataSet>(kTarget)),
            "Snapshot 1 (Bijlage I Monitoringsoverzicht 2025, peildatum december 2025) → snapshot 2 "
            "(Voortgangsrapportage juni 2026, peildatum 1 juni 2026)\n"
            "\n"
            "Maatregelen: 1 gewijzigd, 1 nieuw, 1 vervallen\n"
            "registratie-2a  Experiment met voorinschrijving: In uitvoering → In uitvoering, vertraagd; "
            "titel gewijzigd; samenvatting gewijzigd; tekst: 2 blokken gewijzigd, 1 toegevoegd; "
            "mijlpaal einde_experiment: 1 oktober 2027 → 1 april 2028 (aanbesteding duurde langer); "
            "mijlpaal tussenrapport: eind 2026 → voorjaar 2026 (eerder); "
            "mijlpaal start bereikt (2026); mijlpaal wet toegevoegd: januari 2027; "
            "mijlpaal oud vervallen (was begin 2026); trekker BZK → VRO; nieuwe voortgang gemeld\n"
            "werk-4  Nieuw loket: nieuwe maatregel (In uitvoering, trekker SZW)\n"
            "werk-3  Cao-afspraken: vervallen (was Afgerond)\n"
            "\n"
            "Dashboard:\n"
            "Registratie: Afgerond 3 → 4 (+1); In uitvoering 5 → 3 (-2); In uitvoering, vertraagd 0 → 1 (+1)\n"
            "Totaal: Maatregelen totaal 9 → 10 (+1); Afgerond 4 → 5 (+1)\n");
}

TEST(DiffTextTest, NothingChanged) {
  const auto comparison = Parse<monitor::v1::SnapshotComparison>(R"pb(
    base { id: 2 label: "Voortgangsrapportage juni 2026" }
    target { id: 3 label: "Correctie" }
    dashboard {
      theme_id: "werk"
      statuses { status: AFGEROND from_count: 1 to_count: 1 }
      from_total: 1
      to_total: 1
    }
    dashboard {
      statuses { status: AFGEROND from_count: 1 to_count: 1 }
      from_total: 1
      to_total: 1
    }
  )pb");
  EXPECT_EQ(FormatComparison(comparison, Parse<monitor::v1::DataSet>(kTarget), Parse<monitor::v1::DataSet>(kTarget)),
            "Snapshot 2 (Voortgangsrapportage juni 2026) → snapshot 3 (Correctie)\n"
            "\n"
            "Maatregelen: geen wijzigingen\n"
            "\n"
            "Dashboard: ongewijzigd\n");
}

TEST(DiffTextTest, DatesAtTheirPrecision) {
  auto date = [](const std::string& text) { return DutchDate(Parse<monitor::v1::PartialDate>(text)); };
  EXPECT_EQ(date("precision: DAY year: 2027 month: 1 day: 1"), "1 januari 2027");
  EXPECT_EQ(date("precision: MONTH year: 2025 month: 6"), "juni 2025");
  EXPECT_EQ(date("precision: PERIOD year: 2026 period: BEGIN"), "begin 2026");
  EXPECT_EQ(date("precision: PERIOD year: 2026 period: MID"), "medio 2026");
  EXPECT_EQ(date("precision: PERIOD year: 2026 period: SUMMER"), "zomer 2026");
  EXPECT_EQ(date("precision: PERIOD year: 2026 period: AUTUMN"), "najaar 2026");
  EXPECT_EQ(date("precision: YEAR year: 2026"), "2026");
  EXPECT_EQ(date(""), "(geen datum)");
}

}  // namespace
}  // namespace werkmonitor::ctl
