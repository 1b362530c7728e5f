// The monitor: the current state of all measures and every operation on it, independent of any
// transport or storage engine. Reads are served from an immutable in-memory state; a write is
// validated, persisted through the MeasureStore in one transaction, and only then published, so a
// failed write changes nothing and an acknowledged write is durable.
//
//   absl::StatusOr<std::unique_ptr<Monitor>> monitor = Monitor::Open(std::move(store));
//   if ((*monitor)->IsEmpty()) (*monitor)->Import(data, "Bijlage I Monitoringsoverzicht 2025", "import");
//   absl::StatusOr<monitor::v1::Measure> m = (*monitor)->SetMeasureStatus(request, /*actor=*/"jan");
//
// Requests and results are the API's messages; errors are canonical codes whose message names the
// field: NOT_FOUND for unknown ids, INVALID_ARGUMENT for bad values, ABORTED for a stale
// expected_revision, FAILED_PRECONDITION for operations the state does not allow.
#ifndef WERKMONITOR_DOMAIN_MONITOR_H_
#define WERKMONITOR_DOMAIN_MONITOR_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/actor.h"
#include "domain/measure_store.h"
#include "domain/measure_tree.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

class Monitor {
 public:
  using Clock = std::function<absl::Time()>;

  // How many of the latest journal entries the change feed keeps in memory (see ChangesSince).
  static constexpr int kDefaultRecentEvents = 1024;

