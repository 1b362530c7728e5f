// End to end over gRPC: a real server on a free port, a real SQLite file, the real client.
#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "domain/dashboard.h"
#include "domain/measure_store.h"
#include "domain/monitor.h"
#include "domain/testing/forwarding_measure_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor_service/client/monitor_client.h"
#include "monitor_service/grpc/monitor_server.h"
#include "monitor_service/grpc/request_decoding.h"
#include "monitor_service/store/sqlite_measure_store.h"
#include "tests/grpc/monitor_service_fixture.h"
#include "tests/support/test_data.h"
#include "tests/support/test_monitor_server.h"
#include "tests/support/wait.h"
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>

namespace werkmonitor {
namespace {

using monitor::v1::Measure;
using ::testing::HasSubstr;

TEST_F(MonitorServiceTest, ListsThemesAndMeasures) {
  auto themes = client_->Call(&Stub::ListThemes, {});
  ASSERT_TRUE(themes.ok()) << themes.status();
  ASSERT_EQ(themes->themes_size(), 2);
  EXPECT_EQ(themes->themes(1).title().nl(), "Registratie");

  monitor::v1::ListMeasuresRequest request;
  request.set_theme_id("registratie");
  request.set_page_size(2);
  auto page = client_->Call(&Stub::ListMeasures, request);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->measures_size(), 2);
  request.set_page_token(page->next_page_token());
  page = client_->Call(&Stub::ListMeasures, request);
  ASSERT_EQ(page->measures_size(), 2);
  EXPECT_EQ(page->measures(1).id(), "registratie-2b");
  EXPECT_TRUE(page->next_page_token().empty());
  monitor::v1::ListMeasuresRequest in_progress;
  in_progress.set_status(monitor::v1::IN_UITVOERING);
  auto all = client_->ListAllMeasures(in_progress);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
}

TEST_F(MonitorServiceTest, ListErrorsNameTheField) {
  monitor::v1::ListMeasuresRequest request;
  request.set_page_token("bm9wZQ");
  ExpectError(client_->Call(&Stub::ListMeasures, request).status(), absl::StatusCode::kInvalidArgument, "page_token");
  request.Clear();
  request.set_status(static_cast<monitor::v1::Status>(99));
  ExpectError(client_->Call(&Stub::ListMeasures, request).status(), absl::StatusCode::kInvalidArgument,
              "status: 99 is not a status");
  request.Clear();
  request.set_theme_id("wonen");
  ExpectError(client_->Call(&Stub::ListMeasures, request).status(), absl::StatusCode::kNotFound, "theme_id");
  request.Clear();
  request.set_page_size(-1);
  ExpectError(client_->Call(&Stub::ListMeasures, request).status(), absl::StatusCode::kInvalidArgument, "page_size");
}

TEST_F(MonitorServiceTest, GetMeasure) {
  auto measure = Get("werk-1");
  ASSERT_TRUE(measure.ok()) << measure.status();
  EXPECT_EQ(measure->milestones(0).as_written(), "1 januari 2027");
  ExpectError(Get("werk-99").status(), absl::StatusCode::kNotFound, "id: no measure \"werk-99\"");
  ExpectError(Get("").status(), absl::StatusCode::kInvalidArgument, "id: is required");
}

TEST_F(MonitorServiceTest, SetMeasureStatusRecordsWhoAndWhy) {
  auto changed = SetStatus("werk-1", monitor::v1::VERTRAAGD, /*expected=*/1, "wetgeving loopt uit");
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->updated_by(), "anna");
  auto history = client_->ListAllStatusChanges("werk-1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].changed_by(), "anna");
  EXPECT_EQ((*history)[0].note(), "wetgeving loopt uit");
  EXPECT_EQ(CountOf(client_->Call(&Stub::GetDashboard, {})->total(), monitor::v1::VERTRAAGD), 2);
}

TEST_F(MonitorServiceTest, FailedWritesReturnTheRightCodeAndChangeNothing) {
  const int64_t revision = Revision();
  ExpectError(SetStatus("werk-1", 42).status(), absl::StatusCode::kInvalidArgument, "status: 42 is not a status");
  ExpectError(SetStatus("werk-1", 0).status(), absl::StatusCode::kInvalidArgument, "status: is required");
  ExpectError(SetStatus("nope", monitor::v1::AFGEROND).status(), absl::StatusCode::kNotFound, "id: no measure");
  ExpectError(SetStatus("registratie-2", monitor::v1::AFGEROND).status(), absl::StatusCode::kFailedPrecondition,
              "has sub-measures");
  ExpectError(SetStatus("werk-1", monitor::v1::AFGEROND, /*expected=*/7).status(), absl::StatusCode::kAborted,
              "expected_revision");
  ExpectError(SetStatus("werk-1", monitor::v1::AFGEROND, {}, std::string(2001, 'x')).status(),
              absl::StatusCode::kInvalidArgument, "note: longer than 2000 characters");

  monitor::v1::UpdateMeasureRequest update;
  update.set_note("correctie");
  update.mutable_measure()->set_id("werk-1");
  update.mutable_update_mask()->add_paths("title.nl");
  update.mutable_measure()->mutable_title()->set_nl("");
  ExpectError(client_->Call(&Stub::UpdateMeasure, update).status(), absl::StatusCode::kInvalidArgument,
              "measure.title.nl: must not be empty");
  update.mutable_measure()->mutable_title()->set_nl(std::string(301, 'x'));
  ExpectError(client_->Call(&Stub::UpdateMeasure, update).status(), absl::StatusCode::kInvalidArgument,
              "measure.title.nl: longer than 300 characters");
  update.mutable_measure()->mutable_title()->set_nl("Geldige titel");
  update.set_expected_revision(99);
  ExpectError(client_->Call(&Stub::UpdateMeasure, update).status(), absl::StatusCode::kAborted, "expected_revision");

  monitor::v1::CreateSnapshotRequest snapshot;
  ExpectError(client_->Call(&Stub::CreateSnapshot, snapshot).status(), absl::StatusCode::kInvalidArgument,
              "label: must not be empty");

  EXPECT_EQ(Revision(), revision);
  EXPECT_EQ(Get("werk-1")->title().nl(), "Toelatingsstelsel");
  EXPECT_EQ(Get("werk-1")->status(), monitor::v1::IN_UITVOERING);
}

TEST_F(MonitorServiceTest, InvalidUtf8IsRefusedAndChangesNothing) {
  const int64_t revision = Revision();
  monitor::v1::UpdateMeasureRequest update;
  update.set_note("correctie");
  update.mutable_measure()->set_id("werk-1");
  update.mutable_update_mask()->add_paths("title.nl");
  update.mutable_measure()->mutable_title()->set_nl("Titel \xC3\x28");
  ExpectError(client_->Call(&Stub::UpdateMeasure, update).status(), absl::StatusCode::kInvalidArgument,
              "measure.title.nl: not valid UTF-8");
  EXPECT_EQ(Revision(), revision);
}

TEST_F(MonitorServiceTest, UpdateMeasureKeepsFieldsOutsideTheMask) {
  monitor::v1::UpdateMeasureRequest update;
  update.set_note("correctie");
  update.mutable_measure()->set_id("werk-1");
  update.mutable_measure()->set_status(monitor::v1::AFGEROND);  // not in the mask: ignored
  auto* block = update.mutable_measure()->mutable_body()->mutable_nl()->add_blocks();
  block->set_kind(monitor::v1::Block::PARAGRAPH);
  block->set_text("Nieuwe tekst.");
  update.mutable_update_mask()->add_paths("body.nl");
  update.set_expected_revision(1);
  auto updated = client_->Call(&Stub::UpdateMeasure, update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->body().nl().blocks_size(), 1);
  EXPECT_EQ(updated->status(), monitor::v1::IN_UITVOERING);
  EXPECT_EQ(updated->title().nl(), "Toelatingsstelsel");
  EXPECT_EQ(updated->updated_by(), "anna");
}

TEST_F(MonitorServiceTest, OfTwoWritersWithTheSameRevisionExactlyOneWins) {
  const int64_t read_revision = Get("werk-2")->revision();
  std::unique_ptr<MonitorClient> other = service_.Client(testing::TestMonitorServer::kAdminToken);
  absl::Status first, second;
  std::thread a([&] { first = SetStatus("werk-2", monitor::v1::DOORLOPEND, read_revision).status(); });
  std::thread b([&] {
    monitor::v1::SetMeasureStatusRequest request;
    request.set_id("werk-2");
    request.set_status(monitor::v1::ANDERS_UITGEVOERD);
    request.set_expected_revision(read_revision);
    request.set_note("correctie");
    second = other->Call(&Stub::SetMeasureStatus, request).status();
  });
  a.join();
  b.join();
  EXPECT_NE(first.ok(), second.ok()) << first << " / " << second;
  const absl::Status& loser = first.ok() ? second : first;
  EXPECT_EQ(loser.code(), absl::StatusCode::kAborted);
  const monitor::v1::Status winner = first.ok() ? monitor::v1::DOORLOPEND : monitor::v1::ANDERS_UITGEVOERD;
  EXPECT_EQ(Get("werk-2")->status(), winner);
  EXPECT_EQ(client_->ListAllStatusChanges("werk-2")->size(), 1u);
}

TEST_F(MonitorServiceTest, HistorySinceARevision) {
  ASSERT_TRUE(SetStatus("werk-1", monitor::v1::AFGEROND).ok());
  ASSERT_TRUE(SetStatus("werk-2", monitor::v1::DOORLOPEND).ok());
  monitor::v1::ListStatusChangesRequest request;
  request.set_since_revision(3);
  auto changes = client_->Call(&Stub::ListStatusChanges, request);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->changes_size(), 1);
  EXPECT_EQ(changes->changes(0).measure_id(), "werk-2");
  request.Clear();
  request.set_page_size(1);
  changes = client_->Call(&Stub::ListStatusChanges, request);
  ASSERT_EQ(changes->changes_size(), 1);
  EXPECT_FALSE(changes->next_page_token().empty());
  request.set_measure_id("niet-bestaand");
  ExpectError(client_->Call(&Stub::ListStatusChanges, request).status(), absl::StatusCode::kNotFound, "measure_id");
}

