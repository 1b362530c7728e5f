#include "monitor_service/store/internal/rows.h"

#include <limits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "domain/locales.h"
#include "domain/proto_time.h"
#include "domain/text_rules.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace werkmonitor::store_internal {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using monitor::v1::DataSet;
using monitor::v1::LocalizedBody;
using monitor::v1::LocalizedText;
using monitor::v1::Measure;
using sqlite::Statement;

// Text from the database in a message: escaped, since damaged bytes may not be UTF-8 and a status
// message travels in gRPC metadata.
std::string Quoted(absl::string_view text) { return absl::StrCat("\"", absl::CHexEscape(text), "\""); }

bool InEnum(const EnumDescriptor& type, int value) { return type.FindValueByNumber(value) != nullptr; }

// The first enum field of `message`, at any depth, whose value its enum does not have, as
// "path: N is not a Type value"; "" when there is none. Protobuf parses such values into open
// (proto3) enums without complaint.
std::string FindUnknownEnum(const google::protobuf::Message& message) {
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string name = field->is_repeated() ? absl::StrCat(field->name(), "[", i, "]") : field->name();
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        const int value = field->is_repeated() ? reflection.GetRepeatedEnumValue(message, field, i)
                                               : reflection.GetEnumValue(message, field);
        if (!InEnum(*field->enum_type(), value)) {
          return absl::StrCat(name, ": ", value, " is not a ", field->enum_type()->name(), " value");
        }
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        const google::protobuf::Message& inner = field->is_repeated() ? reflection.GetRepeatedMessage(message, field, i)
                                                                      : reflection.GetMessage(message, field);
        if (std::string found = FindUnknownEnum(inner); !found.empty()) return absl::StrCat(name, ".", found);
      }
    }
  }
  return "";
}

// Parses stored bytes; `what` names the row for the error.
absl::Status ParseStored(const std::string& bytes, absl::string_view what, google::protobuf::Message& message) {
  if (!message.ParseFromString(bytes)) {
    return Damaged(what, absl::StrCat("not a valid ", message.GetDescriptor()->full_name()));
  }
  if (std::string unknown = FindUnknownEnum(message); !unknown.empty()) return Damaged(what, unknown);
  return absl::OkStatus();
}

// Reads the columns of one row and keeps the first problem found, so that the mapping reads like
// the row and reports, once, which row is damaged and how.
class RowReader {
 public:
  explicit RowReader(const Statement& row) : row_(row) {}

  int64_t Int(int column) const { return row_.Int(column); }
  int32_t Int32(int column, absl::string_view name) {
    const int64_t value = row_.Int(column);
    if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
      Problem(absl::StrCat(name, " ", value, " is out of range"));
      return 0;
    }
    return static_cast<int32_t>(value);
  }
  std::string Text(int column, absl::string_view name) {
    std::string text = row_.Text(column);
    if (Utf8Length(text) < 0) Problem(absl::StrCat(name, " is not UTF-8"));
    return text;
  }
  std::string Blob(int column) const { return row_.Blob(column); }
  absl::Time Time(int column) const { return absl::FromUnixMicros(row_.Int(column)); }
  // A value of `type`; with allow_unspecified=false its zero value (XXX_UNSPECIFIED) is refused too.
  int Enum(int column, absl::string_view name, const EnumDescriptor& type, bool allow_unspecified) {
    const int64_t value = row_.Int(column);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max() ||
        !InEnum(type, static_cast<int>(value)) || (value == 0 && !allow_unspecified)) {
      Problem(absl::StrCat(name, " ", value, " is not a ", type.name(), " value"));
      return 0;
    }
    return static_cast<int>(value);
  }
  bool Bool(int column, absl::string_view name) {
    const int64_t value = row_.Int(column);
    if (value != 0 && value != 1) Problem(absl::StrCat(name, " ", value, " is not 0 or 1"));
    return value == 1;
  }
  bool IsNull(int column) const { return row_.IsNull(column); }
  // A serialized message into `message`, checked as ParseStored does; false (and `message`
  // untouched) when the column is NULL, i.e. the field is absent.
  bool Parsed(int column, absl::string_view name, google::protobuf::Message& message) {
    if (row_.IsNull(column)) return false;
    if (!message.ParseFromString(row_.Blob(column))) {
      Problem(absl::StrCat(name, ": not a valid ", message.GetDescriptor()->full_name()));
    } else if (std::string unknown = FindUnknownEnum(message); !unknown.empty()) {
      Problem(absl::StrCat(name, ".", unknown));
    }
    return true;
  }
  // An optional message field of `owner` from a column that is NULL when the field is absent.
  template <typename Owner, typename Field>
  void Optional(int column, absl::string_view name, Owner* owner, Field* (Owner::*mutable_field)()) {
    Field field;
    if (Parsed(column, name, field)) *(owner->*mutable_field)() = std::move(field);
  }

  // OK, or DATA_LOSS "<what> is damaged: <the first problem>".
  absl::Status Check(absl::string_view what) const {
    return problem_.empty() ? absl::OkStatus() : Damaged(what, problem_);
  }

 private:
  void Problem(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
  }

  const Statement& row_;
  std::string problem_;
};

