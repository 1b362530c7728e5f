#include "monitor_service/store/internal/writes.h"

#include <string>
#include <vector>

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

// An optional message field in a column that is NULL when the field is absent (see the schema).
void BindOptional(Statement& row, int index, bool present, const google::protobuf::Message& message) {
  if (present) {
    row.BindBlob(index, message.SerializeAsString());
  } else {
    row.BindNull(index);
  }
}

// Whether `sql`, bound by `bind`, returns a row.
template <typename Bind>
absl::StatusOr<bool> Exists(StatementCache& statements, absl::string_view sql, Bind bind) {
  absl::StatusOr<Statement*> query = statements.Get(sql);
  if (!query.ok()) return query.status();
  bind(**query);
  absl::StatusOr<bool> found = (*query)->Step();
  (*query)->Reset();  // a statement left on a row would keep its read open
  return found;
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
      "INSERT INTO milestones (measure_id, id, position, precision, year, month, day, period, as_written, reached, "
      "move_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
        .Bind(9, milestone.as_written())
        .Bind(10, int64_t{milestone.reached()})
        .Bind(11, milestone.move_reason());
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

// The columns of a measure's owner and reported fields, in this order from `first` on.
inline constexpr char kReportColumns[] = "owner_department, owner_quote, progress_note, status_reason, completed_on";
void BindReport(Statement& row, int first, const Measure& m) {
  if (m.has_owner()) {
    row.Bind(first, m.owner().department());
  } else {
    row.BindNull(first);
  }
  row.Bind(first + 1, m.owner().quote()).Bind(first + 2, m.progress_note()).Bind(first + 3, m.status_reason());
  BindOptional(row, first + 4, m.has_completed_on(), m.completed_on());
}

absl::Status InsertMeasureRow(StatementCache& statements, const Measure& m, int position) {
  absl::StatusOr<Statement*> row = statements.Get(
      absl::StrCat("INSERT INTO measures (id, theme_id, parent_id, position, number, status, revision, updated_at_us, "
                   "updated_by, ",
                   kReportColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
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
  BindReport(**row, 10, m);
  return (*row)->Run();
}

// Replaces the list of departments and their names.
absl::Status ReplaceDepartments(StatementCache& statements, const std::vector<monitor::v1::Department>& departments) {
  absl::StatusOr<Statement*> delete_texts = statements.Get("DELETE FROM localized_texts WHERE subject GLOB ?");
  if (!delete_texts.ok()) return delete_texts.status();
  (*delete_texts)->Bind(1, DepartmentSubject("*"));
  if (absl::Status s = (*delete_texts)->Run(); !s.ok()) return s;
  absl::StatusOr<Statement*> delete_rows = statements.Get("DELETE FROM departments");
  if (!delete_rows.ok()) return delete_rows.status();
  if (absl::Status s = (*delete_rows)->Run(); !s.ok()) return s;
  absl::StatusOr<Statement*> row = statements.Get("INSERT INTO departments (code, position) VALUES (?, ?)");
  if (!row.ok()) return row.status();
  for (size_t i = 0; i < departments.size(); ++i) {
    const monitor::v1::Department& department = departments[i];
    (*row)->Reset();
    (*row)->Bind(1, department.code()).Bind(2, static_cast<int64_t>(i));
    if (absl::Status s = (*row)->Run(); !s.ok()) return s;
    if (department.has_name()) {
      if (absl::Status s = InsertText(statements, DepartmentSubject(department.code()), "name", department.name());
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status SetThemeDefaultOwner(StatementCache& statements, absl::string_view theme_id, absl::string_view owner) {
  absl::StatusOr<Statement*> row = statements.Get("UPDATE themes SET default_owner = ? WHERE id = ?");
  if (!row.ok()) return row.status();
  (*row)->Bind(1, owner).Bind(2, theme_id);
  if (absl::Status s = (*row)->Run(); !s.ok()) return s;
  if (sqlite3_changes(statements.connection().get()) != 1) {
    return absl::NotFoundError(absl::StrCat("no theme \"", theme_id, "\" stored"));
  }
  return absl::OkStatus();
}

absl::Status InsertDataSet(StatementCache& statements, const DataSet& data) {
  absl::StatusOr<std::string> themes = statements.connection().QueryText("SELECT COUNT(*) FROM themes");
  if (!themes.ok()) return themes.status();
  if (*themes != "0") return absl::FailedPreconditionError("the database already holds data");

  absl::StatusOr<Statement*> document = statements.Get("INSERT INTO document (id, source, published) VALUES (1, ?, ?)");
  if (!document.ok()) return document.status();
  (*document)->BindBlob(1, data.source().SerializeAsString()).BindBlob(2, data.published().SerializeAsString());
  if (absl::Status s = (*document)->Run(); !s.ok()) return s;

  if (absl::Status s = ReplaceDepartments(
          statements, std::vector<monitor::v1::Department>(data.departments().begin(), data.departments().end()));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Statement*> theme_row =
      statements.Get("INSERT INTO themes (id, position, default_owner) VALUES (?, ?, ?)");
  if (!theme_row.ok()) return theme_row.status();
  for (int i = 0; i < data.themes_size(); ++i) {
    const monitor::v1::Theme& theme = data.themes(i);
    (*theme_row)->Reset();
    (*theme_row)->Bind(1, theme.id()).Bind(2, int64_t{i}).Bind(3, theme.default_owner());
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
  absl::StatusOr<Statement*> report =
      statements.Get(absl::StrCat("UPDATE measures SET (", kReportColumns, ") = (?, ?, ?, ?, ?) WHERE id = ?"));
  if (!report.ok()) return report.status();
  BindReport(**report, 1, m);
  (*report)->Bind(6, m.id());
  if (absl::Status s = (*report)->Run(); !s.ok()) return s;
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
      "INSERT INTO status_history (revision, measure_id, from_status, to_status, changed_at_us, changed_by, note, "
      "round_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  (*insert)
      ->Bind(1, change.revision())
      .Bind(2, change.measure_id())
      .Bind(3, int64_t{change.from_status()})
      .Bind(4, int64_t{change.to_status()})
      .Bind(5, Micros(change.changed_at()))
      .Bind(6, change.changed_by())
      .Bind(7, change.note())
      .Bind(8, change.round_id());
  return (*insert)->Run();
}

absl::Status InsertSnapshot(StatementCache& statements, const monitor::v1::Snapshot& snapshot) {
  const monitor::v1::SnapshotInfo& info = snapshot.info();
  if (info.id() <= 0) return absl::InvalidArgumentError(absl::StrCat("snapshot id ", info.id(), " is not positive"));
  absl::StatusOr<bool> found =
      Exists(statements, "SELECT 1 FROM snapshots WHERE id = ?", [&](Statement& q) { q.Bind(1, info.id()); });
  if (!found.ok()) return found.status();
  if (*found) return absl::AlreadyExistsError(absl::StrCat("snapshot ", info.id(), " exists already"));

  absl::StatusOr<Statement*> insert = statements.Get(
      "INSERT INTO snapshots (id, label, created_at_us, created_by, revision, content, content_sha256, as_of, "
      "round_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  const std::string content = snapshot.SerializeAsString();
  (*insert)
      ->Bind(1, info.id())
      .Bind(2, info.label())
      .Bind(3, Micros(info.created_at()))
      .Bind(4, info.created_by())
      .Bind(5, info.revision())
      .BindBlob(6, content)
      .Bind(7, ContentChecksum(content))
      .Bind(9, info.round_id());
  BindOptional(**insert, 8, info.has_as_of(), info.as_of());
  return (*insert)->Run();
}

absl::Status ApplyReferenceData(StatementCache& statements, const ReferenceData& reference) {
  // Only a store that holds a data set has reference data to complete.
  absl::StatusOr<Statement*> source = statements.Get("UPDATE document SET source = ? WHERE id = 1");
  if (!source.ok()) return source.status();
  (*source)->BindBlob(1, reference.source.SerializeAsString());
  if (absl::Status s = (*source)->Run(); !s.ok()) return s;
  if (sqlite3_changes(statements.connection().get()) != 1) {
    return absl::FailedPreconditionError("reference data for a store that holds no data set");
  }
  if (absl::Status s = ReplaceDepartments(statements, reference.departments); !s.ok()) return s;
  for (const auto& [theme_id, owner] : reference.theme_default_owners) {
    if (absl::Status s = SetThemeDefaultOwner(statements, theme_id, owner); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Replaces the texts stored under `subject` (every field, every locale) by those given; NOT_FOUND,
// naming `what`, when `exists_sql` finds no row for `key`.
template <typename InsertTexts>
absl::Status ReplaceTexts(StatementCache& statements, absl::string_view exists_sql, absl::string_view key,
                          absl::string_view what, absl::string_view subject, InsertTexts insert_texts) {
  absl::StatusOr<bool> found = Exists(statements, exists_sql, [&](Statement& q) { q.Bind(1, key); });
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(absl::StrCat("no ", what, " \"", key, "\" stored"));
  absl::StatusOr<Statement*> delete_texts = statements.Get("DELETE FROM localized_texts WHERE subject = ?");
  if (!delete_texts.ok()) return delete_texts.status();
  (*delete_texts)->Bind(1, subject);
  if (absl::Status s = (*delete_texts)->Run(); !s.ok()) return s;
  return insert_texts();
}

absl::Status ReplaceThemeTexts(StatementCache& statements, const monitor::v1::Theme& theme) {
  const std::string subject = ThemeSubject(theme.id());
  return ReplaceTexts(statements, "SELECT 1 FROM themes WHERE id = ?", theme.id(), "theme", subject, [&] {
    if (theme.has_title()) {
      if (absl::Status s = InsertText(statements, subject, "title", theme.title()); !s.ok()) return s;
    }
    if (theme.has_introduction()) return InsertBody(statements, subject, "introduction", theme.introduction());
    return absl::OkStatus();
  });
}

absl::Status ReplaceDepartmentName(StatementCache& statements, const monitor::v1::Department& department) {
  const std::string subject = DepartmentSubject(department.code());
  return ReplaceTexts(statements, "SELECT 1 FROM departments WHERE code = ?", department.code(), "department",
                      subject, [&] {
                        if (!department.has_name()) return absl::OkStatus();
                        return InsertText(statements, subject, "name", department.name());
                      });
}

// Inserts or replaces the round by id. Not INSERT OR REPLACE: that deletes the old row, which the
// schema forbids; the database refuses changes to a published round.
absl::Status PutRound(StatementCache& statements, const monitor::v1::Round& round) {
  absl::StatusOr<Statement*> row = statements.Get(absl::StrCat(
      "INSERT INTO rounds (", kRoundColumns,
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (id) DO UPDATE SET label = ?2, "
      "as_of = ?3, deadline = ?4, state = ?5, opened_at_us = ?6, opened_by = ?7, published_at_us = ?8, "
      "published_by = ?9, snapshot_id = ?10, base_snapshot_id = ?11, revision = ?12"));
  if (!row.ok()) return row.status();
  (*row)
      ->Bind(1, round.id())
      .Bind(2, round.label())
      .Bind(5, int64_t{round.state()})
      .Bind(6, Micros(round.opened_at()))
      .Bind(7, round.opened_by())
      .Bind(9, round.published_by())
      .Bind(10, round.snapshot_id())
      .Bind(11, round.base_snapshot_id())
      .Bind(12, round.revision());
  BindOptional(**row, 3, round.has_as_of(), round.as_of());
  BindOptional(**row, 4, round.has_deadline(), round.deadline());
  if (round.has_published_at()) {
    (*row)->Bind(8, Micros(round.published_at()));
  } else {
    (*row)->BindNull(8);
  }
  return (*row)->Run();
}

// Inserts or replaces the update by (round, measure); NOT_FOUND when either is not stored.
absl::Status PutMeasureUpdate(StatementCache& statements, const monitor::v1::MeasureUpdate& update) {
  // Checked first: a foreign key violation would be INTERNAL and not say which.
  absl::StatusOr<bool> round =
      Exists(statements, "SELECT 1 FROM rounds WHERE id = ?", [&](Statement& q) { q.Bind(1, update.round_id()); });
  if (!round.ok()) return round.status();
  if (!*round) return absl::NotFoundError(absl::StrCat("no round ", update.round_id(), " stored"));
  absl::StatusOr<bool> measure =
      Exists(statements, "SELECT 1 FROM measures WHERE id = ?", [&](Statement& q) { q.Bind(1, update.measure_id()); });
  if (!measure.ok()) return measure.status();
  if (!*measure) return NoMeasure(update.measure_id());

  absl::StatusOr<Statement*> row = statements.Get(absl::StrCat(
      "INSERT INTO measure_updates (", kMeasureUpdateColumns,
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (round_id, measure_id) DO UPDATE SET "
      "state = ?3, proposed = ?4, edited = ?5, unchanged = ?6, return_comment = ?7, revision = ?8, "
      "updated_at_us = ?9, updated_by = ?10, owner = ?11"));
  if (!row.ok()) return row.status();
  (*row)
      ->Bind(1, update.round_id())
      .Bind(2, update.measure_id())
      .Bind(3, int64_t{update.state()})
      .Bind(6, int64_t{update.unchanged()})
      .Bind(7, update.return_comment())
      .Bind(8, update.revision())
      .Bind(9, Micros(update.updated_at()))
      .Bind(10, update.updated_by())
      .Bind(11, update.owner());
  BindOptional(**row, 4, update.has_proposed(), update.proposed());
  BindOptional(**row, 5, update.has_edited(), update.edited());
  return (*row)->Run();
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
  if (write.reference_data.has_value()) {
    if (absl::Status s = ApplyReferenceData(statements, *write.reference_data); !s.ok()) return s;
  }
  for (const monitor::v1::Theme& theme : write.theme_texts) {
    if (absl::Status s = ReplaceThemeTexts(statements, theme); !s.ok()) return s;
  }
  for (const monitor::v1::Department& department : write.department_names) {
    if (absl::Status s = ReplaceDepartmentName(statements, department); !s.ok()) return s;
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
  for (const monitor::v1::Round& round : write.rounds) {
    if (absl::Status s = PutRound(statements, round); !s.ok()) return s;
  }
  for (const monitor::v1::MeasureUpdate& update : write.updates) {
    if (absl::Status s = PutMeasureUpdate(statements, update); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor::store_internal