TEST_F(MonitorServiceTest, SnapshotsAndTheirDashboards) {
  ASSERT_TRUE(SetStatus("werk-1", monitor::v1::ERNSTIGE_OBSTAKELS).ok());
  monitor::v1::CreateSnapshotRequest create;
  create.set_label("Voortgangsrapportage juni 2026");
  auto info = client_->Call(&Stub::CreateSnapshot, create);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->id(), 2);
  EXPECT_EQ(info->created_by(), "anna");

  auto latest = client_->Call(&Stub::GetSnapshot, {});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->info().label(), "Voortgangsrapportage juni 2026");
  EXPECT_EQ(CountOf(latest->dashboard().total(), monitor::v1::ERNSTIGE_OBSTAKELS), 1);

  monitor::v1::GetDashboardRequest first;
  first.set_snapshot_id(1);
  EXPECT_EQ(CountOf(client_->Call(&Stub::GetDashboard, first)->total(), monitor::v1::ERNSTIGE_OBSTAKELS), 0);
  first.set_snapshot_id(12);
  ExpectError(client_->Call(&Stub::GetDashboard, first).status(), absl::StatusCode::kNotFound, "no snapshot 12");
  monitor::v1::GetSnapshotRequest missing;
  missing.set_id(12);
  ExpectError(client_->Call(&Stub::GetSnapshot, missing).status(), absl::StatusCode::kNotFound, "no snapshot 12");

  monitor::v1::ListSnapshotsRequest list;
  list.set_page_size(1);
  auto page = client_->Call(&Stub::ListSnapshots, list);
  ASSERT_EQ(page->snapshots_size(), 1);
  EXPECT_EQ(page->snapshots(0).id(), 2);
  list.set_page_token(page->next_page_token());
  page = client_->Call(&Stub::ListSnapshots, list);
  ASSERT_EQ(page->snapshots_size(), 1);
  EXPECT_EQ(page->snapshots(0).id(), 1);
  EXPECT_TRUE(page->next_page_token().empty());
}

