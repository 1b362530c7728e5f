#include "monitor_service/store/sqlite_measure_store.h"

#include <iterator>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/proto_time.h"

namespace werkmonitor {
namespace {

using monitor::v1::DataSet;
using monitor::v1::LocalizedBody;
using monitor::v1::LocalizedText;
using monitor::v1::Measure;
using sqlite::Statement;

// Schema migrations; entry i takes the schema from version i to i + 1. Never edit a released entry:
// append a new one.
constexpr const char* kMigrations[] = {
    R"sql(
    -- The journal of every write; its key is the global revision.
    CREATE TABLE revisions (
      revision INTEGER PRIMARY KEY,
      at_us INTEGER NOT NULL,
      actor TEXT NOT NULL,
      event BLOB NOT NULL  -- serialized monitor.v1.ChangeEvent
    );
    -- The source document and the figures it printed (kept to compare, never used as data).
    CREATE TABLE document (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      source BLOB NOT NULL,    -- serialized monitor.v1.SourceDocument
      published BLOB NOT NULL  -- serialized monitor.v1.PublishedFigures
    );
    CREATE TABLE themes (
      id TEXT PRIMARY KEY,
      position INTEGER NOT NULL UNIQUE
    );
    CREATE TABLE measures (
      id TEXT PRIMARY KEY,
      theme_id TEXT NOT NULL REFERENCES themes(id),
      parent_id TEXT REFERENCES measures(id),
      position INTEGER NOT NULL UNIQUE,
      number TEXT NOT NULL,
      status INTEGER NOT NULL,
      revision INTEGER NOT NULL REFERENCES revisions(revision),
      updated_at_us INTEGER NOT NULL,
      updated_by TEXT NOT NULL
    );
    -- Every text in every locale ('nl' is the source). subject: 'theme/<id>', 'measure/<id>' or
    -- 'milestone/<measure id>/<milestone id>'. Short texts use `text`, structured ones `body`.
    CREATE TABLE localized_texts (
      subject TEXT NOT NULL,
      field TEXT NOT NULL,
      locale TEXT NOT NULL,
      text TEXT,
      body BLOB,  -- serialized monitor.v1.Body
      source_fingerprint TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (subject, field, locale),
      CHECK ((text IS NULL) <> (body IS NULL))
    );
    CREATE TABLE milestones (
      measure_id TEXT NOT NULL REFERENCES measures(id),
      id TEXT NOT NULL,
      position INTEGER NOT NULL,
      precision INTEGER NOT NULL,
      year INTEGER NOT NULL,
      month INTEGER NOT NULL,
      day INTEGER NOT NULL,
      period INTEGER NOT NULL,
      as_written TEXT NOT NULL,
      PRIMARY KEY (measure_id, id)
    );
    CREATE TABLE status_history (
      revision INTEGER PRIMARY KEY REFERENCES revisions(revision),
      measure_id TEXT NOT NULL REFERENCES measures(id),
      from_status INTEGER NOT NULL,
      to_status INTEGER NOT NULL,
      changed_at_us INTEGER NOT NULL,
      changed_by TEXT NOT NULL,
      note TEXT NOT NULL
    );
    CREATE INDEX status_history_by_measure ON status_history (measure_id, revision);
    CREATE TABLE snapshots (
      id INTEGER PRIMARY KEY,
      label TEXT NOT NULL,
      created_at_us INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      revision INTEGER NOT NULL,
      content BLOB NOT NULL  -- serialized monitor.v1.Snapshot
    );
    -- History, journal and snapshots are append-only: the database itself refuses edits.
    CREATE TRIGGER revisions_append_only_u BEFORE UPDATE ON revisions BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
    CREATE TRIGGER revisions_append_only_d BEFORE DELETE ON revisions BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
    CREATE TRIGGER status_history_append_only_u BEFORE UPDATE ON status_history BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
    CREATE TRIGGER status_history_append_only_d BEFORE DELETE ON status_history BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
    CREATE TRIGGER snapshots_immutable_u BEFORE UPDATE ON snapshots BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
    CREATE TRIGGER snapshots_immutable_d BEFORE DELETE ON snapshots BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
    )sql",
};

absl::Status Corrupt(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("database content cannot be decoded: ", what));
}

template <typename Message>
absl::Status ParseColumn(const Statement& row, int column, absl::string_view what, Message& message) {
  if (!message.ParseFromString(row.Blob(column))) return Corrupt(what);
  return absl::OkStatus();
}

