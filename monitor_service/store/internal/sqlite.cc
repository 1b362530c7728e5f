#include "monitor_service/store/internal/sqlite.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace werkmonitor::sqlite {

absl::Status ErrorStatus(int code, absl::string_view what, absl::string_view message) {
  const std::string text = absl::StrCat(what, ": ", message);
  switch (code & 0xff) {  // primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(text);
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(text);
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return absl::FailedPreconditionError(text);
    default:
      return absl::InternalError(text);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  if (int rc = sqlite3_bind_int64(statement_.get(), index, value); rc != SQLITE_OK && bind_error_.ok()) {
    bind_error_ = ErrorStatus(rc, "bind", sqlite3_errmsg(db_));
  }
  return *this;
}

Statement& Statement::Bind(int index, absl::string_view text) {
  if (text.data() == nullptr) text = "";  // a null pointer would bind SQL NULL, not ''
  if (int rc = sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      rc != SQLITE_OK && bind_error_.ok()) {
    bind_error_ = ErrorStatus(rc, "bind", sqlite3_errmsg(db_));
  }
  return *this;
}

Statement& Statement::BindBlob(int index, absl::string_view bytes) {
  if (int rc =
          sqlite3_bind_blob(statement_.get(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
      rc != SQLITE_OK && bind_error_.ok()) {
    bind_error_ = ErrorStatus(rc, "bind", sqlite3_errmsg(db_));
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (int rc = sqlite3_bind_null(statement_.get(), index); rc != SQLITE_OK && bind_error_.ok()) {
    bind_error_ = ErrorStatus(rc, "bind", sqlite3_errmsg(db_));
  }
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return ErrorStatus(rc, sqlite3_sql(statement_.get()), sqlite3_errmsg(db_));
}

absl::Status Statement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

void Statement::Reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
  bind_error_ = absl::OkStatus();
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_.get(), column); }

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), column));
  return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(statement_.get(), column));
}

std::string Statement::Blob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_.get(), column));
  return bytes == nullptr ? std::string() : std::string(bytes, sqlite3_column_bytes(statement_.get(), column));
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL; }

absl::StatusOr<Connection> Connection::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection connection(raw);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) {
    return ErrorStatus(rc, path, raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(raw, 1);
  return connection;
}

absl::StatusOr<Statement> Connection::Prepare(absl::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(statement);
    return ErrorStatus(rc, sql, sqlite3_errmsg(db_.get()));
  }
  return Statement(db_.get(), statement);
}

absl::Status Connection::Execute(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  absl::Status status = ErrorStatus(rc, sql.substr(0, 60), error != nullptr ? error : sqlite3_errstr(rc));
  sqlite3_free(error);
  return status;
}

absl::StatusOr<std::string> Connection::QueryText(absl::string_view sql) {
  absl::StatusOr<Statement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  absl::StatusOr<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError(absl::StrCat(sql, ": no row"));
  return statement->Text(0);
}

absl::StatusOr<int64_t> Connection::QueryInt(absl::string_view sql) {
  absl::StatusOr<std::string> text = QueryText(sql);
  if (!text.ok()) return text.status();
  int64_t value = 0;
  if (!absl::SimpleAtoi(*text, &value))
    return absl::InternalError(absl::StrCat(sql, ": \"", *text, "\" is not an integer"));
  return value;
}

absl::StatusOr<Statement*> StatementCache::Get(absl::string_view sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    absl::StatusOr<Statement> prepared = connection_.Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    found = statements_.emplace(std::string(sql), std::move(*prepared)).first;
  }
  found->second.Reset();
  return &found->second;
}

}  // namespace werkmonitor::sqlite