TEST_F(MonitorServiceTest, WatchChangesReplaysThenFollows) {
  std::vector<monitor::v1::ChangeEvent> events;
  absl::Notification caught_up;
  std::thread watcher([&] {
    absl::Status s = client_->WatchChanges(0, [&](const monitor::v1::ChangeEvent& event) {
      events.push_back(event);
      if (events.size() == 2) caught_up.Notify();
      return events.size() < 3;
    });
    EXPECT_TRUE(s.ok()) << s;
  });
  ASSERT_TRUE(caught_up.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(SetStatus("werk-2", monitor::v1::DOORLOPEND).ok());
  watcher.join();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_TRUE(events[0].has_data_imported());
  EXPECT_EQ(events[1].snapshot_created().id(), 1);
  EXPECT_EQ(events[2].status_changed().measure_id(), "werk-2");
  EXPECT_EQ(events[2].actor(), "anna");

  ExpectError(client_->WatchChanges(99, [](const auto&) { return true; }), absl::StatusCode::kOutOfRange,
              "since_revision: 99 is beyond the current revision 3");
}

TEST_F(MonitorServiceTest, ShutdownEndsOpenWatchStreams) {
  absl::Notification opened;
  std::atomic<bool> ended = false;
  absl::Status watch_result;
  std::thread watcher([&] {
    // From revision 1 the stream's first event is the snapshot (revision 2): it shows the stream is open.
    watch_result = client_->WatchChanges(1, [&](const auto&) {
      if (!opened.HasBeenNotified()) opened.Notify();
      return true;
    });
    ended = true;
  });
  ASSERT_TRUE(testing::WaitUntil([&] { return opened.HasBeenNotified() || ended; }));
  const bool open_at_shutdown = opened.HasBeenNotified() && !ended;
  service_.server().Shutdown(absl::Milliseconds(100));
  watcher.join();
  ASSERT_TRUE(open_at_shutdown) << "the stream was not open when the server shut down: " << watch_result;
  // Past the grace period gRPC cancels the calls still running, with UNAVAILABLE.
  EXPECT_EQ(watch_result.code(), absl::StatusCode::kUnavailable) << watch_result;
}

// A store whose journal reads (ListChanges) can be held up, to show who waits for them.
class JournalGatedStore : public ForwardingMeasureStore {
 public:
  using ForwardingMeasureStore::ForwardingMeasureStore;
  void Hold() {
    absl::MutexLock lock(&mu_);
    held_ = true;
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    held_ = false;
  }

  absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> ListChanges(int64_t after, int limit) override {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](bool* held) { return !*held; }, &held_));
    }
    ++reads_;
    return ForwardingMeasureStore::ListChanges(after, limit);
  }
  int reads() const { return reads_; }

 private:
  absl::Mutex mu_;
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int> reads_ = 0;
};

