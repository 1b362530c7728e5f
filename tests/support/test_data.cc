#include "tests/support/test_data.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "tests/support/wait.h"

namespace werkmonitor::testing {

absl::StatusOr<report::v1::Manifest> WaitForManifest(const std::string& path, int64_t snapshot_id) {
  report::v1::Manifest manifest;
  const bool found = WaitUntil([&] {
    std::ifstream file(path);
    if (!file) return false;
    std::stringstream json;
    json << file.rdbuf();
    manifest.Clear();
    // The worker replaces the file atomically, so a read sees a whole manifest or none.
    return google::protobuf::util::JsonStringToMessage(json.str(), &manifest).ok() &&
           manifest.snapshot_id() == snapshot_id;
  });
  if (found) return manifest;
  return absl::NotFoundError(
      absl::StrCat(path, " never named snapshot ", snapshot_id, "; last read: snapshot ", manifest.snapshot_id()));
}

monitor::v1::DataSet SmallDataSet() {
  monitor::v1::DataSet data;
  const bool parsed = google::protobuf::TextFormat::ParseFromString(
      R"pb(
        source { title: "Testbijlage" edition: "2025" }
        themes {
          id: "werk"
          title { nl: "Werk" }
          introduction { nl { blocks { kind: PARAGRAPH text: "Over werk." } } }
        }
        themes {
          id: "registratie"
          title { nl: "Registratie" }
          introduction { nl { blocks { kind: PARAGRAPH text: "Over registratie." } } }
        }
        measures {
          id: "werk-1"
          theme_id: "werk"
          number: "1"
          title {
            nl: "Toelatingsstelsel"
            translations {
              key: "pl"
              value { text: "System dopuszczenia" source_fingerprint: "0000000000000000" }
            }
          }
          body {
            nl {
              blocks { kind: PARAGRAPH text: "De invoering is op 1 januari 2027." }
              blocks { kind: BULLET_LIST items: "een" items: "twee" }
            }
          }
          summary { nl: "Vanaf {invoering} geldt een toelating." }
          status: IN_UITVOERING
          milestones {
            id: "invoering"
            date { precision: DAY year: 2027 month: 1 day: 1 }
            label { nl: "Invoering" }
            as_written: "1 januari 2027"
          }
        }
        measures {
          id: "werk-2"
          theme_id: "werk"
          number: "2"
          title { nl: "Cao-afspraken" }
          status: AFGEROND
        }
        measures {
          id: "registratie-1"
          theme_id: "registratie"
          number: "1"
          title { nl: "Contactgegevens" }
          status: VERTRAAGD
        }
        measures {
          id: "registratie-2"
          theme_id: "registratie"
          number: "2"
          title { nl: "Kwaliteitsmaatregelen" }
        }
        measures {
          id: "registratie-2a"
          theme_id: "registratie"
          parent_id: "registratie-2"
          number: "2a"
          title { nl: "Experiment" }
          status: AFGEROND
        }
        measures {
          id: "registratie-2b"
          theme_id: "registratie"
          parent_id: "registratie-2"
          number: "2b"
          title { nl: "Voorinschrijving" }
          status: IN_UITVOERING
        }
        published {
          rows {
            printed_label: "Totaal"
            total: 5
            counts { status: AFGEROND count: 2 }
            counts { status: IN_UITVOERING count: 2 }
            counts { status: VERTRAAGD count: 1 }
          }
          rows {
            theme_id: "registratie"
            printed_label: "Registratie"
            total: 4
            counts { status: AFGEROND count: 1 }
            counts { status: IN_UITVOERING count: 2 }
            counts { status: VERTRAAGD count: 1 }
          }
        }
      )pb",
      &data);
  if (!parsed) std::abort();  // the literal above is part of the test code
  return data;
}

monitor::v1::DataSet SmallDataSetWithOwners() {
  monitor::v1::DataSet data = SmallDataSet();
  for (const char* code : {"SZW", "BZK", "VRO"}) {
    monitor::v1::Department* department = data.add_departments();
    department->set_code(code);
    department->mutable_name()->set_nl(absl::StrCat("Ministerie ", code));
  }
  for (auto& theme : *data.mutable_themes()) theme.set_default_owner(theme.id() == "werk" ? "SZW" : "BZK");
  for (auto& measure : *data.mutable_measures()) {
    monitor::v1::Ownership& owner = *measure.mutable_owner();
    owner.set_department(measure.theme_id() == "werk" ? "SZW" : "BZK");
    if (measure.id() == "registratie-2b") {
      owner.set_department("VRO");
      owner.set_quote("Voorinschrijving");
    }
  }
  return data;
}

std::string RepoDataDir() { return absl::StrCat(WERKMONITOR_SOURCE_DIR, "/data"); }
std::string SourceTextPath() {
  return absl::StrCat(WERKMONITOR_SOURCE_DIR, "/data/source/bijlage-I-monitoringsoverzicht-2025.txt");
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  const char* base = std::getenv("TEST_TMPDIR");
  path_ = std::filesystem::path(base != nullptr ? base : std::filesystem::temp_directory_path().string()) /
          absl::StrCat("werkmonitor-", ::getpid(), "-", counter++);
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace werkmonitor::testing