  // Loads the current state from `store`.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Monitor>> Open(std::unique_ptr<MeasureStore> store,
                                                                     Clock clock = &absl::Now,
                                                                     int recent_events = kDefaultRecentEvents);
  // Stops the feed thread; no subscriber is called after it returns.
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Nothing has been imported yet.
  bool IsEmpty() const;
  // Imports a whole data set into an empty monitor, together with its first snapshot (the published
  // state), in one transaction. FAILED_PRECONDITION when data was imported before.
  [[nodiscard]] absl::Status Import(const monitor::v1::DataSet& data, absl::string_view snapshot_label,
                                    absl::string_view actor);

  int64_t revision() const;

  // Reads.
  monitor::v1::ListThemesResponse ListThemes() const;
  [[nodiscard]] absl::StatusOr<monitor::v1::ListMeasuresResponse> ListMeasures(
      const monitor::v1::ListMeasuresRequest& request) const;
  [[nodiscard]] absl::StatusOr<monitor::v1::Measure> GetMeasure(const monitor::v1::GetMeasureRequest& request) const;
  [[nodiscard]] absl::StatusOr<monitor::v1::Dashboard> GetDashboard(
      const monitor::v1::GetDashboardRequest& request) const;
  [[nodiscard]] absl::StatusOr<monitor::v1::ListStatusChangesResponse> ListStatusChanges(
      const monitor::v1::ListStatusChangesRequest& request) const;
  [[nodiscard]] absl::StatusOr<monitor::v1::Snapshot> GetSnapshot(const monitor::v1::GetSnapshotRequest& request) const;
  [[nodiscard]] absl::StatusOr<monitor::v1::ListSnapshotsResponse> ListSnapshots(
      const monitor::v1::ListSnapshotsRequest& request) const;
  // The hot reads again, as the wire-format bytes of their response message, shared and kept: a
  // state never changes, nor does a snapshot, so their bytes are made once and sent many times.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const std::string>> GetMeasureBytes(
      const monitor::v1::GetMeasureRequest& request) const;
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const std::string>> GetDashboardBytes(
      const monitor::v1::GetDashboardRequest& request) const;
  // A list page's bytes, kept per state for the most recent distinct requests: the same page asked
  // again (a dashboard or staff page refreshing) costs a lookup, not a copy of 41 measures.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const std::string>> ListMeasuresBytes(
      const monitor::v1::ListMeasuresRequest& request) const;
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const std::string>> GetSnapshotBytes(
      const monitor::v1::GetSnapshotRequest& request) const;

  // The data set as it is now (what a snapshot would capture) and the published figures.
  monitor::v1::DataSet CurrentData() const;

  // Writes. `actor` is who asks (recorded in history and updated_by).
  // Direct corrections, outside a round (the transport lets only admins make them); the note is
  // required and recorded.
  [[nodiscard]] absl::StatusOr<monitor::v1::Measure> UpdateMeasure(const monitor::v1::UpdateMeasureRequest& request,
                                                                   absl::string_view actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::Measure> SetMeasureStatus(
      const monitor::v1::SetMeasureStatusRequest& request, absl::string_view actor);
  // A snapshot of the current state, as of today (the clock's date), with what changed since the
  // previous snapshot.
  [[nodiscard]] absl::StatusOr<monitor::v1::SnapshotInfo> CreateSnapshot(
      const monitor::v1::CreateSnapshotRequest& request, absl::string_view actor);
  // For a data set imported by an older release: adds the departments, the themes' default owners,
  // the measures' owners and the source's as-of date from `data` (the data set files) where the
  // stored data has none, in one write. Changes nothing when there is nothing to add.
  // FAILED_PRECONDITION when `data` lacks a stored measure or theme.
  [[nodiscard]] absl::Status AdoptReferenceData(const monitor::v1::DataSet& data, absl::string_view actor);

  // Reporting rounds. Editors act on the updates of their departments' measures only
  // (PERMISSION_DENIED naming the measure's owner); the transport lets only admins open, approve,
  // return and publish. Errors as above; FAILED_PRECONDITION for a step the update's or round's
  // state does not allow, and for a broken status rule on submit (see domain/update_rules.h).
  [[nodiscard]] absl::StatusOr<monitor::v1::Round> OpenRound(const monitor::v1::OpenRoundRequest& request,
                                                             const Actor& actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::Round> GetRound(const monitor::v1::GetRoundRequest& request) const;
  monitor::v1::ListRoundsResponse ListRounds() const;
  [[nodiscard]] absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> ListMeasureUpdates(
      const monitor::v1::ListMeasureUpdatesRequest& request) const;
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> GetMeasureUpdate(
      const monitor::v1::GetMeasureUpdateRequest& request) const;
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> SaveDraft(const monitor::v1::SaveDraftRequest& request,
                                                                     const Actor& actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> SubmitUpdate(
      const monitor::v1::SubmitUpdateRequest& request, const Actor& actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> ApproveUpdate(
      const monitor::v1::ApproveUpdateRequest& request, const Actor& actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> ReturnUpdate(
      const monitor::v1::ReturnUpdateRequest& request, const Actor& actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::ApproveUnchangedResponse> ApproveUnchanged(
      const monitor::v1::ApproveUnchangedRequest& request, const Actor& actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::Round> PublishRound(const monitor::v1::PublishRoundRequest& request,
                                                                const Actor& actor);
  [[nodiscard]] absl::StatusOr<monitor::v1::SnapshotComparison> CompareSnapshots(
      const monitor::v1::CompareSnapshotsRequest& request) const;

  // Translations of the data's texts from translators (units, see domain/translation_units.h):
  // every unit is checked against the current data (CheckUnits) and all are applied in one write,
  // or none. A refused unit fails the call naming every refused unit with its reason:
  // INVALID_ARGUMENT, or ABORTED when each was refused only for being stale (the Dutch changed
  // since the export: export again). With validate_only nothing is written and refused units are
  // reported in the response instead. Units already stored as they are change nothing; when none
  // changes, there is no write and the revision stays.
  [[nodiscard]] absl::StatusOr<monitor::v1::ImportTranslationsResponse> ImportTranslations(
      const monitor::v1::ImportTranslationsRequest& request, absl::string_view actor);

  // The change feed. Checks a WatchChanges start point: INVALID_ARGUMENT below 0, OUT_OF_RANGE
  // beyond the current revision.
  [[nodiscard]] absl::Status CheckWatchStart(int64_t since_revision) const;
  // Published journal entries after `after_revision`, oldest first, at most `limit`. From memory
  // when the latest `recent_events` entries reach back that far (a watcher that keeps up never
  // costs a store read), from the store otherwise.
  [[nodiscard]] absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> ChangesSince(int64_t after_revision,
                                                                                   int limit) const;
  // `on_change` runs after published writes, on the monitor's feed thread and never on a writer's:
  // a write only records its events and wakes that thread, so no subscriber, however slow, delays
  // it. Writes in quick succession may share one call, and a call may find nothing new: read what
  // is new with ChangesSince. Callbacks run one at a time, so a slow one delays the others' (keep
  // it short); it must not call Subscribe or Unsubscribe. Returns an id for Unsubscribe.
  int Subscribe(std::function<void()> on_change);
  // After it returns, `on_change` of `subscription` is not running and never runs again.
  void Unsubscribe(int subscription);

 private:
  // The reporting rounds and their measure updates; immutable, shared by states until a round write.
  struct RoundBook {
    std::vector<monitor::v1::Round> rounds;  // oldest first; ids 1, 2, ...
    // Per round id, its updates in document order.
    std::map<int64_t, std::vector<std::shared_ptr<const monitor::v1::MeasureUpdate>>> updates;

    const monitor::v1::Round* Find(int64_t id) const;
    const monitor::v1::Round* Open() const;  // the open round, or null
  };

  // What a state is made of; a write copies the parts of the current state, replaces what it
  // changes and derives the next state from them.
  struct Parts {
    // Themes, departments, source document and published figures (no measures); shared by states
    // until an import.
    std::shared_ptr<const monitor::v1::DataSet> frame;
    // The measures in document order. A write replaces one pointer and shares the others, so it
    // costs a few pointer copies instead of a copy of every text.
    std::vector<std::shared_ptr<const monitor::v1::Measure>> measures;
    int64_t revision = 0;
    int64_t last_snapshot_id = 0;
    std::shared_ptr<const RoundBook> rounds;
    // The latest snapshot (null before the first): what the next one is compared with, and what
    // the live dashboard counts moved milestones against.
    std::shared_ptr<const monitor::v1::Snapshot> latest_snapshot;
  };

  // An immutable version of the state; readers share it, writers replace it.
  struct State : Parts {
    absl::flat_hash_map<std::string, int> measure_index;  // id -> index in measures
    MeasureTree tree;                                     // over `measures`
    // The live dashboard and its bytes, made on first request: its milestone figures need the
    // whole data set, which a write should not pay for.
    mutable absl::Mutex dashboard_mu;
    mutable std::shared_ptr<const monitor::v1::Dashboard> dashboard ABSL_GUARDED_BY(dashboard_mu);
    mutable std::shared_ptr<const std::string> dashboard_bytes ABSL_GUARDED_BY(dashboard_mu);
    // Serialized measures, made on first request (a write replaces the whole state).
    mutable absl::Mutex bytes_mu;
    mutable std::vector<std::shared_ptr<const std::string>> measure_bytes ABSL_GUARDED_BY(bytes_mu);
    // Serialized ListMeasures responses by serialized request (see ListMeasuresBytes).
    mutable absl::flat_hash_map<std::string, std::shared_ptr<const std::string>> list_bytes ABSL_GUARDED_BY(bytes_mu);

    // The whole data set, assembled.
    monitor::v1::DataSet Data() const;
    // The date the live figures speak of: the open round's as-of date, else the latest snapshot's.
    monitor::v1::PartialDate AsOf() const;
    std::shared_ptr<const monitor::v1::Dashboard> LiveDashboard() const;
    std::shared_ptr<const std::string> LiveDashboardBytes() const;
  };

  Monitor(std::unique_ptr<MeasureStore> store, Clock clock, std::shared_ptr<const State> state, int recent_events);

  std::shared_ptr<const State> Current() const;
  static absl::StatusOr<monitor::v1::ListMeasuresResponse> ListMeasuresIn(
      const State& state, const monitor::v1::ListMeasuresRequest& request);
  static std::shared_ptr<State> Derive(Parts parts);
  // The parts of a data set and stored rounds, as loaded.
  static Parts PartsOf(monitor::v1::DataSet data, int64_t revision, int64_t last_snapshot_id);
  // The state after replacing one measure.
  static std::shared_ptr<State> WithMeasure(const State& current, monitor::v1::Measure measure, int64_t revision);
  // The current measure `id` with the update's edits applied (the fields its `edited` mask names).
  static monitor::v1::Measure Applied(const monitor::v1::Measure& published, const monitor::v1::MeasureUpdate& update);
  // The update of `measure_id` in the open round, checked: NOT_FOUND/FAILED_PRECONDITION otherwise.
  struct OpenUpdate {
    const monitor::v1::Round* round;
    const monitor::v1::Measure* published;
    std::shared_ptr<const monitor::v1::MeasureUpdate> update;
    size_t index;  // in the round's updates
  };
  static absl::StatusOr<OpenUpdate> FindOpenUpdate(const State& state, absl::string_view field,
                                                   absl::string_view measure_id);
  // The update as a reader sees it: `proposed` always filled (with the published measure when
  // nothing was edited), reduced to `view`.
  static monitor::v1::MeasureUpdate Presented(const State& state, const monitor::v1::MeasureUpdate& update,
                                              monitor::v1::MeasureView view);
  // Records `updates` (replacing those of the same measure in the open round) as one round event.
  absl::StatusOr<std::vector<monitor::v1::MeasureUpdate>> CommitUpdates(
      const State& current, std::vector<std::pair<size_t, monitor::v1::MeasureUpdate>> updates,
      monitor::v1::RoundEvent event, absl::string_view actor) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Records `next`, the new state of the open update `found`, as one round event of `kind`, and
  // returns it as a reader sees it.
  absl::StatusOr<monitor::v1::MeasureUpdate> CommitOne(const State& current, const OpenUpdate& found,
                                                       monitor::v1::MeasureUpdate next,
                                                       monitor::v1::RoundEvent::Kind kind, const Actor& actor,
                                                       absl::string_view comment = "")
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // The snapshot id a request means (0: the latest), or NOT_FOUND/INVALID_ARGUMENT naming `field`.
  absl::StatusOr<int64_t> ResolveSnapshotId(absl::string_view field, int64_t id) const;
  // Finds a measure by id: NOT_FOUND naming `field` otherwise.
  static absl::StatusOr<const monitor::v1::Measure*> Find(const State& state, absl::string_view field,
                                                          absl::string_view id);
  static absl::Status CheckExpectedRevision(const monitor::v1::Measure& measure, bool has_expected, int64_t expected);
  monitor::v1::ChangeEvent NewEvent(int64_t revision, absl::Time at, absl::string_view actor) const;
  // A snapshot of `state` with id last_snapshot_id + 1, compared with the latest snapshot.
  monitor::v1::Snapshot MakeSnapshot(const State& state, absl::string_view label, absl::Time at,
                                     absl::string_view actor, const monitor::v1::PartialDate& as_of,
                                     int64_t round_id) const;
  // Persists `write`, then publishes `next` and hands the write's events to the feed. Caller holds
  // write_mu_.
  absl::Status CommitAndPublish(const Write& write, std::shared_ptr<const State> next)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // The feed thread: calls the subscribers whenever a write was added to the feed since it last did.
  void NotifySubscribers();

  const std::unique_ptr<MeasureStore> store_;  // Thread-safe itself; writes only under write_mu_.
  const Clock clock_;

  // Serializes writers: a write reads the current state, decides, persists and publishes it
  // before the next writer starts. Readers never take it.
  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(state_mu_);
  mutable absl::Mutex state_mu_;
  std::shared_ptr<const State> state_ ABSL_GUARDED_BY(state_mu_);

  // Serialized snapshots by id (immutable, so never stale); the few most recent are kept.
  static constexpr size_t kCachedSnapshots = 4;
  mutable absl::Mutex snapshot_bytes_mu_;
  mutable std::map<int64_t, std::shared_ptr<const std::string>> snapshot_bytes_ ABSL_GUARDED_BY(snapshot_bytes_mu_);

  // The change feed: the latest published journal entries, in memory, so that watchers who keep up
  // are served without a store read; and what the feed thread has announced. A writer appends under
  // feed_mu_ after it published the state, so the feed never shows a write that reads do not.
  // feed_mu_ is never held together with state_mu_.
  const size_t recent_capacity_;
  mutable absl::Mutex feed_mu_;
  std::deque<std::shared_ptr<const monitor::v1::ChangeEvent>> recent_ ABSL_GUARDED_BY(feed_mu_);  // oldest first
  int64_t recent_after_ ABSL_GUARDED_BY(feed_mu_);        // recent_ holds every published entry after this revision
  int64_t fed_revision_ ABSL_GUARDED_BY(feed_mu_);        // the revision of the last entry appended
  int64_t announced_revision_ ABSL_GUARDED_BY(feed_mu_);  // the last one the feed thread called subscribers for
  bool stopping_ ABSL_GUARDED_BY(feed_mu_) = false;

  // Held by the feed thread while it calls the subscribers, so Unsubscribe waits for a running call.
  // Taken before feed_mu_ and state_mu_: callbacks read the feed.
  mutable absl::Mutex subscribers_mu_ ABSL_ACQUIRED_BEFORE(feed_mu_, state_mu_);
  std::map<int, std::function<void()>> subscribers_ ABSL_GUARDED_BY(subscribers_mu_);
  int next_subscription_ ABSL_GUARDED_BY(subscribers_mu_) = 1;

  // Runs NotifySubscribers; started by the first Subscribe, joined by the destructor.
  std::thread feed_thread_ ABSL_GUARDED_BY(subscribers_mu_);
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_MONITOR_H_
