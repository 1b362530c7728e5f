// The leaflet for labour migrants: what the government does, by theme, with each measure's status
// and plain-language summary, the dates still to come, where to get help, and "who is who": the
// Dutch institutions and terms it names, explained in the reader's language. On A4 it fits one
// sheet printed on both sides when that leaves the text readable, otherwise two sheets; the text is
// set as large as that allows. A QR code in the top right corner leads to the online version in
// the reader's language.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "domain/partial_date.h"
#include "report_worker/documents/builders.h"
#include "report_worker/documents/qr_code.h"

namespace werkmonitor::documents {
namespace {

// One sheet (two sides) when the text stays readable on it, else two, else three (the complete
// leaflet in the longest language, Bulgarian): readers with little practice in reading dense
// official text, many tired after a shift, need large letters more than one sheet of paper.
constexpr size_t kA4SheetPages[] = {2, 4, 6};
// Body text sizes tried on A4, largest first: 10 pt is what clear-print guidance allows at the
// least for a general public, 9 pt the floor. A5 booklets use one size.
constexpr double kA4TextSizes[] = {10.5, 10, 9.5, 9};
constexpr double kA5TextSize = 8.5;
constexpr size_t kMaxKeyDates = 8;
// The QR code: 18 mm is scanned easily by any phone at reading distance.
constexpr double kQrSide = 18 * kMillimetre;
constexpr double kQrCaptionSize = 6.5;

// At most this many lines in the "what changed" box; the rest are counted in the last one.
constexpr size_t kMaxChangeItems = 6;

struct Texts {
  std::string publisher, title, subtitle, snapshot, intro, dates_title, no_dates, help_title, online;
  std::vector<std::string> help;
  std::string printed;  // the footer line; empty when the request has no print date
  // Only with a previous report.
  std::string changes_title, marker_new, marker_changed;
  std::string terms_title;
};

struct ChangesBox {
  bool shown = false;  // only with a previous report
  std::string lead;    // "3 measures have changed:"
  std::vector<std::string> items;
};

absl::StatusOr<Texts> LoadTexts(Context& context, const RenderRequest& request, int measures) {
  Texts t;
  struct Field {
    const char* key;
    std::string* into;
  };
  for (const Field& f : {Field{"document.publisher", &t.publisher}, Field{"leaflet.title", &t.title},
                         Field{"leaflet.subtitle", &t.subtitle}, Field{"leaflet.key_dates.title", &t.dates_title},
                         Field{"leaflet.key_dates.none", &t.no_dates}, Field{"leaflet.help.title", &t.help_title},
                         Field{"leaflet.online", &t.online}, Field{"leaflet.terms.title", &t.terms_title}}) {
    absl::StatusOr<std::string> text = context.Message(f.key);
    if (!text.ok()) return text.status();
    *f.into = std::move(*text);
  }
  absl::StatusOr<std::string> intro = context.Message("leaflet.intro", MessageArgs().Number("count", measures));
  absl::StatusOr<std::string> snapshot = context.SnapshotLine();
  if (!intro.ok()) return intro.status();
  if (!snapshot.ok()) return snapshot.status();
  t.intro = *intro;
  t.snapshot = *snapshot;
  for (const char* key : {"leaflet.help.work_in_nl", "leaflet.help.juridisch_loket", "leaflet.help.fairwork",
                          "leaflet.help.barka", "leaflet.help.meldpunt"}) {
    absl::StatusOr<std::string> text = context.Message(key);
    if (!text.ok()) return text.status();
    t.help.push_back(std::move(*text));
  }
  if (request.printed_on.has_value()) {
    MessageArgs args = MessageArgs().Date("printed", *request.printed_on);
    const monitor::v1::PartialDate* as_of = context.AsOf();
    if (as_of != nullptr) {
      absl::StatusOr<std::string> date = context.Date(*as_of);
      if (!date.ok()) return date.status();
      args.Text("snapshot", *date).Text("precision", Context::PrecisionName(*as_of));
    }
    absl::StatusOr<std::string> printed =
        context.Message(as_of != nullptr ? "leaflet.printed_on" : "leaflet.printed_on_undated", args);
    if (!printed.ok()) return printed.status();
    t.printed = *printed;
  }
  if (context.Changes() != nullptr) {
    absl::StatusOr<std::string> since = context.PreviousReport();
    if (!since.ok()) return since.status();
    absl::StatusOr<std::string> title = context.Message("leaflet.changes.title", MessageArgs().Text("since", *since));
    absl::StatusOr<std::string> marker_new = context.Message("leaflet.marker.new");
    absl::StatusOr<std::string> marker_changed = context.Message("leaflet.marker.changed");
    for (const auto* m : {&title, &marker_new, &marker_changed}) {
      if (!m->ok()) return m->status();
    }
    t.changes_title = *title;
    t.marker_new = *marker_new;
    t.marker_changed = *marker_changed;
  }
  return t;
}

// Whether a leaflet reader sees the change: status, title, summary or a date (not the body, the
// owner or a progress note, which the leaflet does not show).
bool VisibleOnLeaflet(const monitor::v1::MeasureChange& change) {
  return change.kind() == monitor::v1::MeasureChange::ADDED || change.from_status() != change.to_status() ||
         change.title_changed() || change.summary_changed() || !change.milestones().empty();
}

// The terms the leaflet names, for its "who is who" box, in the alphabetical order of the reader's
// language (a list to look things up in): found by the approved forms of that language in every
// text the leaflet prints, and by the Dutch names in a text not yet translated (shown in Dutch).
absl::StatusOr<std::vector<const i18n::v1::Term*>> NamedTerms(Context& context, const Texts& texts,
                                                              const std::vector<std::string>& key_dates,
                                                              const ChangesBox& changes,
                                                              const std::vector<const monitor::v1::Measure*>& measures) {
  Localizer& l10n = context.l10n();
  std::vector<std::string> printed = {texts.title, texts.subtitle, texts.intro}, in_dutch;
  std::string theme;
  for (const monitor::v1::Measure* measure : measures) {
    if (measure->theme_id() != theme) printed.push_back(context.ThemeTitle(theme = measure->theme_id()));
    const Localized title = l10n.Text(measure->title());
    absl::StatusOr<Localized> summary = l10n.Summary(*measure);
    if (!summary.ok()) return summary.status();
    (title.fell_back ? in_dutch : printed).push_back(title.text);
    (summary->fell_back ? in_dutch : printed).push_back(summary->text);
  }
  printed.insert(printed.end(), changes.items.begin(), changes.items.end());
  printed.insert(printed.end(), key_dates.begin(), key_dates.end());
  printed.insert(printed.end(), texts.help.begin(), texts.help.end());
  std::vector<const i18n::v1::Term*> terms = l10n.Terms().TermsIn(printed);
  for (const i18n::v1::Term* dutch : l10n.SourceTerms().TermsIn(in_dutch)) {
    const i18n::v1::Term* term = l10n.Terms().Get(dutch->id());
    if (term != nullptr && std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
  }
  std::stable_sort(terms.begin(), terms.end(), [&](const i18n::v1::Term* a, const i18n::v1::Term* b) {
    return l10n.Compare(a->name(), b->name()) < 0;
  });
  return terms;
}

// The box "what changed since <date>", built only from the structured changes of the leaflet's
// measures through catalog messages (never the departments' own Dutch words): a count, then new
// measures, status changes and moved dates, at most kMaxChangeItems of them.
absl::StatusOr<ChangesBox> BuildChangesBox(Context& context, const std::vector<const monitor::v1::Measure*>& measures) {
  ChangesBox box;
  const monitor::v1::SnapshotComparison* changes = context.Changes();
  if (changes == nullptr) return box;
  box.shown = true;
  Localizer& l10n = context.l10n();
  std::vector<std::string> added, statuses, moved;
  int count = 0;
  for (const monitor::v1::Measure* measure : measures) {
    const monitor::v1::MeasureChange* change = context.ChangeOf(measure->id());
    if (change == nullptr || !VisibleOnLeaflet(*change)) continue;
    ++count;
    const std::string title = l10n.Text(measure->title()).text;
    if (change->kind() == monitor::v1::MeasureChange::ADDED) {
      absl::StatusOr<std::string> item = context.Message("leaflet.changes.added", MessageArgs().Text("measure", title));
      if (!item.ok()) return item.status();
      added.push_back(*std::move(item));
      continue;
    }
    if (change->from_status() != change->to_status()) {
      absl::StatusOr<std::string> from = context.StatusLabel(change->from_status());
      absl::StatusOr<std::string> to = context.StatusLabel(change->to_status());
      if (!from.ok()) return from.status();
      if (!to.ok()) return to.status();
      absl::StatusOr<std::string> item = context.Message(
          "leaflet.changes.status", MessageArgs().Text("measure", title).Text("from", *from).Text("to", *to));
      if (!item.ok()) return item.status();
      statuses.push_back(*std::move(item));
    }
    for (const monitor::v1::MilestoneChange& milestone : change->milestones()) {
      if (milestone.kind() != monitor::v1::MilestoneChange::MOVED) continue;
      std::string label;
      for (const monitor::v1::Milestone& m : measure->milestones()) {
        if (m.id() == milestone.milestone_id()) label = l10n.Text(m.label()).text;
      }
      if (label.empty()) label = title;
      absl::StatusOr<std::string> from = context.Date(milestone.from_date());
      absl::StatusOr<std::string> to = context.Date(milestone.to_date());
      if (!from.ok()) return from.status();
      if (!to.ok()) return to.status();
      absl::StatusOr<std::string> item = context.Message(
          "leaflet.changes.moved", MessageArgs().Text("milestone", label).Text("from", *from).Text("to", *to));
      if (!item.ok()) return item.status();
      moved.push_back(*std::move(item));
    }
  }
  absl::StatusOr<std::string> lead =
      count == 0 ? context.Message("leaflet.changes.none")
                 : context.Message("leaflet.changes.count", MessageArgs().Number("count", count));
  if (!lead.ok()) return lead.status();
  box.lead = *std::move(lead);
  for (std::vector<std::string>* list : {&added, &statuses, &moved}) {
    for (std::string& item : *list) box.items.push_back(std::move(item));
  }
  if (box.items.size() > kMaxChangeItems) {
    const int more = static_cast<int>(box.items.size() - (kMaxChangeItems - 1));
    box.items.resize(kMaxChangeItems - 1);
    absl::StatusOr<std::string> rest = context.Message("leaflet.changes.more", MessageArgs().Number("count", more));
    if (!rest.ok()) return rest.status();
    box.items.push_back(*std::move(rest));
  }
  return box;
}

// The box as one block on a light tint, so it stands apart from the measures.
Graphic ChangesGraphic(Context& context, const std::string& title, const ChangesBox& box, double width, double size) {
  const double pad = size * 0.6, indent = size * 1.1;
  struct Item {
    std::vector<Line> lines;
    bool bullet;
  };
  std::vector<Item> items;
  items.push_back({BreakLines({{title, Style(size + 1, FontStyle::kBold, kBlue)}}, width - 2 * pad, context.metrics(),
                              context.l10n()),
                   false});
  items.push_back({BreakLines({{box.lead, Style(size)}}, width - 2 * pad, context.metrics(), context.l10n()), false});
  for (const std::string& text : box.items) {
    items.push_back(
        {BreakLines({{text, Style(size)}}, width - 2 * pad - indent, context.metrics(), context.l10n()), true});
  }
  double height = 2 * pad;
  for (const Item& item : items) {
    for (const Line& l : item.lines) height += l.size * 1.22;
    height += size * 0.2;
  }
  TextMetrics& metrics = context.metrics();
  return Graphic{.height = height,
                 .draw =
                     [=, &metrics](PageContent& page, double x, double top, double w) {
                       page.ops.push_back(DrawRect{x, top - height, w, height, kTint});
                       page.ops.push_back(DrawRect{x, top - height, 2, height, kBlue});
                       double baseline = top - pad;
                       for (const Item& item : items) {
                         const double left = x + pad + (item.bullet ? indent : 0);
                         for (size_t i = 0; i < item.lines.size(); ++i) {
                           const Line& l = item.lines[i];
                           baseline -= l.size * (i == 0 ? 1.0 : 1.22);
                           if (item.bullet && i == 0) {
                             page.ops.push_back(DrawText{x + pad + size * 0.2, baseline, "•", Style(size)});
                           }
                           PlaceLine(page, metrics, l, left, baseline);
                         }
                         baseline -= size * 0.42;
                       }
                     },
                 .space_before = size * 0.6,
                 .space_after = size * 0.2};
}

// The QR code with two caption lines under it ("Online version", the address without https://),
// centred in a block at the top right corner of the first page.
class OnlineLink {
 public:
  OnlineLink(QrCode code, std::string caption, std::string url, Context& context)
      : code_(std::move(code)), caption_(std::move(caption)), address_(DisplayedAddress(url)) {
    width_ = std::max({kQrSide, context.metrics().Width(caption_, CaptionStyle(FontStyle::kBold)),
                       context.metrics().Width(address_, CaptionStyle(FontStyle::kRegular))});
  }
  double width() const { return width_; }
  double height() const { return kQrSide + QuietZone() + 2 * kQrCaptionSize * 1.3; }

  void Draw(PageContent& page, TextMetrics& metrics, double right, double top) const {
    const double left = right - width_;
    DrawQrCode(code_, left + (width_ - kQrSide) / 2, top, kQrSide, kInk, page);
    // Text keeps the quiet zone free: scanners need it to find the code.
    double baseline = top - kQrSide - QuietZone() - kQrCaptionSize;
    for (const auto& [text, font] :
         {std::pair{&caption_, FontStyle::kBold}, std::pair{&address_, FontStyle::kRegular}}) {
      const TextStyle style = CaptionStyle(font);
      page.ops.push_back(DrawText{left + (width_ - metrics.Width(*text, style)) / 2, baseline, *text, style});
      baseline -= kQrCaptionSize * 1.3;
    }
  }

 private:
  static TextStyle CaptionStyle(FontStyle font) { return Style(kQrCaptionSize, font, kGrey); }
  static std::string DisplayedAddress(absl::string_view url) {
    absl::ConsumePrefix(&url, "https://") || absl::ConsumePrefix(&url, "http://");
    return std::string(url);
  }
  double QuietZone() const { return kQrSide / code_.size() * kQrQuietZone; }

  QrCode code_;
  std::string caption_, address_;
  double width_ = 0;
};

struct KeyDate {
  absl::CivilDay earliest;
  std::string text;
};

// Milestones of the leaflet's measures that are still to come at the snapshot's as-of date, soonest
// first.
absl::StatusOr<std::vector<std::string>> KeyDates(Context& context,
                                                  const std::vector<const monitor::v1::Measure*>& measures) {
  std::vector<KeyDate> dates;
  for (const monitor::v1::Measure* measure : measures) {
    for (const monitor::v1::Milestone& milestone : measure->milestones()) {
      if (!IsUpcoming(milestone.date(), context.ReferenceDay())) continue;
      absl::StatusOr<std::string> date = context.l10n().Date(milestone.date());
      if (!date.ok()) return date.status();
      absl::StatusOr<std::string> item =
          context.Message("leaflet.key_dates.item",
                          MessageArgs().Text("date", *date).Text("label", context.l10n().Text(milestone.label()).text));
      if (!item.ok()) return item.status();
      dates.push_back({EarliestDay(milestone.date()), *item});
    }
  }
  std::stable_sort(dates.begin(), dates.end(),
                   [](const KeyDate& a, const KeyDate& b) { return a.earliest < b.earliest; });
  std::vector<std::string> texts;
  for (size_t i = 0; i < dates.size() && i < kMaxKeyDates; ++i) texts.push_back(dates[i].text);
  return texts;
}

// Lays the leaflet out with body text of `size` points.
absl::StatusOr<std::vector<PageContent>> LayOut(Context& context, const RenderRequest& request, const Texts& texts,
                                                const OnlineLink& online, const std::vector<std::string>& key_dates,
                                                const ChangesBox& changes,
                                                const std::vector<const i18n::v1::Term*>& terms,
                                                const std::vector<const monitor::v1::Measure*>& measures, double size) {
  const PaperSize& paper = context.pdf().paper();
  const bool two_columns = paper.width > 500;  // A4; A5 is one column
  const double margin = 10 * kMillimetre, gutter = 5 * kMillimetre;
  const double full = paper.width - 2 * margin;
  const double column = two_columns ? (full - gutter) / 2 : full;
  const double top = paper.height - margin, bottom = 12 * kMillimetre;

  // The title block spans the page beside the QR code: measure it to place the columns under it.
  const double head_width = full - online.width() - gutter;
  std::vector<Paragraph> header = {
      Paragraph{.spans = {{texts.publisher, Style(8, FontStyle::kBold, kBlue)}}, .space_after = 4},
      Paragraph{.spans = {{texts.title, Style(size + 9, FontStyle::kBold, kBlue)}}, .line_spacing = 1.15},
      Paragraph{.spans = {{texts.subtitle, Style(size + 2.5)}}, .space_before = 2},
      Paragraph{.spans = {{texts.snapshot, Style(size - 1.5, FontStyle::kRegular, kGrey)}}, .space_before = 2},
      Paragraph{.spans = {{texts.intro, Style(size + 0.5)}}, .space_before = 6, .space_after = 4},
  };
  Flow measure_flow(context.metrics(), context.l10n(), PageTemplate{{}, {}});
  double header_height = 6;
  for (const Paragraph& p : header)
    header_height += p.space_before + p.space_after + measure_flow.Height(p, head_width);
  header_height = std::max(header_height, online.height() + 6);
  const Frame head{margin, top, head_width, header_height};
  std::vector<Frame> first = {head}, rest;
  for (int c = 0; c < (two_columns ? 2 : 1); ++c) {
    const double x = margin + c * (column + gutter);
    first.push_back(Frame{x, top - header_height, column, top - header_height - bottom});
    rest.push_back(Frame{x, top, column, top - bottom});
  }
  Flow flow(context.metrics(), context.l10n(), PageTemplate{first, rest});
  for (Paragraph& p : header) flow.Add(std::move(p));
  flow.Add(Graphic{.height = 2, .draw = [full](PageContent& page, double x, double y, double) {
                     page.ops.push_back(DrawRect{x, y - 2, full, 2, kBlue});  // under the QR code too
                   }});
  flow.Add(FrameBreak{});
  if (changes.shown) flow.Add(ChangesGraphic(context, texts.changes_title, changes, column, size));

  Localizer& l10n = context.l10n();
  for (const monitor::v1::Theme& theme : context.data().themes()) {
    if (!request.themes.empty() &&
        std::find(request.themes.begin(), request.themes.end(), theme.id()) == request.themes.end()) {
      continue;
    }
    flow.Add(Paragraph{.spans = {{l10n.Text(theme.title()).text, Style(size + 2.5, FontStyle::kBold, kBlue)}},
                       .space_before = size * 0.9,
                       .space_after = size * 0.2,
                       .keep_with_next = true});
    for (const monitor::v1::Measure* measure : measures) {
      if (measure->theme_id() != theme.id()) continue;
      const Localized title = l10n.Text(measure->title());
      absl::StatusOr<Localized> summary = l10n.Summary(*measure);
      absl::StatusOr<std::string> status = context.StatusLabel(measure->status());
      if (!summary.ok()) return summary.status();
      if (!status.ok()) return status.status();
      // Title and status share the first line: the dot's colour and the label say the status. A
      // measure that is new or changed since the previous report says so first.
      std::vector<Span> spans;
      if (const monitor::v1::MeasureChange* change = context.ChangeOf(measure->id());
          change != nullptr && VisibleOnLeaflet(*change)) {
        const bool added = change->kind() == monitor::v1::MeasureChange::ADDED;
        spans.push_back({absl::StrCat(added ? texts.marker_new : texts.marker_changed, ": "),
                         Style(size + 0.3, FontStyle::kBold, kBlue)});
      }
      spans.push_back({title.text, Style(size + 0.3, FontStyle::kBold)});
      // The status stays whole on one line: "· Įgyvendinta / kitaip" split over two reads as two things.
      spans.push_back({absl::StrCat(" · ", absl::StrReplaceAll(*status, {{" ", "\u00a0"}})),
                       Style(size - 0.3, FontStyle::kBold, kGrey)});
      flow.Add(Paragraph{.spans = std::move(spans),
                         .indent = size * 1.1,
                         .dot = StatusColour(measure->status()),
                         .space_before = size * 0.35,
                         .line_spacing = 1.18,
                         .keep_with_next = true});
      if (title.fell_back || summary->fell_back) {
        if (absl::Status s = AddUntranslatedNotice(context, flow, size - 1.5, size * 1.1); !s.ok()) return s;
      }
      // Whole in one column: a summary read across a column break is easy to lose.
      flow.Add(Paragraph{.spans = {{summary->text, Style(size)}}, .line_spacing = 1.18, .keep_together = true});
    }
  }

  flow.Add(Paragraph{.spans = {{texts.dates_title, Style(size + 2.5, FontStyle::kBold, kBlue)}},
                     .space_before = size * 1.2,
                     .space_after = size * 0.2,
                     .keep_with_next = true});
  if (key_dates.empty()) flow.Add(Paragraph{.spans = {{texts.no_dates, Style(size)}}});
  for (const std::string& item : key_dates) {
    flow.Add(Paragraph{.spans = {{item, Style(size)}},
                       .indent = size * 1.1,
                       .marker = "•",
                       .space_after = size * 0.15,
                       .line_spacing = 1.22});
  }
  flow.Add(Paragraph{.spans = {{texts.help_title, Style(size + 2.5, FontStyle::kBold, kBlue)}},
                     .space_before = size * 1.2,
                     .space_after = size * 0.2,
                     .keep_with_next = true});
  for (const std::string& item : texts.help) {
    flow.Add(Paragraph{.spans = {{item, Style(size)}},
                       .indent = size * 1.1,
                       .marker = "•",
                       .space_after = size * 0.3,
                       .line_spacing = 1.22});
  }
  if (!terms.empty()) {
    flow.Add(Paragraph{.spans = {{texts.terms_title, Style(size + 2.5, FontStyle::kBold, kBlue)}},
                       .space_before = size * 1.2,
                       .space_after = size * 0.2,
                       .keep_with_next = true});
    for (const i18n::v1::Term* term : terms) {
      flow.Add(Paragraph{.spans = {{absl::StrCat(term->name(), ": "), Style(size, FontStyle::kBold)},
                                   {term->explanation(), Style(size)}},
                         .space_after = size * 0.3,
                         .line_spacing = 1.22,
                         .keep_together = true});
    }
  }
  absl::StatusOr<std::vector<PageContent>> pages = flow.Layout();
  if (pages.ok() && !pages->empty()) online.Draw(pages->front(), context.metrics(), margin + full, top);
  return pages;
}

}  // namespace

absl::StatusOr<std::vector<PageContent>> BuildLeaflet(Context& context, const RenderRequest& request) {
  std::vector<std::string> known;
  for (const auto& theme : context.data().themes()) known.push_back(theme.id());
  for (const std::string& wanted : request.themes) {
    if (std::find(known.begin(), known.end(), wanted) == known.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("theme: no theme \"", wanted, "\"; the themes are ", absl::StrJoin(known, ", ")));
    }
  }
  const std::vector<const monitor::v1::Measure*> measures = context.Leaves(request.themes);
  absl::StatusOr<Texts> texts = LoadTexts(context, request, static_cast<int>(measures.size()));
  if (!texts.ok()) return texts.status();
  const std::string url = OnlineUrl(context.online_url_template(), context.locale());
  absl::StatusOr<QrCode> code = EncodeQrCode(url);
  if (!code.ok()) return code.status();
  const OnlineLink online(std::move(*code), texts->online, url, context);
  absl::StatusOr<std::vector<std::string>> key_dates = KeyDates(context, measures);
  if (!key_dates.ok()) return key_dates.status();