// A monitor service over a JournalGatedStore holding the small test data set.
class WatchStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sqlite = SqliteMeasureStore::Open(dir_.File("monitor.db"));
    ASSERT_TRUE(sqlite.ok()) << sqlite.status();
    auto store = std::make_unique<JournalGatedStore>(std::move(*sqlite));
    store_ = store.get();
    // A short memory, so that watchers also catch up from the store.
    auto monitor = Monitor::Open(std::move(store), &absl::Now, /*recent_events=*/8);
    ASSERT_TRUE(monitor.ok()) << monitor.status();
    monitor_ = std::move(*monitor);
    ASSERT_TRUE(monitor_->Import(testing::SmallDataSet(), "Testbijlage 2025", "import").ok());
    auto server = MonitorServer::Start(*monitor_, "127.0.0.1:0", testing::TestMonitorServer::Security());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  std::unique_ptr<MonitorClient> Client(const std::string& token) {
    return *MonitorClient::Connect(server_->address(), {.token = token});
  }
  // Sets werk-1 or werk-2 to the status it does not have: every call is a write.
  static absl::Status Toggle(MonitorClient& client, const std::string& id, int i) {
    monitor::v1::SetMeasureStatusRequest request;
    request.set_id(id);
    request.set_status(i % 2 == 0 ? monitor::v1::ERNSTIGE_OBSTAKELS : monitor::v1::DOORLOPEND);
    request.set_note("correctie");
    return client.Call(&Stub::SetMeasureStatus, request).status();
  }

  testing::TempDir dir_;
  JournalGatedStore* store_ = nullptr;  // owned by monitor_
  std::unique_ptr<Monitor> monitor_;
  std::unique_ptr<MonitorServer> server_;  // destroyed before monitor_
};