// The texts of one subject, by field, as read back from localized_texts.
struct SubjectTexts {
  absl::flat_hash_map<std::string, LocalizedText> texts;
  absl::flat_hash_map<std::string, LocalizedBody> bodies;
};
using TextsBySubject = absl::flat_hash_map<std::string, SubjectTexts>;

absl::Status ReadTextRow(const Statement& row, TextsBySubject& texts) {
  RowReader r(row);
  const std::string subject = r.Text(0, "subject"), field = r.Text(1, "field"), locale = r.Text(2, "locale"),
                    fingerprint = r.Text(5, "source_fingerprint");
  const std::string what = absl::StrCat("text ", Quoted(field), " of ", Quoted(subject), " in ", Quoted(locale));
  const TextKind kind = row.IsNull(4) ? TextKind::kText : TextKind::kBody;
  if (kind == TextKind::kText) {
    const std::string value = r.Text(3, "text");
    if (absl::Status s = r.Check(what); !s.ok()) return s;
    LocalizedText& text = texts[subject].texts[field];
    if (locale == kSourceLocale) {
      text.set_nl(value);
    } else {
      auto& translation = (*text.mutable_translations())[locale];
      translation.set_text(value);
      translation.set_source_fingerprint(fingerprint);
    }
    return absl::OkStatus();
  }
  if (absl::Status s = r.Check(what); !s.ok()) return s;
  LocalizedBody& body = texts[subject].bodies[field];
  monitor::v1::Body* target = body.mutable_nl();
  if (locale != kSourceLocale) {
    auto& translation = (*body.mutable_translations())[locale];
    translation.set_source_fingerprint(fingerprint);
    target = translation.mutable_body();
  }
  return ParseStored(r.Blob(4), what, *target);
}

// Copies `field` of `texts` into `owner` through its mutable accessor when it was stored; absent
// texts stay absent (calling the accessor would make them present).
template <typename Map, typename Owner, typename Message>
void CopyIfStored(const Map& texts, absl::string_view field, Owner* owner, Message* (Owner::*mutable_field)()) {
  if (auto found = texts.find(field); found != texts.end()) *(owner->*mutable_field)() = found->second;
}

absl::Status ReadDocument(sqlite::Connection& db, DataSet& data) {
  absl::StatusOr<Statement> row = db.Prepare("SELECT source, published FROM document WHERE id = 1");
  if (!row.ok()) return row.status();
  absl::StatusOr<bool> found = row->Step();
  if (!found.ok()) return found.status();
  if (!*found) return absl::OkStatus();  // an empty store
  if (absl::Status s = ParseStored(row->Blob(0), "the source document", *data.mutable_source()); !s.ok()) return s;
  return ParseStored(row->Blob(1), "the published figures", *data.mutable_published());
}

absl::Status ReadTexts(sqlite::Connection& db, TextsBySubject& texts) {
  absl::StatusOr<Statement> rows =
      db.Prepare("SELECT subject, field, locale, text, body, source_fingerprint FROM localized_texts");
  if (!rows.ok()) return rows.status();
  return sqlite::ForEachRow(*rows, [&] { return ReadTextRow(*rows, texts); });
}