std::string ThemeSubject(absl::string_view id) { return absl::StrCat("theme/", id); }
std::string MeasureSubject(absl::string_view id) { return absl::StrCat("measure/", id); }
std::string MilestoneSubject(absl::string_view measure_id, absl::string_view id) {
  return absl::StrCat("milestone/", measure_id, "/", id);
}

// The texts of one subject, by field, as read back from localized_texts.
struct SubjectTexts {
  absl::flat_hash_map<std::string, LocalizedText> texts;
  absl::flat_hash_map<std::string, LocalizedBody> bodies;
};

absl::Status ReadTextRow(const Statement& row, SubjectTexts& into) {
  const std::string field = row.Text(1), locale = row.Text(2), fingerprint = row.Text(5);
  if (row.IsNull(4)) {
    LocalizedText& text = into.texts[field];
    if (locale == "nl") {
      text.set_nl(row.Text(3));
    } else {
      auto& translation = (*text.mutable_translations())[locale];
      translation.set_text(row.Text(3));
      translation.set_source_fingerprint(fingerprint);
    }
    return absl::OkStatus();
  }
  LocalizedBody& body = into.bodies[field];
  monitor::v1::Body* target = &*body.mutable_nl();
  if (locale != "nl") {
    auto& translation = (*body.mutable_translations())[locale];
    translation.set_source_fingerprint(fingerprint);
    target = translation.mutable_body();
  }
  return ParseColumn(row, 4, "localized_texts.body", *target);
}

// Copies `field` of `texts` into `owner` through its mutable accessor when it was stored; absent
// texts stay absent (calling the accessor would make them present).
template <typename Map, typename Owner, typename Message>
void CopyIfStored(const Map& texts, absl::string_view field, Owner* owner, Message* (Owner::*mutable_field)()) {
  if (auto found = texts.find(field); found != texts.end()) *(owner->*mutable_field)() = found->second;
}

absl::Status ReadTexts(sqlite::Connection& db, absl::flat_hash_map<std::string, SubjectTexts>& texts) {
  absl::StatusOr<Statement> rows =
      db.Prepare("SELECT subject, field, locale, text, body, source_fingerprint FROM localized_texts");
  if (!rows.ok()) return rows.status();
  return sqlite::ForEachRow(*rows, [&] { return ReadTextRow(*rows, texts[rows->Text(0)]); });
}

absl::Status ReadThemes(sqlite::Connection& db, absl::flat_hash_map<std::string, SubjectTexts>& texts, DataSet& data) {
  absl::StatusOr<Statement> rows = db.Prepare("SELECT id FROM themes ORDER BY position");
  if (!rows.ok()) return rows.status();
  return sqlite::ForEachRow(*rows, [&] {
    monitor::v1::Theme* theme = data.add_themes();
    theme->set_id(rows->Text(0));
    const SubjectTexts& own = texts[ThemeSubject(theme->id())];
    CopyIfStored(own.texts, "title", theme, &monitor::v1::Theme::mutable_title);
    CopyIfStored(own.bodies, "introduction", theme, &monitor::v1::Theme::mutable_introduction);
    return absl::OkStatus();
  });
}

