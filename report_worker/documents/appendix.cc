// The appendix "Bijlage I Monitoringsoverzicht", rebuilt from a snapshot: title block, legend,
// dashboard table, then per theme its introduction and every measure with number, title, status and
// full text (sub-measures with their own status and text).
#include "absl/strings/str_cat.h"
#include "domain/status.h"
#include "report_worker/documents/builders.h"

namespace werkmonitor::documents {
namespace {

constexpr double kText = 9.5;

// "a." for sub-measure "2a".
std::string Letter(const monitor::v1::Measure& child) {
  return absl::StrCat(child.number().substr(child.number().size() - 1), ".");
}

absl::Status AddMeasure(Context& context, Flow& flow, const monitor::v1::Measure& measure) {
  Localizer& l10n = context.l10n();
  const Localized title = l10n.Text(measure.title());
  flow.Add(
      Paragraph{.spans = {{absl::StrCat(measure.number(), ". ", title.text), Style(10.5, FontStyle::kBold, kBlue)}},
                .space_before = 12,
                .space_after = 3,
                .keep_with_next = true});
  if (absl::Status s = AddChangeMarker(context, flow, measure, 0); !s.ok()) return s;
  const std::vector<const monitor::v1::Measure*> children = context.tree().ChildrenOf(measure.id());
  if (children.empty()) {
    absl::StatusOr<std::string> status = context.StatusLabel(measure.status());
    if (!status.ok()) return status.status();
    flow.Add(Paragraph{.spans = {{*status, Style(kText, FontStyle::kBold)}},
                       .indent = 14,
                       .dot = StatusColour(measure.status()),
                       .space_after = 4,
                       .keep_with_next = true});
  }
  for (const monitor::v1::Measure* child : children) {
    absl::StatusOr<std::string> status = context.StatusLabel(child->status());
    if (!status.ok()) return status.status();
    flow.Add(Paragraph{.spans = {{absl::StrCat(Letter(*child), " "), Style(kText)},
                                 {l10n.Text(child->title()).text, Style(kText, FontStyle::kItalic)},
                                 {absl::StrCat("  ", *status), Style(kText, FontStyle::kBold)}},
                       .indent = 14,
                       .dot = StatusColour(child->status()),
                       .space_after = 2,
                       .keep_with_next = true});
  }
  const LocalizedBodyRef body = l10n.Body(measure.body());
  if (body.fell_back) {
    if (absl::Status s = AddUntranslatedNotice(context, flow, 8); !s.ok()) return s;
  }
  AddBody(flow, *body.body, Style(kText), 0);
  for (const monitor::v1::Measure* child : children) {
    const LocalizedBodyRef child_body = l10n.Body(child->body());
    AddBody(flow, *child_body.body, Style(kText), 14, Letter(*child));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<PageContent>> BuildAppendix(Context& context, const RenderRequest&) {
  const PaperSize& paper = context.pdf().paper();
  const double margin = 20 * kMillimetre;
  const Frame body{margin, paper.height - 22 * kMillimetre, paper.width - 2 * margin, paper.height - 42 * kMillimetre};
  Flow flow(context.metrics(), context.l10n(), PageTemplate{{body}, {body}});

  auto message = [&](absl::string_view key) { return context.Message(key); };
  absl::StatusOr<std::string> publisher = message("document.publisher"), kicker = message("appendix.kicker"),
                              title = message("appendix.title"), subtitle = message("appendix.subtitle"),
                              snapshot = context.SnapshotLine(), legend = message("appendix.legend.title"),
                              legend_subtitle = message("appendix.legend.subtitle"),
                              overview = message("appendix.overview.title"),
                              measures_heading = message("theme.measures_heading"),
                              running_header = message("appendix.running_header");
  for (const auto* m : {&publisher, &kicker, &title, &subtitle, &snapshot, &legend, &legend_subtitle, &overview,
                        &measures_heading, &running_header}) {
    if (!m->ok()) return m->status();
  }

  // Title block.
  flow.Add(Paragraph{.spans = {{*publisher, Style(9, FontStyle::kBold, kBlue)}}, .space_after = 14});
  flow.Add(Paragraph{.spans = {{*kicker, Style(13, FontStyle::kBold, kBlue)}}});
  flow.Add(Paragraph{.spans = {{*title, Style(24, FontStyle::kBold, kBlue)}}, .line_spacing = 1.15});
  flow.Add(Paragraph{.spans = {{*subtitle, Style(12)}}, .space_before = 4, .space_after = 4});
  flow.Add(Paragraph{.spans = {{*snapshot, Style(8.5, FontStyle::kRegular, kGrey)}}, .space_after = 16});

  // What changed since the previous report comes first: it is what readers look for.
  if (absl::Status s = AddChangesSection(context, flow, body.width); !s.ok()) return s;
  if (context.Changes() != nullptr) flow.Add(PageBreak{});

  // Legend.
  flow.Add(Paragraph{.spans = {{*legend, Style(13, FontStyle::kBold, kBlue)}}, .keep_with_next = true});
  flow.Add(Paragraph{
      .spans = {{*legend_subtitle, Style(kText, FontStyle::kItalic)}}, .space_after = 4, .keep_with_next = true});
  for (const StatusInfo& info : AllStatuses()) {
    absl::StatusOr<std::string> label = context.StatusLabel(info.status);
    absl::StatusOr<std::string> explanation = context.StatusLegend(info.status);
    if (!label.ok()) return label.status();
    if (!explanation.ok()) return explanation.status();
    flow.Add(Paragraph{
        .spans = {{*label, Style(kText, FontStyle::kBold)}, {absl::StrCat(" — ", *explanation), Style(kText)}},
        .indent = 14,
        .dot = StatusColour(info.status),
        .space_after = 2});
  }

  // Dashboard overview, computed by the service from the snapshot's measures.
  flow.Add(Paragraph{.spans = {{*overview, Style(13, FontStyle::kBold, kBlue)}},
                     .space_before = 16,
                     .space_after = 6,
                     .keep_with_next = true});
  absl::StatusOr<Graphic> table = StatusTable(context, body.width, 8.5);
  if (!table.ok()) return table.status();
  flow.Add(*std::move(table));

  // One section per theme.
  for (const monitor::v1::Theme& theme : context.data().themes()) {
    flow.Add(PageBreak{});
    flow.Add(Paragraph{.spans = {{context.l10n().Text(theme.title()).text, Style(17, FontStyle::kBold, kBlue)}},
                       .space_after = 8,
                       .keep_with_next = true});
    const LocalizedBodyRef introduction = context.l10n().Body(theme.introduction());
    if (introduction.fell_back) {
      if (absl::Status s = AddUntranslatedNotice(context, flow, 8); !s.ok()) return s;
    }
    AddBody(flow, *introduction.body, Style(kText), 0);
    flow.Add(Paragraph{
        .spans = {{*measures_heading, Style(11, FontStyle::kBold, kInk)}}, .space_before = 8, .keep_with_next = true});
    flow.Add(Graphic{.height = 1,
                     .draw =
                         [](PageContent& page, double x, double top, double width) {
                           page.ops.push_back(DrawLine{x, top - 0.5, x + width, top - 0.5, 0.6, kBlue});
                         },
                     .space_before = 2,
                     .keep_with_next = true});
    for (const monitor::v1::Measure& measure : context.data().measures()) {
      if (measure.theme_id() != theme.id() || !measure.parent_id().empty()) continue;
      if (absl::Status s = AddMeasure(context, flow, measure); !s.ok()) return s;
    }
  }

  absl::StatusOr<std::vector<PageContent>> pages = flow.Layout();
  if (!pages.ok()) return pages.status();
  if (absl::Status s = Decorate(context, *pages,
                                {.header = *running_header,
                                 .margin_x = margin,
                                 .header_y = paper.height - 13 * kMillimetre,
                                 .footer_y = 11 * kMillimetre});
      !s.ok()) {
    return s;
  }
  return pages;
}

}  // namespace werkmonitor::documents
