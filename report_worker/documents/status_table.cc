// The table of measures per theme and status, with totals, as the appendix prints it.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/dashboard.h"
#include "domain/status.h"
#include "report_worker/documents/builders.h"

namespace werkmonitor::documents {

absl::StatusOr<Graphic> StatusTable(Context& context, double width, double size) {
  struct Row {
    std::vector<Line> name;
    std::vector<std::string> values;  // total, then the six statuses; with their change since the previous report
    bool total = false;
    double height = 0;
  };
  const double line = size * 1.25, pad = size * 0.45;
  // The theme column takes what the seven number columns leave; "Maatregelen totaal" gets a little
  // more room than a status so its long words need not be cut.
  const double cell = width * 0.095, total_cell = width * 0.12, name_width = width - 6 * cell - total_cell;
  const TextStyle header_style = Style(size - 1.5, FontStyle::kBold);
  // Column c: 0 the theme, 1 the total, 2.. the statuses.
  auto ColumnWidth = [=](size_t c) { return c == 0 ? name_width : c == 1 ? total_cell : cell; };
  auto ColumnLeft = [=](size_t c) {
    return c == 0 ? 0.0 : c == 1 ? name_width : name_width + total_cell + (c - 2) * cell;
  };

  // Header: theme, total, the six statuses, each wrapped into its column.
  std::vector<std::vector<Line>> headers;
  std::vector<std::string> header_texts;
  for (const char* key : {"table.theme_column", "table.total_column"}) {
    absl::StatusOr<std::string> text = context.Message(key);
    if (!text.ok()) return text.status();
    header_texts.push_back(*text);
  }
  for (const StatusInfo& info : AllStatuses()) {
    absl::StatusOr<std::string> text = context.StatusLabel(info.status);
    if (!text.ok()) return text.status();
    header_texts.push_back(*text);
  }
  // A heading is set smaller where its longest word would not fit its column: words are never cut.
  double header_lines_height = 0;
  for (size_t i = 0; i < header_texts.size(); ++i) {
    TextStyle style = header_style;
    for (absl::string_view word : absl::StrSplit(header_texts[i], ' ')) {
      const double word_width = context.metrics().Width(word, header_style);
      const double room = ColumnWidth(i) - 4;
      if (word_width > room) style.size = std::min(style.size, 0.97 * header_style.size * room / word_width);
    }
    headers.push_back(BreakLines({{header_texts[i], style}}, ColumnWidth(i) - 4, context.metrics(), context.l10n()));
    double lines_height = 0;
    for (const Line& l : headers.back()) lines_height += l.size * 1.25;
    header_lines_height = std::max(header_lines_height, lines_height);
  }
  const double dot_row = size * 1.1;
  const double header_height = dot_row + header_lines_height + pad * 2;

  std::vector<Row> rows;
  const monitor::v1::Dashboard& dashboard = context.snapshot().dashboard();
  auto add_row = [&](const std::string& name, const monitor::v1::DashboardRow& figures, bool total) -> absl::Status {
    Row row;
    row.total = total;
    row.name = BreakLines({{name, Style(size, total ? FontStyle::kBold : FontStyle::kRegular)}}, name_width - 4,
                          context.metrics(), context.l10n());
    std::vector<std::pair<std::optional<monitor::v1::Status>, int>> counts = {{std::nullopt, figures.total()}};
    for (const StatusInfo& info : AllStatuses()) counts.push_back({info.status, CountOf(figures, info.status)});
    for (const auto& [status, count] : counts) {
      // As the document prints it: "-" for none, unless there were some before ("0 (–1)").
      if (count == 0 && !context.CountChanged(figures.theme_id(), status, count)) {
        row.values.push_back("-");
        continue;
      }
      absl::StatusOr<std::string> text = context.CountWithChange(figures.theme_id(), status, count);
      if (!text.ok()) return text.status();
      row.values.push_back(*std::move(text));
    }
    row.height = std::max<size_t>(1, row.name.size()) * line + pad * 2;
    rows.push_back(std::move(row));
    return absl::OkStatus();
  };
  for (const monitor::v1::DashboardRow& figures : dashboard.themes()) {
    const std::string name = context.ThemeTitle(figures.theme_id());
    if (absl::Status s = add_row(name, figures, false); !s.ok()) return s;
  }
  absl::StatusOr<std::string> total_name = context.Message("table.total_row");
  if (!total_name.ok()) return total_name.status();
  if (absl::Status s = add_row(*total_name, dashboard.total(), true); !s.ok()) return s;

  double height = header_height;
  for (const Row& row : rows) height += row.height;
  TextMetrics& metrics = context.metrics();
  Graphic graphic;
  graphic.height = height;
  graphic.space_after = 6;
  graphic.draw = [=, &metrics](PageContent& page, double x, double top, double w) {
    auto& ops = page.ops;
    ops.push_back(DrawRect{x, top - header_height, w, header_height, kTint});
    for (size_t c = 0; c < headers.size(); ++c) {
      const double left = x + ColumnLeft(c);
      const double col_width = ColumnWidth(c);
      if (c >= 2) {
        ops.push_back(DrawCircle{left + col_width / 2, top - pad - dot_row / 2, size * 0.35,
                                 StatusColour(AllStatuses()[c - 2].status)});
      }
      double baseline = top - pad - dot_row - header_style.size;
      for (const Line& l : headers[c]) {
        const double text_x = c == 0 ? left + 2 : left + (col_width - l.width) / 2;
        PlaceLine(page, metrics, l, text_x, baseline);
        baseline -= l.size * 1.25;
      }
    }
    double y = top - header_height;
    for (size_t r = 0; r < rows.size(); ++r) {
      const Row& row = rows[r];
      if (row.total)
        ops.push_back(DrawLine{x, y, x + w, y, 0.8, kInk});
      else if (r > 0)
        ops.push_back(DrawLine{x, y, x + w, y, 0.3, kRule});
      double baseline = y - pad - size;
      for (const Line& l : row.name) {
        PlaceLine(page, metrics, l, x + 2, baseline);
        baseline -= line;
      }
      for (size_t c = 0; c < row.values.size(); ++c) {
        // Totals in bold.
        const std::string& text = row.values[c];
        const TextStyle style = Style(size, c == 0 || row.total ? FontStyle::kBold : FontStyle::kRegular);
        const double left = x + ColumnLeft(c + 1);
        ops.push_back(
            DrawText{left + (ColumnWidth(c + 1) - metrics.Width(text, style)) / 2, y - pad - size, text, style});
      }
      y -= row.height;
    }
    ops.push_back(DrawLine{x, y, x + w, y, 0.8, kInk});
  };
  return graphic;
}

}  // namespace werkmonitor::documents