TEST_F(WatchStreamTest, AWriteReachesAWatcherWithoutTheWriterReadingTheStore) {
  const int64_t start = monitor_->revision();
  std::atomic<int64_t> seen = 0;
  std::thread watcher([&, client = Client(testing::TestMonitorServer::kReaderToken)] {
    absl::Status s = client->WatchChanges(0, [&](const monitor::v1::ChangeEvent& event) {
      seen = event.revision();
      return event.revision() <= start;
    });
    EXPECT_TRUE(s.ok()) << s;
  });
  ASSERT_TRUE(testing::WaitUntil([&] { return seen == start; })) << "the watcher never caught up";

  // The journal cannot be read now: a write must neither wait for that nor need it to reach the
  // watcher, which is caught up and is served from memory.
  store_->Hold();
  std::atomic<bool> written = false;
  std::thread writer([&, client = Client(testing::TestMonitorServer::kAdminToken)] {
    EXPECT_TRUE(Toggle(*client, "werk-1", 0).ok());
    written = true;
  });
  const bool completed = testing::WaitUntil([&] { return written.load(); }, absl::Seconds(5));
  const bool delivered = testing::WaitUntil([&] { return seen == start + 1; }, absl::Seconds(5));
  store_->Release();
  writer.join();
  watcher.join();
  EXPECT_TRUE(completed) << "the write waited for a read of the journal";
  EXPECT_TRUE(delivered) << "the write reached the watcher only through the store";
}