absl::Status ReadDepartments(sqlite::Connection& db, TextsBySubject& texts, DataSet& data) {
  absl::StatusOr<Statement> rows = db.Prepare("SELECT code FROM departments ORDER BY position");
  if (!rows.ok()) return rows.status();
  return sqlite::ForEachRow(*rows, [&] {
    RowReader r(*rows);
    monitor::v1::Department* department = data.add_departments();
    department->set_code(r.Text(0, "code"));
    if (absl::Status s = r.Check(absl::StrCat("department ", Quoted(department->code()))); !s.ok()) return s;
    CopyIfStored(texts[DepartmentSubject(department->code())].texts, "name", department,
                 &monitor::v1::Department::mutable_name);
    return absl::OkStatus();
  });
}

absl::Status ReadThemes(sqlite::Connection& db, TextsBySubject& texts, DataSet& data) {
  absl::StatusOr<Statement> rows = db.Prepare("SELECT id, default_owner FROM themes ORDER BY position");
  if (!rows.ok()) return rows.status();
  return sqlite::ForEachRow(*rows, [&] {
    RowReader r(*rows);
    monitor::v1::Theme* theme = data.add_themes();
    theme->set_id(r.Text(0, "id"));
    theme->set_default_owner(r.Text(1, "default_owner"));
    if (absl::Status s = r.Check(absl::StrCat("theme ", Quoted(theme->id()))); !s.ok()) return s;
    const SubjectTexts& own = texts[ThemeSubject(theme->id())];
    CopyIfStored(own.texts, "title", theme, &monitor::v1::Theme::mutable_title);
    CopyIfStored(own.bodies, "introduction", theme, &monitor::v1::Theme::mutable_introduction);
    return absl::OkStatus();
  });
}

// Measures in document order, with their texts and milestones.
absl::Status ReadMeasures(sqlite::Connection& db, TextsBySubject& texts, DataSet& data) {
  absl::StatusOr<Statement> rows = db.Prepare(
      "SELECT id, theme_id, parent_id, number, status, revision, updated_at_us, updated_by, owner_department, "
      "owner_quote, progress_note, status_reason, completed_on FROM measures ORDER BY position");
  if (!rows.ok()) return rows.status();
  absl::flat_hash_map<std::string, Measure*> measures;
  absl::Status read = sqlite::ForEachRow(*rows, [&] {
    RowReader r(*rows);
    Measure* measure = data.add_measures();
    measure->set_id(r.Text(0, "id"));
    measure->set_theme_id(r.Text(1, "theme_id"));
    measure->set_parent_id(r.Text(2, "parent_id"));
    measure->set_number(r.Text(3, "number"));
    // Unspecified is the status of a measure with sub-measures.
    measure->set_status(static_cast<monitor::v1::Status>(
        r.Enum(4, "status", *monitor::v1::Status_descriptor(), /*allow_unspecified=*/true)));
    measure->set_revision(r.Int(5));
    *measure->mutable_updated_at() = ToProtoTime(r.Time(6));
    measure->set_updated_by(r.Text(7, "updated_by"));
    if (!r.IsNull(8)) {
      measure->mutable_owner()->set_department(r.Text(8, "owner_department"));
      measure->mutable_owner()->set_quote(r.Text(9, "owner_quote"));
    }
    measure->set_progress_note(r.Text(10, "progress_note"));
    measure->set_status_reason(r.Text(11, "status_reason"));
    r.Optional(12, "completed_on", measure, &Measure::mutable_completed_on);
    if (absl::Status s = r.Check(absl::StrCat("measure ", Quoted(measure->id()))); !s.ok()) return s;
    const SubjectTexts& own = texts[MeasureSubject(measure->id())];
    CopyIfStored(own.texts, "title", measure, &Measure::mutable_title);
    CopyIfStored(own.texts, "summary", measure, &Measure::mutable_summary);
    CopyIfStored(own.bodies, "body", measure, &Measure::mutable_body);
    measures[measure->id()] = measure;
    return absl::OkStatus();
  });
  if (!read.ok()) return read;

  absl::StatusOr<Statement> milestones = db.Prepare(
      "SELECT measure_id, id, precision, year, month, day, period, as_written, reached, move_reason FROM milestones "
      "ORDER BY measure_id, position");
  if (!milestones.ok()) return milestones.status();
  return sqlite::ForEachRow(*milestones, [&] {
    RowReader r(*milestones);
    const std::string measure_id = r.Text(0, "measure_id");
    monitor::v1::Milestone milestone;
    milestone.set_id(r.Text(1, "id"));
    monitor::v1::PartialDate* date = milestone.mutable_date();
    date->set_precision(static_cast<monitor::v1::PartialDate::Precision>(
        r.Enum(2, "precision", *monitor::v1::PartialDate::Precision_descriptor(), /*allow_unspecified=*/false)));
    date->set_year(r.Int32(3, "year"));
    date->set_month(r.Int32(4, "month"));
    date->set_day(r.Int32(5, "day"));
    date->set_period(static_cast<monitor::v1::PartialDate::Period>(
        r.Enum(6, "period", *monitor::v1::PartialDate::Period_descriptor(), /*allow_unspecified=*/true)));
    milestone.set_as_written(r.Text(7, "as_written"));
    milestone.set_reached(r.Bool(8, "reached"));
    milestone.set_move_reason(r.Text(9, "move_reason"));
    const std::string what = absl::StrCat("milestone ", Quoted(milestone.id()), " of measure ", Quoted(measure_id));
    if (absl::Status s = r.Check(what); !s.ok()) return s;
    auto owner = measures.find(measure_id);
    if (owner == measures.end()) return Damaged(what, "no such measure");
    CopyIfStored(texts[MilestoneSubject(measure_id, milestone.id())].texts, "label", &milestone,
                 &monitor::v1::Milestone::mutable_label);
    *owner->second->add_milestones() = std::move(milestone);
    return absl::OkStatus();
  });
}

}  // namespace

