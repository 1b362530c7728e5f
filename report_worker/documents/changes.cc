// "What changed since the previous report" as the appendix opens with it: a summary sentence, a
// table of measures whose status changed, a table of milestones whose date moved (with the reason),
// the new and removed measures; and the line under each changed measure's heading. Everything comes
// from the snapshot's SnapshotComparison: no document computes a difference itself.
#include "absl/strings/str_cat.h"
#include "report_worker/documents/builders.h"

namespace werkmonitor::documents {
namespace {

constexpr double kText = 9;

// One row of a table: cells wrapped into their columns (fractions of the width), a rule above. Rows
// are separate blocks so a long table continues on the next page.
Graphic TableRow(Context& context, const std::vector<std::string>& cells, const std::vector<double>& columns,
                 double width, bool header) {
  const TextStyle style = Style(header ? kText - 1 : kText, header ? FontStyle::kBold : FontStyle::kRegular);
  const double pad = 3, line = style.size * 1.25;
  std::vector<std::vector<Line>> lines;
  size_t most = 1;
  for (size_t c = 0; c < cells.size(); ++c) {
    lines.push_back(BreakLines({{cells[c], style}}, columns[c] * width - 2 * pad, context.metrics(), context.l10n()));
    most = std::max(most, lines.back().size());
  }
  TextMetrics& metrics = context.metrics();
  const double height = most * line + 2 * pad;
  return Graphic{.height = height,
                 .draw =
                     [=, &metrics](PageContent& page, double x, double top, double w) {
                       if (header) page.ops.push_back(DrawRect{x, top - height, w, height, kTint});
                       page.ops.push_back(DrawLine{x, top, x + w, top, header ? 0.6 : 0.3, header ? kBlue : kRule});
                       double left = x;
                       for (size_t c = 0; c < lines.size(); ++c) {
                         double baseline = top - pad - style.size;
                         for (const Line& l : lines[c]) {
                           PlaceLine(page, metrics, l, left + pad, baseline);
                           baseline -= line;
                         }
                         left += columns[c] * w;
                       }
                     },
                 .keep_with_next = header};
}

// A rule closing a table.
Graphic TableEnd() {
  return Graphic{.height = 0.6, .draw = [](PageContent& page, double x, double top, double w) {
                   page.ops.push_back(DrawLine{x, top, x + w, top, 0.6, kBlue});
                 }};
}

absl::StatusOr<std::vector<std::string>> Messages(Context& context, const std::vector<const char*>& keys) {
  std::vector<std::string> texts;
  for (const char* key : keys) {
    absl::StatusOr<std::string> text = context.Message(key);
    if (!text.ok()) return text.status();
    texts.push_back(std::move(*text));
  }
  return texts;
}

absl::StatusOr<std::string> FromTo(Context& context, const std::string& from, const std::string& to) {
  return context.Message("changes.from_to", MessageArgs().Text("from", from).Text("to", to));
}

// "2a Registratie …": a measure as the tables name it.
std::string NumberOf(const monitor::v1::Measure* measure, const std::string& id) {
  return measure != nullptr ? measure->number() : id;
}

void AddSubheading(Flow& flow, const std::string& text) {
  flow.Add(Paragraph{.spans = {{text, Style(10.5, FontStyle::kBold, kInk)}},
                     .space_before = 10,
                     .space_after = 4,
                     .keep_with_next = true});
}

}  // namespace

absl::Status AddChangesSection(Context& context, Flow& flow, double width) {
  const monitor::v1::SnapshotComparison* changes = context.Changes();
  if (changes == nullptr) return absl::OkStatus();  // the first report
  Localizer& l10n = context.l10n();
  absl::StatusOr<std::string> since = context.PreviousReport();
  if (!since.ok()) return since.status();
  absl::StatusOr<std::string> title = context.Message("appendix.changes.title", MessageArgs().Text("since", *since));
  if (!title.ok()) return title.status();

  struct StatusRow {
    const monitor::v1::Measure* measure;
    const monitor::v1::MeasureChange* change;
  };
  struct MovedRow {
    const monitor::v1::Measure* measure;
    const monitor::v1::Milestone* milestone;  // nullptr when the target lacks it
    const monitor::v1::MilestoneChange* change;
  };
  std::vector<StatusRow> statuses, added;
  std::vector<std::string> removed;
  std::vector<MovedRow> moved;
  int changed = 0;
  for (const monitor::v1::MeasureChange& change : changes->measures()) {
    const monitor::v1::Measure* measure = context.FindMeasure(change.measure_id());
    switch (change.kind()) {
      case monitor::v1::MeasureChange::ADDED:
        added.push_back({measure, &change});
        continue;
      case monitor::v1::MeasureChange::REMOVED:
        removed.push_back(change.measure_id());
        continue;
      default:
        break;
    }
    ++changed;
    if (change.from_status() != change.to_status()) statuses.push_back({measure, &change});
    for (const monitor::v1::MilestoneChange& milestone : change.milestones()) {
      if (milestone.kind() != monitor::v1::MilestoneChange::MOVED) continue;
      const monitor::v1::Milestone* found = nullptr;
      if (measure != nullptr) {
        for (const monitor::v1::Milestone& m : measure->milestones()) {
          if (m.id() == milestone.milestone_id()) found = &m;
        }
      }
      moved.push_back({measure, found, &milestone});
    }
  }

  flow.Add(Paragraph{.spans = {{*title, Style(15, FontStyle::kBold, kBlue)}},
                     .space_before = 4,
                     .space_after = 4,
                     .keep_with_next = true});
  absl::StatusOr<std::string> summary =
      changes->measures().empty()
          ? context.Message("appendix.changes.none")
          : context.Message("appendix.changes.summary", MessageArgs()
                                                            .Number("changed", changed)
                                                            .Number("added", static_cast<int64_t>(added.size()))
                                                            .Number("moved", static_cast<int64_t>(moved.size())));
  if (!summary.ok()) return summary.status();
  flow.Add(Paragraph{.spans = {{*summary, Style(kText + 0.5)}}, .space_after = 2});

  if (!statuses.empty()) {
    absl::StatusOr<std::vector<std::string>> head = Messages(
        context,
        {"appendix.changes.status_title", "changes.column.number", "changes.column.measure", "changes.column.status"});
    if (!head.ok()) return head.status();
    AddSubheading(flow, (*head)[0]);
    const std::vector<double> columns = {0.08, 0.52, 0.40};
    flow.Add(TableRow(context, {(*head)[1], (*head)[2], (*head)[3]}, columns, width, /*header=*/true));
    for (const StatusRow& row : statuses) {
      absl::StatusOr<std::string> from = context.StatusLabel(row.change->from_status());
      absl::StatusOr<std::string> to = context.StatusLabel(row.change->to_status());
      if (!from.ok()) return from.status();
      if (!to.ok()) return to.status();
      absl::StatusOr<std::string> from_to = FromTo(context, *from, *to);
      if (!from_to.ok()) return from_to.status();
      const std::string name = row.measure != nullptr ? l10n.Text(row.measure->title()).text : "";
      flow.Add(TableRow(context, {NumberOf(row.measure, row.change->measure_id()), name, *from_to}, columns, width,
                        /*header=*/false));
    }
    flow.Add(TableEnd());
  }

  if (!moved.empty()) {
    absl::StatusOr<std::vector<std::string>> head =
        Messages(context, {"appendix.changes.moved_title", "changes.column.number", "changes.column.milestone",
                           "changes.column.date", "changes.column.reason"});
    if (!head.ok()) return head.status();
    AddSubheading(flow, (*head)[0]);
    const std::vector<double> columns = {0.08, 0.30, 0.30, 0.32};
    flow.Add(TableRow(context, {(*head)[1], (*head)[2], (*head)[3], (*head)[4]}, columns, width, /*header=*/true));
    for (const MovedRow& row : moved) {
      absl::StatusOr<std::string> from = context.Date(row.change->from_date());
      absl::StatusOr<std::string> to = context.Date(row.change->to_date());
      if (!from.ok()) return from.status();
      if (!to.ok()) return to.status();
      absl::StatusOr<std::string> from_to = FromTo(context, *from, *to);
      if (!from_to.ok()) return from_to.status();
      const std::string label =
          row.milestone != nullptr ? l10n.Text(row.milestone->label()).text : row.change->milestone_id();
      // The reason is the department's own Dutch sentence, as the measure texts are.
      const std::string reason = row.change->reason().empty() ? "—" : row.change->reason();
      flow.Add(TableRow(context, {NumberOf(row.measure, ""), label, *from_to, reason}, columns, width,
                        /*header=*/false));
    }
    flow.Add(TableEnd());
  }

  for (const auto& [key, list] : {std::pair{"appendix.changes.added_title", &added}}) {
    if (list->empty()) continue;
    absl::StatusOr<std::string> heading = context.Message(key);
    if (!heading.ok()) return heading.status();
    AddSubheading(flow, *heading);
    for (const StatusRow& row : *list) {
      const std::string name = row.measure != nullptr ? l10n.Text(row.measure->title()).text : "";
      flow.Add(Paragraph{.spans = {{absl::StrCat(NumberOf(row.measure, row.change->measure_id()), ". "),
                                    Style(kText, FontStyle::kBold)},
                                   {name, Style(kText)}},
                         .indent = 10,
                         .marker = "•",
                         .space_after = 2});
    }
  }
  if (!removed.empty()) {
    absl::StatusOr<std::string> heading = context.Message("appendix.changes.removed_title");
    if (!heading.ok()) return heading.status();
    AddSubheading(flow, *heading);
    // A removed measure is only in the previous report: its id is what this one can name.
    for (const std::string& id : removed) {
      flow.Add(Paragraph{.spans = {{id, Style(kText)}}, .indent = 10, .marker = "•", .space_after = 2});
    }
  }
  return absl::OkStatus();
}

absl::Status AddChangeMarker(Context& context, Flow& flow, const monitor::v1::Measure& measure, double indent) {
  if (context.Changes() == nullptr) return absl::OkStatus();
  const monitor::v1::MeasureChange* own = context.ChangeOf(measure.id());
  bool changed = own != nullptr;
  for (const monitor::v1::Measure* child : context.tree().ChildrenOf(measure.id())) {
    changed = changed || context.ChangeOf(child->id()) != nullptr;
  }
  if (!changed) return absl::OkStatus();
  absl::StatusOr<std::string> since = context.PreviousReport();
  if (!since.ok()) return since.status();
  const bool added = own != nullptr && own->kind() == monitor::v1::MeasureChange::ADDED;
  absl::StatusOr<std::string> marker = context.Message(
      added ? "appendix.changes.marker_new" : "appendix.changes.marker", MessageArgs().Text("since", *since));
  if (!marker.ok()) return marker.status();
  flow.Add(Paragraph{.spans = {{*marker, Style(kText - 0.5, FontStyle::kBold, kBlue)}},
                     .indent = indent,
                     .space_after = 3,
                     .keep_with_next = true});
  return absl::OkStatus();
}

}  // namespace werkmonitor::documents