TEST_F(WatchStreamTest, SeveralWatchersSeeEveryWriteOnceAndInOrder) {
  const int64_t start = monitor_->revision();
  constexpr int kWritesPerWriter = 60;
  const int64_t last = start + 2 * kWritesPerWriter;
  struct Watcher {
    int64_t since = 0;
    bool slow = false;
    std::vector<int64_t> revisions;
    std::atomic<bool> done = false;
    absl::Status ended;
    std::thread thread;
  };
  std::vector<std::unique_ptr<Watcher>> watchers;
  auto watch = [&](int64_t since, bool slow) {
    auto& w = *watchers.emplace_back(std::make_unique<Watcher>());
    w.since = since;
    w.slow = slow;
    w.thread = std::thread([&w, client = Client(testing::TestMonitorServer::kReaderToken), last] {
      w.ended = client->WatchChanges(w.since, [&](const monitor::v1::ChangeEvent& event) {
        // A client that takes its time; what it must see does not depend on how slow it is.
        if (w.slow) absl::SleepFor(absl::Milliseconds(2));
        w.revisions.push_back(event.revision());
        return event.revision() < last;
      });
      w.done = true;
    });
  };
  watch(0, /*slow=*/false);
  watch(start, /*slow=*/false);
  watch(start, /*slow=*/true);
  std::vector<std::thread> writers;
  for (const std::string id : {"werk-1", "werk-2"}) {
    writers.emplace_back([&, id, client = Client(testing::TestMonitorServer::kAdminToken)] {
      for (int i = 0; i < kWritesPerWriter; ++i) ASSERT_TRUE(Toggle(*client, id, i).ok());
    });
  }
  // One more from the beginning, once memory no longer reaches back there: it starts from the
  // store and goes on from memory while the writes continue.
  ASSERT_TRUE(testing::WaitUntil([&] { return monitor_->revision() >= start + kWritesPerWriter; }));
  watch(0, /*slow=*/false);
  for (auto& writer : writers) writer.join();
  ASSERT_EQ(monitor_->revision(), last);
  const bool all_done = testing::WaitUntil(
      [&] { return std::all_of(watchers.begin(), watchers.end(), [](const auto& w) { return w->done.load(); }); });
  if (!all_done) server_->Shutdown(absl::ZeroDuration());  // ends the streams, so the threads can be joined
  for (auto& w : watchers) w->thread.join();
  ASSERT_TRUE(all_done) << "a watcher stopped hearing of writes";
  for (const auto& w : watchers) {
    EXPECT_TRUE(w->ended.ok()) << w->ended;
    std::vector<int64_t> expected;
    for (int64_t r = w->since + 1; r <= last; ++r) expected.push_back(r);
    EXPECT_EQ(w->revisions, expected) << "since " << w->since;
  }
  EXPECT_GT(store_->reads(), 0) << "no watcher caught up from the store";
}

TEST_F(MonitorServiceTest, HealthAndReflectionAreServed) {
  EXPECT_TRUE(*client_->IsServing(""));
  EXPECT_TRUE(*client_->IsServing("monitor.v1.MonitorService"));

  // Reflection v1alpha, asked by hand: ServerReflectionRequest{list_services: ""} is field 7, empty.
  auto channel = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  // The generic stub streams through a completion queue.
  grpc::CompletionQueue cq;
  grpc::ClientContext async_context;
  auto stream = stub.PrepareCall(&async_context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag;
  bool ok;
  stream->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  const char request_bytes[] = {0x3a, 0x00};
  grpc::Slice slice(request_bytes, sizeof request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  stream->Write(request, reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::ByteBuffer response;
  stream->Read(&response, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_THAT(bytes, HasSubstr("monitor.v1.MonitorService"));
  EXPECT_THAT(bytes, HasSubstr("grpc.health.v1.Health"));
  async_context.TryCancel();
  grpc::Status finish;
  stream->Finish(&finish, reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

}  // namespace
}  // namespace werkmonitor

namespace werkmonitor {
namespace {

TEST(RequestDecodingTest, NamesTheFieldThatIsNotUtf8EvenInsideMaps) {
  monitor::v1::UpdateMeasureRequest request;
  request.mutable_measure()->set_id("werk-1");
  (*request.mutable_measure()->mutable_title()->mutable_translations())["pl"].set_text("z\xC5");
  // Serializing logs an error but keeps the bytes, as a careless client would send them.
  const std::string bytes = request.SerializeAsString();
  EXPECT_EQ(FindInvalidUtf8(*request.GetDescriptor(), bytes), "measure.title.translations[pl].text");

  monitor::v1::UpdateMeasureRequest fine;
  fine.mutable_measure()->mutable_body()->mutable_nl()->add_blocks()->add_items("één");
  EXPECT_EQ(FindInvalidUtf8(*fine.GetDescriptor(), fine.SerializeAsString()), "");

  monitor::v1::UpdateMeasureRequest item;
  auto* blocks = item.mutable_measure()->mutable_body()->mutable_nl();
  blocks->add_blocks()->set_text("ok");
  blocks->add_blocks()->add_items("\xFF");
  EXPECT_EQ(FindInvalidUtf8(*item.GetDescriptor(), item.SerializeAsString()), "measure.body.nl.blocks[1].items[0]");
}

}  // namespace
}  // namespace werkmonitor
