#include "monitor_service/store/internal/schema.h"

#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace werkmonitor::store_internal {
namespace {

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
    R"sql(
    -- Each snapshot carries the SHA-256 of its content (hex), checked on every read, so that a
    -- changed byte is reported as damage instead of being served as the published record. The
    -- immutability trigger is lifted only while the existing rows get theirs.
    ALTER TABLE snapshots ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
    DROP TRIGGER snapshots_immutable_u;
    UPDATE snapshots SET content_sha256 = werkmonitor_sha256(content);
    CREATE TRIGGER snapshots_immutable_u BEFORE UPDATE ON snapshots BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
    )sql",
    R"sql(
    -- Reporting rounds (issue 12). New columns default to what an older release meant: no owner,
    -- nothing reported, not reached, no round. A monitor.v1.PartialDate is kept as its serialized
    -- message (NULL: absent): its five fields are only ever read and written together.
    --
    -- The departments that lead measures, in document order; their names are localized_texts of
    -- subject 'department/<code>'.
    CREATE TABLE departments (
      code TEXT PRIMARY KEY,
      position INTEGER NOT NULL UNIQUE
    );
    ALTER TABLE themes ADD COLUMN default_owner TEXT NOT NULL DEFAULT '';  -- a department code
    -- The measure's Ownership: owner_department NULL when it has none.
    ALTER TABLE measures ADD COLUMN owner_department TEXT;
    ALTER TABLE measures ADD COLUMN owner_quote TEXT NOT NULL DEFAULT '';
    ALTER TABLE measures ADD COLUMN progress_note TEXT NOT NULL DEFAULT '';
    ALTER TABLE measures ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE measures ADD COLUMN completed_on BLOB;  -- PartialDate
    ALTER TABLE milestones ADD COLUMN reached INTEGER NOT NULL DEFAULT 0 CHECK (reached IN (0, 1));
    ALTER TABLE milestones ADD COLUMN move_reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE status_history ADD COLUMN round_id INTEGER NOT NULL DEFAULT 0;  -- 0: a direct correction
    -- What ListSnapshots returns besides the first columns; the content holds them too.
    ALTER TABLE snapshots ADD COLUMN as_of BLOB;  -- PartialDate
    ALTER TABLE snapshots ADD COLUMN round_id INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE rounds (
      id INTEGER PRIMARY KEY,
      label TEXT NOT NULL,
      as_of BLOB,     -- PartialDate
      deadline BLOB,  -- PartialDate
      state INTEGER NOT NULL,  -- monitor.v1.Round.State
      opened_at_us INTEGER NOT NULL,
      opened_by TEXT NOT NULL,
      published_at_us INTEGER,  -- NULL until published
      published_by TEXT NOT NULL,
      snapshot_id INTEGER NOT NULL,
      base_snapshot_id INTEGER NOT NULL,
      revision INTEGER NOT NULL REFERENCES revisions(revision)
    );
    -- A measure's update in a round. The proposed measure is kept whole, serialized: it is a draft
    -- of texts, milestones and reported fields that is only ever read and replaced as one, and
    -- spreading it over localized_texts and milestones would mix drafts with the current measure.
    -- What is listed, filtered or checked (state, owner, revision) has its own column.
    CREATE TABLE measure_updates (
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      measure_id TEXT NOT NULL REFERENCES measures(id),
      state INTEGER NOT NULL,  -- monitor.v1.MeasureUpdate.State
      proposed BLOB,  -- serialized monitor.v1.Measure (NULL: absent, as for dates)
      edited BLOB,    -- serialized google.protobuf.FieldMask
      unchanged INTEGER NOT NULL CHECK (unchanged IN (0, 1)),
      return_comment TEXT NOT NULL,
      revision INTEGER NOT NULL REFERENCES revisions(revision),
      updated_at_us INTEGER NOT NULL,
      updated_by TEXT NOT NULL,
      owner TEXT NOT NULL,
      PRIMARY KEY (round_id, measure_id)
    );
    -- A round and its updates are the record of what departments reported: never removed, and a
    -- published round never changes. Its updates may still be written by the write that publishes
    -- it (a write applies rounds before updates), recognised by the round's revision being the
    -- newest; any later write finds a newer revision and is refused (an edit of the file before
    -- the next write is not caught: the enum and checksum checks are the readers' defence).
    CREATE TRIGGER rounds_never_deleted BEFORE DELETE ON rounds BEGIN SELECT RAISE(ABORT, 'rounds are never deleted'); END;
    CREATE TRIGGER rounds_published_immutable BEFORE UPDATE ON rounds WHEN OLD.state = 2 BEGIN SELECT RAISE(ABORT, 'a published round is immutable'); END;
    CREATE TRIGGER measure_updates_never_deleted BEFORE DELETE ON measure_updates BEGIN SELECT RAISE(ABORT, 'measure updates are never deleted'); END;
    CREATE TRIGGER measure_updates_published_immutable_i BEFORE INSERT ON measure_updates
      WHEN (SELECT state = 2 AND revision < (SELECT MAX(revision) FROM revisions) FROM rounds WHERE id = NEW.round_id)
      BEGIN SELECT RAISE(ABORT, 'the updates of a published round are immutable'); END;
    CREATE TRIGGER measure_updates_published_immutable_u BEFORE UPDATE ON measure_updates
      WHEN (SELECT state = 2 AND revision < (SELECT MAX(revision) FROM revisions) FROM rounds WHERE id = OLD.round_id)
      BEGIN SELECT RAISE(ABORT, 'the updates of a published round are immutable'); END;
    )sql",
};

// werkmonitor_sha256(blob): the SQL function the checksum migration fills existing rows with.
void Sha256Function(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  const auto* bytes = static_cast<const char*>(sqlite3_value_blob(argv[0]));
  const std::string hex =
      Sha256Hex(absl::string_view(bytes == nullptr ? "" : bytes, static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
  sqlite3_result_text(context, hex.data(), static_cast<int>(hex.size()), SQLITE_TRANSIENT);
}

}  // namespace

int SchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

absl::Status Migrate(sqlite::Connection& db, absl::string_view path) {
  absl::StatusOr<int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version > SchemaVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": schema version ", *version,
                                                      " is newer than this program supports (", SchemaVersion(),
                                                      "); use a newer werkmonitor"));
  }
  if (*version < 0)
    return absl::DataLossError(
        absl::StrCat(path, ": schema version ", *version, " is not a schema version this program wrote"));
  if (*version == SchemaVersion()) return absl::OkStatus();
  if (const int rc = sqlite3_create_function_v2(db.get(), "werkmonitor_sha256", 1,
                                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                                &Sha256Function, nullptr, nullptr, nullptr);
      rc != SQLITE_OK) {
    return sqlite::ErrorStatus(rc, "werkmonitor_sha256", sqlite3_errstr(rc));
  }
  for (int v = static_cast<int>(*version); v < SchemaVersion(); ++v) {
    absl::Status migrated = sqlite::InTransaction(db, [&]() -> absl::Status {
      if (absl::Status s = db.Execute(kMigrations[v]); !s.ok()) return s;
      return db.Execute(absl::StrCat("PRAGMA user_version = ", v + 1));
    });
    if (!migrated.ok()) {
      return absl::Status(migrated.code(), absl::StrCat(path, ": migrating the schema from version ", v, " to ", v + 1,
                                                        ": ", migrated.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor::store_internal