std::string ThemeSubject(absl::string_view id) { return absl::StrCat("theme/", id); }
std::string MeasureSubject(absl::string_view id) { return absl::StrCat("measure/", id); }
std::string MilestoneSubject(absl::string_view measure_id, absl::string_view id) {
  return absl::StrCat("milestone/", measure_id, "/", id);
}
std::string DepartmentSubject(absl::string_view code) { return absl::StrCat("department/", code); }

absl::Status Damaged(absl::string_view what, absl::string_view reason) {
  return absl::DataLossError(absl::StrCat(what, " is damaged: ", reason));
}

std::string ContentChecksum(absl::string_view content) { return Sha256Hex(content); }

absl::StatusOr<DataSet> ReadCurrentData(sqlite::Connection& db) {
  DataSet data;
  if (absl::Status s = ReadDocument(db, data); !s.ok()) return s;
  TextsBySubject texts;
  if (absl::Status s = ReadTexts(db, texts); !s.ok()) return s;
  if (absl::Status s = ReadDepartments(db, texts, data); !s.ok()) return s;
  if (absl::Status s = ReadThemes(db, texts, data); !s.ok()) return s;
  if (absl::Status s = ReadMeasures(db, texts, data); !s.ok()) return s;
  return data;
}

absl::StatusOr<monitor::v1::StatusChange> StatusChangeFromRow(const Statement& row) {
  RowReader r(row);
  monitor::v1::StatusChange change;
  change.set_revision(r.Int(0));
  change.set_measure_id(r.Text(1, "measure_id"));
  // A change is always between two of the six statuses: only leaf measures have one.
  change.set_from_status(static_cast<monitor::v1::Status>(
      r.Enum(2, "from_status", *monitor::v1::Status_descriptor(), /*allow_unspecified=*/false)));
  change.set_to_status(static_cast<monitor::v1::Status>(
      r.Enum(3, "to_status", *monitor::v1::Status_descriptor(), /*allow_unspecified=*/false)));
  *change.mutable_changed_at() = ToProtoTime(r.Time(4));
  change.set_changed_by(r.Text(5, "changed_by"));
  change.set_note(r.Text(6, "note"));
  change.set_round_id(r.Int(7));
  if (absl::Status s = r.Check(absl::StrCat("the status change at revision ", change.revision())); !s.ok()) return s;
  return change;
}

absl::StatusOr<monitor::v1::ChangeEvent> ChangeEventFromRow(const Statement& row) {
  const int64_t revision = row.Int(0);
  const std::string what = absl::StrCat("journal entry ", revision);
  monitor::v1::ChangeEvent event;
  if (absl::Status s = ParseStored(row.Blob(1), what, event); !s.ok()) return s;
  if (event.revision() != revision) return Damaged(what, absl::StrCat("it holds revision ", event.revision()));
  return event;
}

