// The one-page dashboard: totals per status as bars, one stacked bar per theme, a legend. Vector
// graphics only.
#include "domain/dashboard.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/status.h"
#include "report_worker/documents/builders.h"

namespace werkmonitor::documents {
namespace {

constexpr double kMargin = 18 * kMillimetre;

// Horizontal bars: one per status, length by count.
absl::StatusOr<Graphic> StatusBars(Context& context, double width) {
  const double size = 9.5, row = 18;
  std::vector<std::string> labels;
  double label_width = 0;
  for (const StatusInfo& info : AllStatuses()) {
    absl::StatusOr<std::string> label = context.StatusLabel(info.status);
    if (!label.ok()) return label.status();
    labels.push_back(*label);
    label_width = std::max(label_width, context.metrics().Width(*label, Style(size)));
  }
  label_width = std::min(label_width + size * 1.1 + 8, width * 0.42);
  // A label longer than its column is set smaller rather than running into the bar.
  std::vector<double> label_sizes;
  for (const std::string& label : labels) {
    const double available = label_width - size * 1.1 - 6;
    const double natural = context.metrics().Width(label, Style(size));
    label_sizes.push_back(natural > available ? size * available / natural : size);
  }
  const monitor::v1::DashboardRow total = context.snapshot().dashboard().total();
  int most = 1;
  std::vector<std::string> counts;  // with their change since the previous report: "9 (+2)"
  for (const StatusInfo& info : AllStatuses()) {
    most = std::max(most, CountOf(total, info.status));
    absl::StatusOr<std::string> count = context.CountWithChange("", info.status, CountOf(total, info.status));
    if (!count.ok()) return count.status();
    counts.push_back(*std::move(count));
  }
  Graphic graphic;
  graphic.height = row * AllStatuses().size();
  graphic.space_after = 8;
  double count_width = 0;  // room after the longest bar for its count
  for (const std::string& count : counts) {
    count_width = std::max(count_width, context.metrics().Width(count, Style(size, FontStyle::kBold)));
  }
  graphic.draw = [=](PageContent& page, double x, double top, double w) {
    const double bar_area = w - label_width - count_width - 8;
    for (size_t i = 0; i < AllStatuses().size(); ++i) {
      const StatusInfo& info = AllStatuses()[i];
      const double y = top - i * row;
      const int count = CountOf(total, info.status);
      const double baseline = y - row / 2 - size * 0.35;
      page.ops.push_back(DrawCircle{x + size * 0.35, baseline + size * 0.36, size * 0.35, StatusColour(info.status)});
      page.ops.push_back(DrawText{x + size * 1.1, baseline, labels[i], Style(label_sizes[i])});
      const double length = bar_area * count / most;
      page.ops.push_back(
          DrawRect{x + label_width, y - row + 4, std::max(length, 0.8), row - 8, StatusColour(info.status)});
      page.ops.push_back(DrawText{x + label_width + length + 5, baseline, counts[i], Style(size, FontStyle::kBold)});
    }
  };
  return graphic;
}

// A theme's milestone figures, labelled: those whose date passed unreached (once the dashboard is
// counted against an as-of date) and those moved later (once there is a previous report). A figure
// of zero is left out: seven rows of "0 milestones overdue" hide the one row that has some, and
// push the table off the page in the longer languages.
absl::StatusOr<std::vector<std::string>> MilestoneFigures(Context& context, const monitor::v1::DashboardRow& row) {
  std::vector<std::pair<const char*, int>> figures;
  if (context.snapshot().dashboard().has_as_of())
    figures.push_back({"dashboard.milestones.overdue", row.milestones_overdue()});
  if (context.Changes() != nullptr) figures.push_back({"dashboard.milestones.moved", row.milestones_moved()});
  std::vector<std::string> texts;
  for (const auto& [key, count] : figures) {
    if (count == 0) continue;
    absl::StatusOr<std::string> text = context.Message(key, MessageArgs().Number("count", count));
    if (!text.ok()) return text.status();
    texts.push_back(*std::move(text));
  }
  return texts;
}

// One stacked bar per theme, scaled to the largest theme, with its total (and change) after the bar
// and, in a column at the right, its milestone figures in small type.
absl::StatusOr<Graphic> ThemeBars(Context& context, double width) {
  const double size = 9, pad = 5;
  const double name_width = width * 0.34;
  const monitor::v1::Dashboard& dashboard = context.snapshot().dashboard();
  const TextStyle small = Style(size - 1.5, FontStyle::kRegular, kGrey);
  struct Row {
    std::vector<Line> name;
    std::vector<Line> milestones;  // in the right-hand column
    const monitor::v1::DashboardRow* figures = nullptr;
    double height = 0;
    std::string total;  // with its change since the previous report
  };
  auto LinesHeight = [](const std::vector<Line>& lines) {
    double height = 0;
    for (const Line& l : lines) height += l.size * 1.25;
    return height;
  };
  std::vector<Row> rows;
  std::vector<std::vector<std::string>> milestone_texts;
  for (const monitor::v1::DashboardRow& figures : dashboard.themes()) {
    absl::StatusOr<std::vector<std::string>> texts = MilestoneFigures(context, figures);
    if (!texts.ok()) return texts.status();
    milestone_texts.push_back(*std::move(texts));
  }
  const bool milestone_column = std::any_of(milestone_texts.begin(), milestone_texts.end(),
                                            [](const std::vector<std::string>& texts) { return !texts.empty(); });
  const double milestone_width = milestone_column ? width * 0.25 : 0;
  int most = 1;
  for (int i = 0; i < dashboard.themes_size(); ++i) {
    const monitor::v1::DashboardRow& figures = dashboard.themes(i);
    Row row;
    row.figures = &figures;
    row.name = BreakLines({{context.ThemeTitle(figures.theme_id()), Style(size)}}, name_width - 6, context.metrics(),
                          context.l10n());
    for (const std::string& text : milestone_texts[i]) {
      for (Line& l : BreakLines({{text, small}}, milestone_width - 4, context.metrics(), context.l10n())) {
        row.milestones.push_back(std::move(l));
      }
    }
    row.height = std::max({22.0, LinesHeight(row.name) + 2 * pad, LinesHeight(row.milestones) + 3});
    absl::StatusOr<std::string> count = context.CountWithChange(figures.theme_id(), std::nullopt, figures.total());
    if (!count.ok()) return count.status();
    row.total = *std::move(count);
    rows.push_back(std::move(row));
    most = std::max(most, figures.total());
  }
  double height = 0;
  double total_width = 0;  // room after the longest bar for its total
  TextMetrics& metrics = context.metrics();
  for (const Row& row : rows) {
    height += row.height;
    total_width = std::max(total_width, metrics.Width(row.total, Style(size, FontStyle::kBold)));
  }
  Graphic graphic;
  graphic.height = height;
  graphic.space_after = 8;
  graphic.draw = [=, &metrics](PageContent& page, double x, double top, double w) {
    const double bar_area = w - name_width - milestone_width - total_width - 12;
    double y = top;
    for (const Row& row : rows) {
      double baseline = y - (row.height - LinesHeight(row.name)) / 2 - size * 0.95;
      for (const Line& l : row.name) {
        PlaceLine(page, metrics, l, x, baseline);
        baseline -= l.size * 1.25;
      }
      baseline = y - (row.height - LinesHeight(row.milestones)) / 2 - small.size * 0.95;
      for (const Line& l : row.milestones) {
        PlaceLine(page, metrics, l, x + w - milestone_width + 4, baseline);
        baseline -= l.size * 1.25;
      }
      const double bar_top = y - row.height / 2 + 7, bar_height = 14;
      double bar_x = x + name_width;
      for (const StatusInfo& info : AllStatuses()) {
        const int count = CountOf(*row.figures, info.status);
        if (count == 0) continue;
        const double length = bar_area * count / most;
        page.ops.push_back(DrawRect{bar_x, bar_top - bar_height, length, bar_height, StatusColour(info.status)});
        const std::string text = std::to_string(count);
        const TextStyle inside = Style(8, FontStyle::kBold, info.status == monitor::v1::IN_UITVOERING ? kInk : kWhite);
        const double text_width = metrics.Width(text, inside);
        if (text_width + 4 <= length) {
          page.ops.push_back(DrawText{bar_x + (length - text_width) / 2, bar_top - bar_height + 4, text, inside});
        }
        bar_x += length;
      }
      page.ops.push_back(DrawText{bar_x + 5, bar_top - bar_height + 3.5, row.total, Style(size, FontStyle::kBold)});
      page.ops.push_back(DrawLine{x, y - row.height, x + w, y - row.height, 0.3, kRule});
      y -= row.height;
    }
  };
  return graphic;
}

// The six statuses in a grid of three columns.
absl::StatusOr<Graphic> Legend(Context& context, double width) {
  const double size = 8.5, row = 14;
  const double column = width / 3;
  std::vector<std::vector<Line>> labels;
  size_t lines = 1;
  for (const StatusInfo& info : AllStatuses()) {
    absl::StatusOr<std::string> label = context.StatusLabel(info.status);
    if (!label.ok()) return label.status();
    labels.push_back(BreakLines({{*label, Style(size)}}, column - size * 2, context.metrics(), context.l10n()));
    lines = std::max(lines, labels.back().size());
  }
  const double cell = std::max(row, lines * size * 1.25 + 4);
  TextMetrics& metrics = context.metrics();
  Graphic graphic;
  graphic.height = cell * 2;
  graphic.space_after = 6;
  graphic.draw = [=, &metrics](PageContent& page, double x, double top, double) {
    for (size_t i = 0; i < labels.size(); ++i) {
      const double cx = x + (i % 3) * column, cy = top - (i / 3) * cell;
      double baseline = cy - size;
      page.ops.push_back(
          DrawCircle{cx + size * 0.4, baseline + size * 0.36, size * 0.38, StatusColour(AllStatuses()[i].status)});
      for (const Line& l : labels[i]) {
        PlaceLine(page, metrics, l, cx + size * 1.3, baseline);
        baseline -= size * 1.25;
      }
    }
  };
  return graphic;
}

// Lays the dashboard out with its figures table at `table_size` points.
absl::StatusOr<std::vector<PageContent>> LayOut(Context& context, double table_size) {
  const PaperSize& paper = context.pdf().paper();
  const Frame body{kMargin, paper.height - 18 * kMillimetre, paper.width - 2 * kMargin, paper.height - 36 * kMillimetre};
  Flow flow(context.metrics(), context.l10n(), PageTemplate{{body}, {body}});

  const monitor::v1::Dashboard& dashboard = context.snapshot().dashboard();
  absl::StatusOr<std::string>
      publisher = context.Message("document.publisher"),
      title = context.Message("dashboard.title"),
      summary = context.Message(
          "dashboard.summary",
          MessageArgs().Number("count", dashboard.total().total()).Number("themes", dashboard.themes_size())),
      snapshot = context.SnapshotLine(), by_status = context.Message("dashboard.by_status.title"),
      by_theme = context.Message("dashboard.by_theme.title"), note = context.Message("dashboard.note"),
      overview = context.Message("appendix.overview.title");
  for (const auto* m : {&publisher, &title, &summary, &snapshot, &by_status, &by_theme, &note, &overview}) {
    if (!m->ok()) return m->status();
  }
  flow.Add(Paragraph{.spans = {{*publisher, Style(9, FontStyle::kBold, kBlue)}}, .space_after = 10});
  flow.Add(Paragraph{.spans = {{*title, Style(20, FontStyle::kBold, kBlue)}}, .line_spacing = 1.15});
  flow.Add(Paragraph{.spans = {{*summary, Style(12)}}, .space_before = 4});
  flow.Add(Paragraph{.spans = {{*snapshot, Style(8.5, FontStyle::kRegular, kGrey)}}, .space_after = 14});

  flow.Add(Paragraph{
      .spans = {{*by_status, Style(12.5, FontStyle::kBold, kBlue)}}, .space_after = 6, .keep_with_next = true});
  absl::StatusOr<Graphic> bars = StatusBars(context, body.width);
  if (!bars.ok()) return bars.status();
  flow.Add(*std::move(bars));

  flow.Add(Paragraph{.spans = {{*by_theme, Style(12.5, FontStyle::kBold, kBlue)}},
                     .space_before = 10,
                     .space_after = 4,
                     .keep_with_next = true});
  absl::StatusOr<Graphic> themes = ThemeBars(context, body.width);
  if (!themes.ok()) return themes.status();
  flow.Add(*std::move(themes));
  absl::StatusOr<Graphic> legend = Legend(context, body.width);
  if (!legend.ok()) return legend.status();
  legend->space_before = 6;
  flow.Add(*std::move(legend));
  flow.Add(Paragraph{.spans = {{*note, Style(8, FontStyle::kItalic, kGrey)}}, .space_before = 4});
  if (context.Changes() != nullptr) {
    absl::StatusOr<std::string> since = context.PreviousReport();
    if (!since.ok()) return since.status();
    absl::StatusOr<std::string> changes_note =
        context.Message("dashboard.changes_note", MessageArgs().Text("since", *since));
    if (!changes_note.ok()) return changes_note.status();
    flow.Add(Paragraph{.spans = {{*changes_note, Style(8, FontStyle::kItalic, kGrey)}}});
  }

  // The figures behind the bars, as the appendix prints them.
  flow.Add(Paragraph{.spans = {{*overview, Style(12.5, FontStyle::kBold, kBlue)}},
                     .space_before = 14,
                     .space_after = 6,
                     .keep_with_next = true});
  absl::StatusOr<Graphic> table = StatusTable(context, body.width, table_size);
  if (!table.ok()) return table.status();
  flow.Add(*std::move(table));
  return flow.Layout();
}

}  // namespace

absl::StatusOr<std::vector<PageContent>> BuildDashboard(Context& context, const RenderRequest&) {
  // One page: the figures table, which repeats the bars' numbers, gives way first in the languages
  // with long status names and theme titles (Hungarian with a previous report).
  size_t pages_needed = 0;
  for (const double table_size : {8.0, 7.5, 7.0}) {
    absl::StatusOr<std::vector<PageContent>> pages = LayOut(context, table_size);
    if (!pages.ok()) return pages.status();
    if (pages->size() != 1) {
      pages_needed = pages->size();
      continue;
    }
    if (absl::Status s = Decorate(context, *pages, {.margin_x = kMargin, .footer_y = 10 * kMillimetre}); !s.ok()) {
      return s;
    }
    return pages;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the dashboard needs ", pages_needed, " pages in ", context.locale(), "; it must fit one"));
}

}  // namespace werkmonitor::documents