  absl::StatusOr<ChangesBox> changes = BuildChangesBox(context, measures);
  if (!changes.ok()) return changes.status();
  absl::StatusOr<std::vector<const i18n::v1::Term*>> terms = NamedTerms(context, *texts, *key_dates, *changes, measures);
  if (!terms.ok()) return terms.status();

  auto lay_out = [&](double size) {
    return LayOut(context, request, *texts, online, *key_dates, *changes, *terms, measures, size);
  };
  absl::StatusOr<std::vector<PageContent>> chosen;  // the layout at the size found
  if (context.pdf().paper().name != "A4") {
    chosen = lay_out(kA5TextSize);  // A5: a booklet of as many pages as it takes
    if (!chosen.ok()) return chosen.status();
  } else {
    // A4: the smallest size gives the fewest pages, so it decides the number of sheets; then the
    // largest size that still fits them. Fewer pages with smaller text, so a binary search over the
    // larger sizes finds it: at most three layouts in all.
    constexpr size_t kSmallest = std::size(kA4TextSizes) - 1;
    chosen = lay_out(kA4TextSizes[kSmallest]);
    if (!chosen.ok()) return chosen.status();
    const size_t* sheet_pages = std::find_if(std::begin(kA4SheetPages), std::end(kA4SheetPages),
                                             [&](size_t pages) { return chosen->size() <= pages; });
    if (sheet_pages == std::end(kA4SheetPages)) {
      return absl::FailedPreconditionError(absl::StrCat("the leaflet does not fit three A4 sheets in ", context.locale(),
                                                        ": even with ", kA4TextSizes[kSmallest], " pt text it takes ",
                                                        chosen->size(), " pages; choose fewer themes (--theme) or A5"));
    }
    size_t low = 0, high = kSmallest;  // sizes [low, high) are undecided; kSmallest fits
    while (low < high) {
      const size_t middle = (low + high) / 2;
      absl::StatusOr<std::vector<PageContent>> pages = lay_out(kA4TextSizes[middle]);
      if (!pages.ok()) return pages.status();
      if (pages->size() <= *sheet_pages) {
        chosen = std::move(pages);
        high = middle;
      } else {
        low = middle + 1;
      }
    }
  }
  if (absl::Status s = Decorate(
          context, *chosen,
          {.margin_x = 10 * kMillimetre, .footer_y = 7 * kMillimetre, .size = 7, .footer_left = texts->printed});
      !s.ok()) {
    return s;
  }
  return chosen;
}

}  // namespace werkmonitor::documents