absl::StatusOr<monitor::v1::SnapshotInfo> SnapshotInfoFromRow(const Statement& row) {
  RowReader r(row);
  monitor::v1::SnapshotInfo info;
  info.set_id(r.Int(0));
  info.set_label(r.Text(1, "label"));
  *info.mutable_created_at() = ToProtoTime(r.Time(2));
  info.set_created_by(r.Text(3, "created_by"));
  info.set_revision(r.Int(4));
  r.Optional(5, "as_of", &info, &monitor::v1::SnapshotInfo::mutable_as_of);
  info.set_round_id(r.Int(6));
  if (absl::Status s = r.Check(absl::StrCat("snapshot ", info.id())); !s.ok()) return s;
  return info;
}

absl::StatusOr<std::string> SnapshotContentFromRow(int64_t id, const Statement& row) {
  std::string content = row.Blob(0);
  if (ContentChecksum(content) != row.Text(1)) return Damaged(absl::StrCat("snapshot ", id), "checksum mismatch");
  return content;
}

absl::StatusOr<monitor::v1::Snapshot> ParseSnapshot(int64_t id, const std::string& content) {
  const std::string what = absl::StrCat("snapshot ", id);
  monitor::v1::Snapshot snapshot;
  if (absl::Status s = ParseStored(content, what, snapshot); !s.ok()) return s;
  if (snapshot.info().id() != id) return Damaged(what, absl::StrCat("it holds snapshot ", snapshot.info().id()));
  return snapshot;
}

absl::StatusOr<monitor::v1::Round> RoundFromRow(const Statement& row) {
  RowReader r(row);
  monitor::v1::Round round;
  round.set_id(r.Int(0));
  round.set_label(r.Text(1, "label"));
  r.Optional(2, "as_of", &round, &monitor::v1::Round::mutable_as_of);
  r.Optional(3, "deadline", &round, &monitor::v1::Round::mutable_deadline);
  round.set_state(static_cast<monitor::v1::Round::State>(
      r.Enum(4, "state", *monitor::v1::Round::State_descriptor(), /*allow_unspecified=*/false)));
  *round.mutable_opened_at() = ToProtoTime(r.Time(5));
  round.set_opened_by(r.Text(6, "opened_by"));
  if (!r.IsNull(7)) *round.mutable_published_at() = ToProtoTime(r.Time(7));
  round.set_published_by(r.Text(8, "published_by"));
  round.set_snapshot_id(r.Int(9));
  round.set_base_snapshot_id(r.Int(10));
  round.set_revision(r.Int(11));
  if (absl::Status s = r.Check(absl::StrCat("round ", round.id())); !s.ok()) return s;
  return round;
}

absl::StatusOr<monitor::v1::MeasureUpdate> MeasureUpdateFromRow(const Statement& row) {
  RowReader r(row);
  monitor::v1::MeasureUpdate update;
  update.set_round_id(r.Int(0));
  update.set_measure_id(r.Text(1, "measure_id"));
  update.set_state(static_cast<monitor::v1::MeasureUpdate::State>(
      r.Enum(2, "state", *monitor::v1::MeasureUpdate::State_descriptor(), /*allow_unspecified=*/false)));
  r.Optional(3, "proposed", &update, &monitor::v1::MeasureUpdate::mutable_proposed);
  r.Optional(4, "edited", &update, &monitor::v1::MeasureUpdate::mutable_edited);
  update.set_unchanged(r.Bool(5, "unchanged"));
  update.set_return_comment(r.Text(6, "return_comment"));
  update.set_revision(r.Int(7));
  *update.mutable_updated_at() = ToProtoTime(r.Time(8));
  update.set_updated_by(r.Text(9, "updated_by"));
  update.set_owner(r.Text(10, "owner"));
  if (absl::Status s =
          r.Check(absl::StrCat("the update of measure ", Quoted(update.measure_id()), " in round ", update.round_id()));
      !s.ok()) {
    return s;
  }
  return update;
}

}  // namespace werkmonitor::store_internal
