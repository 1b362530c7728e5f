// Fuzz target: decoding and validation of the mutating RPCs. An input is one letter naming the RPC
// (U UpdateMeasure, S SetMeasureStatus, C CreateSnapshot; any other byte picks one by its value),
// then the request message as it comes off the wire. It is decoded as the service decodes it
// (DecodeRequest, here from a buffer of two slices) and, when that succeeds, the write goes to a
// fresh Monitor that holds the repository's data set (imported: revision 2, snapshot 1). Invariants:
// - decoding fails only with INVALID_ARGUMENT;
// - a write that fails does so with a code the API documents and leaves everything as it was: the
//   revision, the bytes of the data set and every measure, and nothing committed;
// - a write that succeeds commits once and advances the revision by one (or, changing nothing,
//   commits nothing), changes only what its RPC may change, and leaves a data set ValidateDataSet
//   accepts, without unknown fields: nothing is stored that the store cannot keep; and an updated
//   measure can be printed (its summary formats in every locale).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/data_set_files.h"
#include "domain/data_set_rules.h"
#include "domain/monitor.h"
#include "fuzz/fuzz_support.h"
#include "google/protobuf/stubs/logging.h"
#include "monitor_service/grpc/request_decoding.h"
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

namespace werkmonitor::fuzz {
namespace {

using monitor::v1::DataSet;
using monitor::v1::Measure;

constexpr char kActor[] = "fuzz";

absl::Time FixedClock() { return absl::FromUnixSeconds(1750000000); }

// The store after importing data/ (its state and its first snapshot), made once; every input
// starts from a copy.
struct Seed {
  StoredState state;
  std::vector<monitor::v1::Snapshot> snapshots;
};
const Seed& Seeded() {
  static const Seed* const kSeed = [] {
    absl::StatusOr<DataSet> data = LoadDataSetDir(SourcePath("data"));
    FUZZ_CHECK(data.ok(), std::string(data.status().message()));
    auto owned = std::make_unique<MemoryStore>();
    MemoryStore& store = *owned;
    absl::StatusOr<std::unique_ptr<Monitor>> monitor = Monitor::Open(std::move(owned), &FixedClock);
    FUZZ_CHECK(monitor.ok(), std::string(monitor.status().message()));
    const absl::Status imported = (*monitor)->Import(*data, "Bijlage I Monitoringsoverzicht 2025", "import");
    FUZZ_CHECK(imported.ok(), std::string(imported.message()));
    absl::StatusOr<monitor::v1::Snapshot> first = store.GetSnapshot(1);
    FUZZ_CHECK(first.ok(), std::string(first.status().message()));
    return new Seed{store.state(), {*std::move(first)}};
  }();
  return *kSeed;
}

grpc::ByteBuffer TwoSlices(absl::string_view bytes) {
  const size_t half = bytes.size() / 2;
  grpc::Slice slices[] = {grpc::Slice(bytes.data(), half), grpc::Slice(bytes.data() + half, bytes.size() - half)};
  return grpc::ByteBuffer(slices, 2);
}

// The data set without its measures: themes, source document, published figures.
std::string FrameBytes(DataSet data) {
  data.clear_measures();
  return DeterministicBytes(data);
}

// Checks that `after` differs from `before` at most in the measure `changed` (none when empty).
void CheckOnlyChanged(const DataSet& before, const DataSet& after, absl::string_view changed) {
  FUZZ_CHECK(FrameBytes(before) == FrameBytes(after), "themes, source or published figures changed");
  FUZZ_CHECK(before.measures_size() == after.measures_size(), "the number of measures changed");
  for (int i = 0; i < before.measures_size(); ++i) {
    FUZZ_CHECK(before.measures(i).id() == after.measures(i).id(), "the measures changed order");
    if (before.measures(i).id() == changed) continue;
    FUZZ_CHECK(DeterministicBytes(before.measures(i)) == DeterministicBytes(after.measures(i)),
               absl::StrCat("measure ", before.measures(i).id(), " changed"));
  }
}

const Measure& Find(const DataSet& data, absl::string_view id) {
  for (const Measure& measure : data.measures()) {
    if (measure.id() == id) return measure;
  }
  Fail(__FILE__, __LINE__, "Find", absl::StrCat("no measure ", id));
}

bool InMask(const google::protobuf::FieldMask& mask, absl::string_view path) {
  return std::find(mask.paths().begin(), mask.paths().end(), path) != mask.paths().end();
}

// A LocalizedText or LocalizedBody without its Dutch text: the translations.
template <typename Localized>
std::string TranslationBytes(Localized text) {
  text.clear_nl();
  return DeterministicBytes(text);
}

// What UpdateMeasure may change: the masked texts; and it sets revision and updated_*.
void CheckUpdate(const monitor::v1::UpdateMeasureRequest& request, const Measure& before, const Measure& after) {
  const auto& mask = request.update_mask();
  FUZZ_CHECK(after.theme_id() == before.theme_id() && after.number() == before.number() &&
                 after.parent_id() == before.parent_id() && after.status() == before.status(),
             "UpdateMeasure changed a field outside its mask");
  if (!InMask(mask, "title")) {
    if (!InMask(mask, "title.nl")) FUZZ_CHECK(after.title().nl() == before.title().nl(), "title.nl changed");
    FUZZ_CHECK(TranslationBytes(after.title()) == TranslationBytes(before.title()), "title translations changed");
  }
  if (!InMask(mask, "summary")) {
    if (!InMask(mask, "summary.nl")) FUZZ_CHECK(after.summary().nl() == before.summary().nl(), "summary.nl changed");
    FUZZ_CHECK(TranslationBytes(after.summary()) == TranslationBytes(before.summary()), "summary translations changed");
  }
  if (!InMask(mask, "body")) {
    if (!InMask(mask, "body.nl")) {
      FUZZ_CHECK(DeterministicBytes(after.body().nl()) == DeterministicBytes(before.body().nl()), "body.nl changed");
    }
    FUZZ_CHECK(TranslationBytes(after.body()) == TranslationBytes(before.body()), "body translations changed");
  }
  if (!InMask(mask, "milestones")) {
    FUZZ_CHECK(after.milestones_size() == before.milestones_size(), "milestones changed");
    for (int i = 0; i < after.milestones_size(); ++i) {
      FUZZ_CHECK(DeterministicBytes(after.milestones(i)) == DeterministicBytes(before.milestones(i)),
                 "milestones changed");
    }
  }
}

// What SetMeasureStatus may change: the status; and it sets revision and updated_*.
void CheckStatusChange(const monitor::v1::SetMeasureStatusRequest& request, const Measure& before,
                       const Measure& after) {
  Measure expected = before;
  expected.set_status(request.status());
  expected.set_revision(after.revision());
  *expected.mutable_updated_at() = after.updated_at();
  expected.set_updated_by(kActor);
  FUZZ_CHECK(DeterministicBytes(expected) == DeterministicBytes(after),
             "SetMeasureStatus changed more than the status");
}

// Decodes `bytes` as `Request` and applies it with `write`; `check` judges a successful write from
// the request, the data before and after, and the store.
template <typename Request, typename Response, typename Check>
void Run(absl::string_view bytes, absl::StatusOr<Response> (Monitor::*write)(const Request&, absl::string_view),
         Check check) {
  Request request;
  if (const absl::Status decoded = DecodeRequest(TwoSlices(bytes), request); !decoded.ok()) {
    FUZZ_CHECK(decoded.code() == absl::StatusCode::kInvalidArgument, decoded.ToString());
    return;
  }
  auto owned = std::make_unique<MemoryStore>(Seeded().state, Seeded().snapshots);
  MemoryStore& store = *owned;
  std::unique_ptr<Monitor> monitor = *Monitor::Open(std::move(owned), &FixedClock);
  const DataSet before = monitor->CurrentData();
  const int64_t revision = monitor->revision();

  const absl::StatusOr<Response> result = ((*monitor).*write)(request, kActor);
  const DataSet after = monitor->CurrentData();
  if (!result.ok()) {
    const absl::StatusCode code = result.status().code();
    FUZZ_CHECK(code == absl::StatusCode::kInvalidArgument || code == absl::StatusCode::kNotFound ||
                   code == absl::StatusCode::kAborted || code == absl::StatusCode::kFailedPrecondition,
               result.status().ToString());
    FUZZ_CHECK(store.commits() == 0 && monitor->revision() == revision, "a failed write was committed");
    FUZZ_CHECK(DeterministicBytes(after) == DeterministicBytes(before),
               absl::StrCat("a failed write changed the data: ", result.status().ToString()));
    return;
  }
  if (store.commits() == 0) {
    FUZZ_CHECK(monitor->revision() == revision && DeterministicBytes(after) == DeterministicBytes(before),
               "a write that committed nothing changed the state");
    return;
  }
  FUZZ_CHECK(store.commits() == 1, "one write, one commit");
  FUZZ_CHECK(monitor->revision() == revision + 1 && store.state().revision == revision + 1,
             absl::StrCat("revision ", monitor->revision(), " after ", revision));
  FUZZ_CHECK(DeterministicBytes(store.state().data) == DeterministicBytes(after), "the store holds other data");
  const absl::Status valid = ValidateDataSet(after);
  FUZZ_CHECK(valid.ok(), absl::StrCat("an invalid data set was stored: ", valid.message()));
  // SqliteMeasureStore keeps texts and milestones in columns: fields the schema does not know would
  // be acknowledged, served, and lost at the next start.
  DataSet known = after;
  known.DiscardUnknownFields();
  FUZZ_CHECK(DeterministicBytes(known) == DeterministicBytes(after), "the state holds unknown fields");
  check(request, *result, before, after, *monitor);
}

}  // namespace
}  // namespace werkmonitor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace werkmonitor;
  using namespace werkmonitor::fuzz;
  // Invalid UTF-8 is much of the point here, and protobuf would log a line for each.
  static const bool quiet = [] {
    google::protobuf::SetLogHandler(nullptr);
    return true;
  }();
  (void)quiet;
  if (size == 0) return 0;
  const absl::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const char kinds[] = {'U', 'S', 'C'};
  const char kind = data[0] == 'U' || data[0] == 'S' || data[0] == 'C' ? data[0] : kinds[data[0] % 3];
  switch (kind) {
    case 'U':
      Run(bytes, &Monitor::UpdateMeasure,
          [](const monitor::v1::UpdateMeasureRequest& request, const Measure& updated, const DataSet& before,
             const DataSet& after, Monitor&) {
            const std::string& id = request.measure().id();
            CheckOnlyChanged(before, after, id);
            FUZZ_CHECK(DeterministicBytes(updated) == DeterministicBytes(Find(after, id)),
                       "the answer is not the state");
            CheckUpdate(request, Find(before, id), Find(after, id));
            CheckPrintable(Find(after, id));
          });
      break;
    case 'S':
      Run(bytes, &Monitor::SetMeasureStatus,
          [](const monitor::v1::SetMeasureStatusRequest& request, const Measure& updated, const DataSet& before,
             const DataSet& after, Monitor&) {
            CheckOnlyChanged(before, after, request.id());
            FUZZ_CHECK(DeterministicBytes(updated) == DeterministicBytes(Find(after, request.id())),
                       "the answer is not the state");
            CheckStatusChange(request, Find(before, request.id()), Find(after, request.id()));
          });
      break;
    default:
      Run(bytes, &Monitor::CreateSnapshot,
          [](const monitor::v1::CreateSnapshotRequest& request, const monitor::v1::SnapshotInfo& info,
             const DataSet& before, const DataSet& after, Monitor& monitor) {
            CheckOnlyChanged(before, after, "");
            monitor::v1::GetSnapshotRequest get;
            get.set_id(info.id());
            absl::StatusOr<monitor::v1::Snapshot> snapshot = monitor.GetSnapshot(get);
            FUZZ_CHECK(snapshot.ok() && snapshot->info().label() == request.label() &&
                           DeterministicBytes(snapshot->data()) == DeterministicBytes(before),
                       "the snapshot is not the data with its label");
          });
  }
  return 0;
}