// Measures in document order, with their texts and milestones.
absl::Status ReadMeasures(sqlite::Connection& db, absl::flat_hash_map<std::string, SubjectTexts>& texts,
                          DataSet& data) {
  absl::StatusOr<Statement> rows = db.Prepare(
      "SELECT id, theme_id, parent_id, number, status, revision, updated_at_us, updated_by FROM measures "
      "ORDER BY position");
  if (!rows.ok()) return rows.status();
  absl::flat_hash_map<std::string, Measure*> measures;
  absl::Status read = sqlite::ForEachRow(*rows, [&] {
    Measure* measure = data.add_measures();
    measure->set_id(rows->Text(0));
    measure->set_theme_id(rows->Text(1));
    measure->set_parent_id(rows->Text(2));
    measure->set_number(rows->Text(3));
    measure->set_status(static_cast<monitor::v1::Status>(rows->Int(4)));
    measure->set_revision(rows->Int(5));
    *measure->mutable_updated_at() = ToProtoTime(absl::FromUnixMicros(rows->Int(6)));
    measure->set_updated_by(rows->Text(7));
    const SubjectTexts& own = texts[MeasureSubject(measure->id())];
    CopyIfStored(own.texts, "title", measure, &Measure::mutable_title);
    CopyIfStored(own.texts, "summary", measure, &Measure::mutable_summary);
    CopyIfStored(own.bodies, "body", measure, &Measure::mutable_body);
    measures[measure->id()] = measure;
    return absl::OkStatus();
  });
  if (!read.ok()) return read;

  absl::StatusOr<Statement> milestones = db.Prepare(
      "SELECT measure_id, id, precision, year, month, day, period, as_written FROM milestones "
      "ORDER BY measure_id, position");
  if (!milestones.ok()) return milestones.status();
  return sqlite::ForEachRow(*milestones, [&] {
    auto owner = measures.find(milestones->Text(0));
    if (owner == measures.end()) return Corrupt("milestone of an unknown measure");
    monitor::v1::Milestone* milestone = owner->second->add_milestones();
    milestone->set_id(milestones->Text(1));
    monitor::v1::PartialDate* date = milestone->mutable_date();
    date->set_precision(static_cast<monitor::v1::PartialDate::Precision>(milestones->Int(2)));
    date->set_year(static_cast<int32_t>(milestones->Int(3)));
    date->set_month(static_cast<int32_t>(milestones->Int(4)));
    date->set_day(static_cast<int32_t>(milestones->Int(5)));
    date->set_period(static_cast<monitor::v1::PartialDate::Period>(milestones->Int(6)));
    milestone->set_as_written(milestones->Text(7));
    CopyIfStored(texts[MilestoneSubject(owner->first, milestone->id())].texts, "label", milestone,
                 &monitor::v1::Milestone::mutable_label);
    return absl::OkStatus();
  });
}

}  // namespace

absl::StatusOr<Statement*> SqliteMeasureStore::Cached(absl::string_view sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    absl::StatusOr<Statement> prepared = db_.Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    found = statements_.emplace(std::string(sql), std::move(*prepared)).first;
  }
  found->second.Reset();
  return &found->second;
}

int SqliteMeasureStore::SchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> SqliteMeasureStore::Open(const std::string& path) {
  absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
  if (!db.ok()) return db.status();
  // WAL + synchronous=FULL: a commit is on disk (WAL fsync'd) before Commit() returns.
  absl::StatusOr<std::string> mode = db->QueryText("PRAGMA journal_mode=WAL");
  if (!mode.ok()) return mode.status();
  if (*mode != "wal") return absl::FailedPreconditionError(absl::StrCat(path, ": cannot use WAL mode (", *mode, ")"));
  if (absl::Status s = db->Execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000");
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> version_text = db->QueryText("PRAGMA user_version");
  if (!version_text.ok()) return version_text.status();
  const int version = std::stoi(*version_text);
  if (version > SchemaVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": schema version ", version,
                                                      " is newer than this program supports (", SchemaVersion(),
                                                      "); use a newer werkmonitor"));
  }
  for (int v = version; v < SchemaVersion(); ++v) {
    absl::Status migrated = sqlite::InTransaction(*db, [&]() -> absl::Status {
      if (absl::Status s = db->Execute(kMigrations[v]); !s.ok()) return s;
      return db->Execute(absl::StrCat("PRAGMA user_version = ", v + 1));
    });
    if (!migrated.ok()) return migrated;
  }
  return std::unique_ptr<SqliteMeasureStore>(new SqliteMeasureStore(std::move(*db)));
}

absl::StatusOr<StoredState> SqliteMeasureStore::Load() {
  absl::MutexLock lock(&mu_);
  StoredState state;
  absl::StatusOr<std::string> revision = db_.QueryText("SELECT COALESCE(MAX(revision), 0) FROM revisions");
  if (!revision.ok()) return revision.status();
  state.revision = std::stoll(*revision);
  absl::StatusOr<std::string> snapshot = db_.QueryText("SELECT COALESCE(MAX(id), 0) FROM snapshots");
  if (!snapshot.ok()) return snapshot.status();
  state.last_snapshot_id = std::stoll(*snapshot);

  absl::StatusOr<Statement> document = db_.Prepare("SELECT source, published FROM document WHERE id = 1");
  if (!document.ok()) return document.status();
  absl::StatusOr<bool> has_document = document->Step();
  if (!has_document.ok()) return has_document.status();
  if (!*has_document) return state;  // empty store
  if (absl::Status s = ParseColumn(*document, 0, "document.source", *state.data.mutable_source()); !s.ok()) return s;
  if (absl::Status s = ParseColumn(*document, 1, "document.published", *state.data.mutable_published()); !s.ok()) {
    return s;
  }
  absl::flat_hash_map<std::string, SubjectTexts> texts;
  if (absl::Status s = ReadTexts(db_, texts); !s.ok()) return s;
  if (absl::Status s = ReadThemes(db_, texts, state.data); !s.ok()) return s;
  if (absl::Status s = ReadMeasures(db_, texts, state.data); !s.ok()) return s;
  return state;
}

