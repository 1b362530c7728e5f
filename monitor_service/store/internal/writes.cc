#include "monitor_service/store/internal/writes.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/locales.h"
#include "domain/proto_time.h"
#include "monitor_service/store/internal/rows.h"

namespace werkmonitor::store_internal {
namespace {

using monitor::v1::DataSet;
using monitor::v1::LocalizedBody;
using monitor::v1::LocalizedText;
using monitor::v1::Measure;
using sqlite::Statement;
using sqlite::StatementCache;

int64_t Micros(const google::protobuf::Timestamp& time) { return absl::ToUnixMicros(FromProtoTime(time)); }

absl::Status NoMeasure(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("no measure \"", id, "\" stored"));
}

// One row of localized_texts: `value` is the text, or the serialized monitor.v1.Body.
absl::Status InsertTextRow(StatementCache& statements, absl::string_view subject, absl::string_view field,
                           absl::string_view locale, TextKind kind, absl::string_view value,
                           absl::string_view fingerprint) {
  absl::StatusOr<Statement*> row = statements.Get(
      "INSERT INTO localized_texts (subject, field, locale, text, body, source_fingerprint) VALUES (?, ?, ?, ?, ?, ?)");
  if (!row.ok()) return row.status();
  (*row)->Bind(1, subject).Bind(2, field).Bind(3, locale).Bind(6, fingerprint);
  if (kind == TextKind::kText) {
    (*row)->Bind(4, value).BindNull(5);
  } else {
    (*row)->BindNull(4).BindBlob(5, value);
  }
  return (*row)->Run();
}

absl::Status InsertText(StatementCache& statements, absl::string_view subject, absl::string_view field,
                        const LocalizedText& text) {
  if (absl::Status s = InsertTextRow(statements, subject, field, kSourceLocale, TextKind::kText, text.nl(), {});
      !s.ok()) {
    return s;
  }
  for (const auto& [locale, translation] : text.translations()) {
    if (absl::Status s = InsertTextRow(statements, subject, field, locale, TextKind::kText, translation.text(),
                                       translation.source_fingerprint());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status InsertBody(StatementCache& statements, absl::string_view subject, absl::string_view field,
                        const LocalizedBody& body) {
  if (absl::Status s =
          InsertTextRow(statements, subject, field, kSourceLocale, TextKind::kBody, body.nl().SerializeAsString(), {});
      !s.ok()) {
    return s;
  }
  for (const auto& [locale, translation] : body.translations()) {
    if (absl::Status s = InsertTextRow(statements, subject, field, locale, TextKind::kBody,
                                       translation.body().SerializeAsString(), translation.source_fingerprint());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// The texts and milestones of a measure; only the texts it has, so that absent ones read back absent.
absl::Status InsertMeasureTexts(StatementCache& statements, const Measure& m) {
  const std::string subject = MeasureSubject(m.id());
  if (m.has_title()) {
    if (absl::Status s = InsertText(statements, subject, "title", m.title()); !s.ok()) return s;
  }
  if (m.has_summary()) {
    if (absl::Status s = InsertText(statements, subject, "summary", m.summary()); !s.ok()) return s;
  }
  if (m.has_body()) {
    if (absl::Status s = InsertBody(statements, subject, "body", m.body()); !s.ok()) return s;
  }
  absl::StatusOr<Statement*> row = statements.Get(
      "INSERT INTO milestones (measure_id, id, position, precision, year, month, day, period, as_written) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!row.ok()) return row.status();
  for (int i = 0; i < m.milestones_size(); ++i) {
    const monitor::v1::Milestone& milestone = m.milestones(i);
    const monitor::v1::PartialDate& date = milestone.date();
    (*row)->Reset();
    (*row)
        ->Bind(1, m.id())
        .Bind(2, milestone.id())
        .Bind(3, int64_t{i})
        .Bind(4, int64_t{date.precision()})
        .Bind(5, int64_t{date.year()})
        .Bind(6, int64_t{date.month()})
        .Bind(7, int64_t{date.day()})
        .Bind(8, int64_t{date.period()})
        .Bind(9, milestone.as_written());
    if (absl::Status s = (*row)->Run(); !s.ok()) return s;
    if (milestone.has_label()) {
      if (absl::Status s = InsertText(statements, MilestoneSubject(m.id(), milestone.id()), "label", milestone.label());
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status InsertMeasureRow(StatementCache& statements, const Measure& m, int position) {
  absl::StatusOr<Statement*> row = statements.Get(
      "INSERT INTO measures (id, theme_id, parent_id, position, number, status, revision, updated_at_us, updated_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!row.ok()) return row.status();
  (*row)->Bind(1, m.id()).Bind(2, m.theme_id());
  if (m.parent_id().empty()) {
    (*row)->BindNull(3);
  } else {
    (*row)->Bind(3, m.parent_id());
  }
  (*row)
      ->Bind(4, int64_t{position})
      .Bind(5, m.number())
      .Bind(6, int64_t{m.status()})
      .Bind(7, m.revision())
      .Bind(8, Micros(m.updated_at()))
      .Bind(9, m.updated_by());
  return (*row)->Run();
}

absl::Status InsertDataSet(StatementCache& statements, const DataSet& data) {
  absl::StatusOr<std::string> themes = statements.connection().QueryText("SELECT COUNT(*) FROM themes");
  if (!themes.ok()) return themes.status();
  if (*themes != "0") return absl::FailedPreconditionError("the database already holds data");

  absl::StatusOr<Statement*> document = statements.Get("INSERT INTO document (id, source, published) VALUES (1, ?, ?)");
  if (!document.ok()) return document.status();
  (*document)->BindBlob(1, data.source().SerializeAsString()).BindBlob(2, data.published().SerializeAsString());
  if (absl::Status s = (*document)->Run(); !s.ok()) return s;

  absl::StatusOr<Statement*> theme_row = statements.Get("INSERT INTO themes (id, position) VALUES (?, ?)");
  if (!theme_row.ok()) return theme_row.status();
  for (int i = 0; i < data.themes_size(); ++i) {
    const monitor::v1::Theme& theme = data.themes(i);
    (*theme_row)->Reset();
    (*theme_row)->Bind(1, theme.id()).Bind(2, int64_t{i});
    if (absl::Status s = (*theme_row)->Run(); !s.ok()) return s;
    const std::string subject = ThemeSubject(theme.id());
    if (theme.has_title()) {
      if (absl::Status s = InsertText(statements, subject, "title", theme.title()); !s.ok()) return s;
    }
    if (theme.has_introduction()) {
      if (absl::Status s = InsertBody(statements, subject, "introduction", theme.introduction()); !s.ok()) return s;
    }
  }
  for (int i = 0; i < data.measures_size(); ++i) {
    if (absl::Status s = InsertMeasureRow(statements, data.measures(i), i); !s.ok()) return s;
    if (absl::Status s = InsertMeasureTexts(statements, data.measures(i)); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Sets what a measure row holds besides its identity and texts; NOT_FOUND when there is no such row.
absl::Status UpdateMeasureRow(StatementCache& statements, absl::string_view id, monitor::v1::Status status,
                              int64_t revision, const google::protobuf::Timestamp& at, absl::string_view by) {
  absl::StatusOr<Statement*> update =
      statements.Get("UPDATE measures SET status = ?, revision = ?, updated_at_us = ?, updated_by = ? WHERE id = ?");
  if (!update.ok()) return update.status();
  (*update)->Bind(1, int64_t{status}).Bind(2, revision).Bind(3, Micros(at)).Bind(4, by).Bind(5, id);
  if (absl::Status s = (*update)->Run(); !s.ok()) return s;
  if (sqlite3_changes(statements.connection().get()) != 1) return NoMeasure(id);
  return absl::OkStatus();
}

// Identity (theme, parent, number, position) never changes; content and status do.
absl::Status ReplaceMeasure(StatementCache& statements, const Measure& m) {
  if (absl::Status s = UpdateMeasureRow(statements, m.id(), m.status(), m.revision(), m.updated_at(), m.updated_by());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Statement*> delete_texts =
      statements.Get("DELETE FROM localized_texts WHERE subject = ? OR subject GLOB ?");
  if (!delete_texts.ok()) return delete_texts.status();
  // Measure ids are slugs ([a-z0-9-]), so they hold no GLOB wildcards.
  (*delete_texts)->Bind(1, MeasureSubject(m.id())).Bind(2, MilestoneSubject(m.id(), "*"));
  if (absl::Status s = (*delete_texts)->Run(); !s.ok()) return s;
  absl::StatusOr<Statement*> delete_milestones = statements.Get("DELETE FROM milestones WHERE measure_id = ?");
  if (!delete_milestones.ok()) return delete_milestones.status();
  (*delete_milestones)->Bind(1, m.id());
  if (absl::Status s = (*delete_milestones)->Run(); !s.ok()) return s;
  return InsertMeasureTexts(statements, m);
}

// The contract: a status change is recorded in the history and applied to its measure.
absl::Status ApplyStatusChange(StatementCache& statements, const monitor::v1::StatusChange& change) {
  // The measure first: a change of an unknown measure is NOT_FOUND, not a foreign key violation.
  if (absl::Status s = UpdateMeasureRow(statements, change.measure_id(), change.to_status(), change.revision(),
                                        change.changed_at(), change.changed_by());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Statement*> insert = statements.Get(
      "INSERT INTO status_history (revision, measure_id, from_status, to_status, changed_at_us, changed_by, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  (*insert)
      ->Bind(1, change.revision())
      .Bind(2, change.measure_id())
      .Bind(3, int64_t{change.from_status()})
      .Bind(4, int64_t{change.to_status()})
      .Bind(5, Micros(change.changed_at()))
      .Bind(6, change.changed_by())
      .Bind(7, change.note());
  return (*insert)->Run();
}

absl::Status InsertSnapshot(StatementCache& statements, const monitor::v1::Snapshot& snapshot) {
  const monitor::v1::SnapshotInfo& info = snapshot.info();
  if (info.id() <= 0) return absl::InvalidArgumentError(absl::StrCat("snapshot id ", info.id(), " is not positive"));
  absl::StatusOr<Statement*> exists = statements.Get("SELECT 1 FROM snapshots WHERE id = ?");
  if (!exists.ok()) return exists.status();
  (*exists)->Bind(1, info.id());
  absl::StatusOr<bool> found = (*exists)->Step();
  (*exists)->Reset();
  if (!found.ok()) return found.status();
  if (*found) return absl::AlreadyExistsError(absl::StrCat("snapshot ", info.id(), " exists already"));

  absl::StatusOr<Statement*> insert = statements.Get(
      "INSERT INTO snapshots (id, label, created_at_us, created_by, revision, content, content_sha256) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  const std::string content = snapshot.SerializeAsString();
  (*insert)
      ->Bind(1, info.id())
      .Bind(2, info.label())
      .Bind(3, Micros(info.created_at()))
      .Bind(4, info.created_by())
      .Bind(5, info.revision())
      .BindBlob(6, content)
      .Bind(7, ContentChecksum(content));
  return (*insert)->Run();
}

}  // namespace

absl::Status ApplyWrite(StatementCache& statements, const Write& write) {
  if (write.events.empty()) return absl::InvalidArgumentError("a write needs at least one journal entry");
  absl::StatusOr<int64_t> stored_revision =
      statements.connection().QueryInt("SELECT COALESCE(MAX(revision), 0) FROM revisions");
  if (!stored_revision.ok()) return stored_revision.status();

  absl::StatusOr<Statement*> insert_event =
      statements.Get("INSERT INTO revisions (revision, at_us, actor, event) VALUES (?, ?, ?, ?)");
  if (!insert_event.ok()) return insert_event.status();
  for (size_t i = 0; i < write.events.size(); ++i) {
    const monitor::v1::ChangeEvent& event = write.events[i];
    const int64_t expected = *stored_revision + 1 + static_cast<int64_t>(i);
    if (event.revision() != expected) {
      return absl::AbortedError(absl::StrCat("the database is at revision ", expected - 1, ", this write follows ",
                                             event.revision() - 1,
                                             ": another process has written to it; restart the server"));
    }
    (*insert_event)->Reset();
    (*insert_event)
        ->Bind(1, event.revision())
        .Bind(2, Micros(event.at()))
        .Bind(3, event.actor())
        .BindBlob(4, event.SerializeAsString());
    if (absl::Status s = (*insert_event)->Run(); !s.ok()) return s;
  }
  if (write.import.has_value()) {
    if (absl::Status s = InsertDataSet(statements, *write.import); !s.ok()) return s;
  }
  for (const Measure& measure : write.measures) {
    if (absl::Status s = ReplaceMeasure(statements, measure); !s.ok()) return s;
  }
  for (const monitor::v1::StatusChange& change : write.status_changes) {
    if (absl::Status s = ApplyStatusChange(statements, change); !s.ok()) return s;
  }
  for (const monitor::v1::Snapshot& snapshot : write.snapshots) {
    if (absl::Status s = InsertSnapshot(statements, snapshot); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor::store_internal