absl::Status SqliteMeasureStore::Commit(const Write& write) {
  absl::MutexLock lock(&mu_);
  return sqlite::InTransaction(db_, [&] {
    mu_.AssertHeld();  // held above; clang's analysis does not follow the lambda into InTransaction
    return ApplyWrite(write);
  });
}

absl::Status SqliteMeasureStore::ApplyWrite(const Write& write) {
  if (write.events.empty()) return absl::InvalidArgumentError("a write needs at least one journal entry");
  absl::StatusOr<std::string> stored = db_.QueryText("SELECT COALESCE(MAX(revision), 0) FROM revisions");
  if (!stored.ok()) return stored.status();
  const int64_t stored_revision = std::stoll(*stored);

  absl::StatusOr<Statement*> insert_event_or =
      Cached("INSERT INTO revisions (revision, at_us, actor, event) VALUES (?, ?, ?, ?)");
  if (!insert_event_or.ok()) return insert_event_or.status();
  Statement* insert_event = *insert_event_or;
  for (size_t i = 0; i < write.events.size(); ++i) {
    const monitor::v1::ChangeEvent& event = write.events[i];
    const int64_t expected = stored_revision + 1 + static_cast<int64_t>(i);
    if (event.revision() != expected) {
      return absl::AbortedError(absl::StrCat("the database is at revision ", expected - 1, ", this write follows ",
                                             event.revision() - 1,
                                             ": another process has written to it; restart the server"));
    }
    insert_event->Reset();
    insert_event->Bind(1, event.revision())
        .Bind(2, absl::ToUnixMicros(FromProtoTime(event.at())))
        .Bind(3, event.actor())
        .BindBlob(4, event.SerializeAsString());
    if (absl::Status s = insert_event->Run(); !s.ok()) return s;
  }

  if (write.import.has_value()) {
    absl::StatusOr<std::string> themes = db_.QueryText("SELECT COUNT(*) FROM themes");
    if (!themes.ok()) return themes.status();
    if (*themes != "0") return absl::FailedPreconditionError("the database already holds data");
    if (absl::Status s = InsertDataSet(*write.import); !s.ok()) return s;
  }
  for (const Measure& measure : write.measures) {
    if (absl::Status s = ReplaceMeasure(measure); !s.ok()) return s;
  }

  absl::StatusOr<Statement*> insert_change_or = Cached(
      "INSERT INTO status_history (revision, measure_id, from_status, to_status, changed_at_us, changed_by, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!insert_change_or.ok()) return insert_change_or.status();
  Statement* insert_change = *insert_change_or;
  for (const monitor::v1::StatusChange& change : write.status_changes) {
    insert_change->Reset();
    insert_change->Bind(1, change.revision())
        .Bind(2, change.measure_id())
        .Bind(3, int64_t{change.from_status()})
        .Bind(4, int64_t{change.to_status()})
        .Bind(5, absl::ToUnixMicros(FromProtoTime(change.changed_at())))
        .Bind(6, change.changed_by())
        .Bind(7, change.note());
    if (absl::Status s = insert_change->Run(); !s.ok()) return s;
    if (absl::Status s = ApplyStatusChange(change); !s.ok()) return s;
  }

  absl::StatusOr<Statement*> insert_snapshot_or = Cached(
      "INSERT INTO snapshots (id, label, created_at_us, created_by, revision, content) VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert_snapshot_or.ok()) return insert_snapshot_or.status();
  Statement* insert_snapshot = *insert_snapshot_or;
  for (const monitor::v1::Snapshot& snapshot : write.snapshots) {
    const monitor::v1::SnapshotInfo& info = snapshot.info();
    insert_snapshot->Reset();
    insert_snapshot->Bind(1, info.id())
        .Bind(2, info.label())
        .Bind(3, absl::ToUnixMicros(FromProtoTime(info.created_at())))
        .Bind(4, info.created_by())
        .Bind(5, info.revision())
        .BindBlob(6, snapshot.SerializeAsString());
    if (absl::Status s = insert_snapshot->Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status SqliteMeasureStore::InsertDataSet(const DataSet& data) {
  absl::StatusOr<Statement*> document_or = Cached("INSERT INTO document (id, source, published) VALUES (1, ?, ?)");
  if (!document_or.ok()) return document_or.status();
  Statement* document = *document_or;
  document->BindBlob(1, data.source().SerializeAsString()).BindBlob(2, data.published().SerializeAsString());
  if (absl::Status s = document->Run(); !s.ok()) return s;

  absl::StatusOr<Statement*> theme_row_or = Cached("INSERT INTO themes (id, position) VALUES (?, ?)");
  if (!theme_row_or.ok()) return theme_row_or.status();
  Statement* theme_row = *theme_row_or;
  for (int i = 0; i < data.themes_size(); ++i) {
    const monitor::v1::Theme& theme = data.themes(i);
    theme_row->Reset();
    theme_row->Bind(1, theme.id()).Bind(2, int64_t{i});
    if (absl::Status s = theme_row->Run(); !s.ok()) return s;
    const std::string subject = ThemeSubject(theme.id());
    if (absl::Status s = InsertText(subject, "title", theme.title()); !s.ok()) return s;
    if (absl::Status s = InsertBody(subject, "introduction", theme.introduction()); !s.ok()) return s;
  }
  for (int i = 0; i < data.measures_size(); ++i) {
    if (absl::Status s = InsertMeasureRow(data.measures(i), i); !s.ok()) return s;
    if (absl::Status s = InsertMeasureTexts(data.measures(i)); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status SqliteMeasureStore::InsertMeasureRow(const Measure& m, int position) {
  absl::StatusOr<Statement*> row_or = Cached(
      "INSERT INTO measures (id, theme_id, parent_id, position, number, status, revision, updated_at_us, updated_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!row_or.ok()) return row_or.status();
  Statement* row = *row_or;
  row->Bind(1, m.id()).Bind(2, m.theme_id());
  if (m.parent_id().empty()) {
    row->BindNull(3);
  } else {
    row->Bind(3, m.parent_id());
  }
  row->Bind(4, int64_t{position})
      .Bind(5, m.number())
      .Bind(6, int64_t{m.status()})
      .Bind(7, m.revision())
      .Bind(8, absl::ToUnixMicros(FromProtoTime(m.updated_at())))
      .Bind(9, m.updated_by());
  return row->Run();
}

absl::Status SqliteMeasureStore::ApplyStatusChange(const monitor::v1::StatusChange& change) {
  absl::StatusOr<Statement*> update_or =
      Cached("UPDATE measures SET status = ?, revision = ?, updated_at_us = ?, updated_by = ? WHERE id = ?");
  if (!update_or.ok()) return update_or.status();
  Statement* update = *update_or;
  update->Bind(1, int64_t{change.to_status()})
      .Bind(2, change.revision())
      .Bind(3, absl::ToUnixMicros(FromProtoTime(change.changed_at())))
      .Bind(4, change.changed_by())
      .Bind(5, change.measure_id());
  if (absl::Status s = update->Run(); !s.ok()) return s;
  if (sqlite3_changes(db_.get()) != 1) {
    return absl::NotFoundError(absl::StrCat("no measure \"", change.measure_id(), "\" stored"));
  }
  return absl::OkStatus();
}

absl::Status SqliteMeasureStore::ReplaceMeasure(const Measure& m) {
  // Identity (theme, parent, number, position) never changes; content and status do.
  absl::StatusOr<Statement*> update_or =
      Cached("UPDATE measures SET status = ?, revision = ?, updated_at_us = ?, updated_by = ? WHERE id = ?");
  if (!update_or.ok()) return update_or.status();
  Statement* update = *update_or;
  update->Bind(1, int64_t{m.status()})
      .Bind(2, m.revision())
      .Bind(3, absl::ToUnixMicros(FromProtoTime(m.updated_at())))
      .Bind(4, m.updated_by())
      .Bind(5, m.id());
  if (absl::Status s = update->Run(); !s.ok()) return s;
  if (sqlite3_changes(db_.get()) != 1) return absl::NotFoundError(absl::StrCat("no measure \"", m.id(), "\" stored"));

  absl::StatusOr<Statement*> delete_texts_or =
      Cached("DELETE FROM localized_texts WHERE subject = ? OR subject GLOB ?");
  if (!delete_texts_or.ok()) return delete_texts_or.status();
  Statement* delete_texts = *delete_texts_or;
  // Measure ids are slugs ([a-z0-9-]), so they hold no GLOB wildcards.
  delete_texts->Bind(1, MeasureSubject(m.id())).Bind(2, MilestoneSubject(m.id(), "*"));
  if (absl::Status s = delete_texts->Run(); !s.ok()) return s;
  absl::StatusOr<Statement*> delete_milestones_or = Cached("DELETE FROM milestones WHERE measure_id = ?");
  if (!delete_milestones_or.ok()) return delete_milestones_or.status();
  Statement* delete_milestones = *delete_milestones_or;
  delete_milestones->Bind(1, m.id());
  if (absl::Status s = delete_milestones->Run(); !s.ok()) return s;
  return InsertMeasureTexts(m);
}

absl::Status SqliteMeasureStore::InsertMeasureTexts(const Measure& m) {
  const std::string subject = MeasureSubject(m.id());
  if (absl::Status s = InsertText(subject, "title", m.title()); !s.ok()) return s;
  if (m.has_summary()) {
    if (absl::Status s = InsertText(subject, "summary", m.summary()); !s.ok()) return s;
  }
  if (m.has_body()) {
    if (absl::Status s = InsertBody(subject, "body", m.body()); !s.ok()) return s;
  }

  absl::StatusOr<Statement*> row_or = Cached(
      "INSERT INTO milestones (measure_id, id, position, precision, year, month, day, period, as_written) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!row_or.ok()) return row_or.status();
  Statement* row = *row_or;
  for (int i = 0; i < m.milestones_size(); ++i) {
    const monitor::v1::Milestone& milestone = m.milestones(i);
    const monitor::v1::PartialDate& date = milestone.date();
    row->Reset();
    row->Bind(1, m.id())
        .Bind(2, milestone.id())
        .Bind(3, int64_t{i})
        .Bind(4, int64_t{date.precision()})
        .Bind(5, int64_t{date.year()})
        .Bind(6, int64_t{date.month()})
        .Bind(7, int64_t{date.day()})
        .Bind(8, int64_t{date.period()})
        .Bind(9, milestone.as_written());
    if (absl::Status s = row->Run(); !s.ok()) return s;
    if (absl::Status s = InsertText(MilestoneSubject(m.id(), milestone.id()), "label", milestone.label()); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status SqliteMeasureStore::InsertText(absl::string_view subject, absl::string_view field,
                                            const LocalizedText& text) {
  if (absl::Status s = InsertTextRow(subject, field, "nl", text.nl(), {}, {}); !s.ok()) return s;
  for (const auto& [locale, translation] : text.translations()) {
    if (absl::Status s =
            InsertTextRow(subject, field, locale, translation.text(), {}, translation.source_fingerprint());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status SqliteMeasureStore::InsertBody(absl::string_view subject, absl::string_view field,
                                            const LocalizedBody& body) {
  if (absl::Status s = InsertTextRow(subject, field, "nl", {}, body.nl().SerializeAsString(), {}); !s.ok()) return s;
  for (const auto& [locale, translation] : body.translations()) {
    if (absl::Status s = InsertTextRow(subject, field, locale, {}, translation.body().SerializeAsString(),
                                       translation.source_fingerprint());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status SqliteMeasureStore::InsertTextRow(absl::string_view subject, absl::string_view field,
                                               absl::string_view locale, absl::string_view text, absl::string_view body,
                                               absl::string_view fingerprint) {
  absl::StatusOr<Statement*> row_or = Cached(
      "INSERT INTO localized_texts (subject, field, locale, text, body, source_fingerprint) VALUES (?, ?, ?, ?, ?, ?)");
  if (!row_or.ok()) return row_or.status();
  Statement* row = *row_or;
  row->Bind(1, subject).Bind(2, field).Bind(3, locale);
  // Exactly one of text and body is set; an empty body serializes to no bytes, so test the field kind.
  const bool structured = field == "body" || field == "introduction";
  if (structured) {
    row->BindNull(4).BindBlob(5, body);
  } else {
    row->Bind(4, text).BindNull(5);
  }
  row->Bind(6, fingerprint);
  return row->Run();
}

absl::StatusOr<std::vector<monitor::v1::StatusChange>> SqliteMeasureStore::ListStatusChanges(
    const StatusChangeQuery& query) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> rows_or = Cached(
      "SELECT revision, measure_id, from_status, to_status, changed_at_us, changed_by, note FROM status_history "
      "WHERE (?1 = '' OR measure_id = ?1) AND changed_at_us >= ?2 AND revision > ?3 ORDER BY revision LIMIT ?4");
  if (!rows_or.ok()) return rows_or.status();
  Statement* rows = *rows_or;
  const int64_t since_us = query.since_time == absl::InfinitePast() ? std::numeric_limits<int64_t>::min()
                                                                    : absl::ToUnixMicros(query.since_time);
  rows->Bind(1, query.measure_id).Bind(2, since_us).Bind(3, query.after_revision).Bind(4, int64_t{query.limit});
  std::vector<monitor::v1::StatusChange> changes;
  const absl::Status read = sqlite::ForEachRow(*rows, [&]() -> absl::Status {
    monitor::v1::StatusChange& change = changes.emplace_back();
    change.set_revision(rows->Int(0));
    change.set_measure_id(rows->Text(1));
    change.set_from_status(static_cast<monitor::v1::Status>(rows->Int(2)));
    change.set_to_status(static_cast<monitor::v1::Status>(rows->Int(3)));
    *change.mutable_changed_at() = ToProtoTime(absl::FromUnixMicros(rows->Int(4)));
    change.set_changed_by(rows->Text(5));
    change.set_note(rows->Text(6));
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return changes;
}

absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> SqliteMeasureStore::ListChanges(int64_t after_revision,
                                                                                      int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> rows_or =
      Cached("SELECT event FROM revisions WHERE revision > ? ORDER BY revision LIMIT ?");
  if (!rows_or.ok()) return rows_or.status();
  Statement* rows = *rows_or;
  rows->Bind(1, after_revision).Bind(2, int64_t{limit});
  std::vector<monitor::v1::ChangeEvent> events;
  const absl::Status read =
      sqlite::ForEachRow(*rows, [&] { return ParseColumn(*rows, 0, "revisions.event", events.emplace_back()); });
  if (!read.ok()) return read;
  return events;
}

absl::StatusOr<std::string> SqliteMeasureStore::GetSnapshotBytes(int64_t id) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> row_or = Cached("SELECT content FROM snapshots WHERE id = ?");
  if (!row_or.ok()) return row_or.status();
  Statement* row = *row_or;
  row->Bind(1, id);
  absl::StatusOr<bool> found = row->Step();
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(absl::StrCat("no snapshot ", id));
  std::string bytes = row->Blob(0);
  row->Reset();  // a statement left on a row would keep its read transaction open
  return bytes;
}

absl::StatusOr<monitor::v1::Snapshot> SqliteMeasureStore::GetSnapshot(int64_t id) {
  absl::StatusOr<std::string> bytes = GetSnapshotBytes(id);
  if (!bytes.ok()) return bytes.status();
  monitor::v1::Snapshot snapshot;
  if (!snapshot.ParseFromString(*bytes)) return Corrupt("snapshots.content");
  return snapshot;
}

absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> SqliteMeasureStore::ListSnapshots(int64_t before_id, int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> rows_or = Cached(
      "SELECT id, label, created_at_us, created_by, revision FROM snapshots WHERE (?1 = 0 OR id < ?1) "
      "ORDER BY id DESC LIMIT ?2");
  if (!rows_or.ok()) return rows_or.status();
  Statement* rows = *rows_or;
  rows->Bind(1, before_id).Bind(2, int64_t{limit});
  std::vector<monitor::v1::SnapshotInfo> infos;
  const absl::Status read = sqlite::ForEachRow(*rows, [&]() -> absl::Status {
    monitor::v1::SnapshotInfo& info = infos.emplace_back();
    info.set_id(rows->Int(0));
    info.set_label(rows->Text(1));
    *info.mutable_created_at() = ToProtoTime(absl::FromUnixMicros(rows->Int(2)));
    info.set_created_by(rows->Text(3));
    info.set_revision(rows->Int(4));
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return infos;
}

}  // namespace werkmonitor
