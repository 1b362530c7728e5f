// Shared parts of the documents: the house style, the context a document is built in, and the
// pieces several documents draw (status dots, running header and footer, data texts with their
// untranslated notice).
#ifndef WERKMONITOR_REPORT_WORKER_DOCUMENTS_KIT_H_
#define WERKMONITOR_REPORT_WORKER_DOCUMENTS_KIT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/measure_tree.h"
#include "i18n/localizer.h"
#include "monitor/v1/monitor.pb.h"
#include "report_worker/layout/layout.h"
#include "report_worker/pdf/pdf_writer.h"

namespace werkmonitor::documents {

// Rijkshuisstijl colours.
inline const Rgb kInk = Rgb::FromHex(0x1a1a1a);
inline const Rgb kBlue = Rgb::FromHex(0x154273);  // logoblauw
inline const Rgb kGrey = Rgb::FromHex(0x696969);
inline const Rgb kRule = Rgb::FromHex(0xcccccc);
inline const Rgb kTint = Rgb::FromHex(0xe5f0f9);  // hemelblauw, light
inline const Rgb kWhite = Rgb::FromHex(0xffffff);

inline constexpr double kMillimetre = 72.0 / 25.4;

inline TextStyle Style(double size, FontStyle font = FontStyle::kRegular, Rgb color = kInk) {
  return TextStyle{font, size, color};
}

Rgb StatusColour(monitor::v1::Status status);

// Everything a document is built from.
class Context {
 public:
  Context(const monitor::v1::Snapshot& snapshot, Localizer& localizer, PdfWriter& pdf, std::string online_url_template)
      : snapshot_(snapshot),
        localizer_(localizer),
        pdf_(pdf),
        metrics_(pdf),
        tree_(snapshot.data()),
        online_url_template_(std::move(online_url_template)) {
    if (snapshot.has_changes()) {
      for (const monitor::v1::MeasureChange& change : snapshot.changes().measures()) {
        changes_by_measure_.emplace(change.measure_id(), &change);
      }
    }
  }

  const monitor::v1::Snapshot& snapshot() const { return snapshot_; }
  const monitor::v1::DataSet& data() const { return snapshot_.data(); }
  Localizer& l10n() { return localizer_; }
  PdfWriter& pdf() { return pdf_; }
  TextMetrics& metrics() { return metrics_; }
  const std::string& locale() const { return localizer_.locale(); }
  // Where a leaflet's QR code leads (see OnlineUrl).
  const std::string& online_url_template() const { return online_url_template_; }

  // A catalog message; its error (a broken catalog) stops the document.
  absl::StatusOr<std::string> Message(absl::string_view key, const MessageArgs& args = MessageArgs());
  absl::StatusOr<std::string> StatusLabel(monitor::v1::Status status);
  absl::StatusOr<std::string> StatusLegend(monitor::v1::Status status);
  // A theme's title in this locale (its id when the data set has no such theme).
  std::string ThemeTitle(const std::string& theme_id) const;
  // The state the snapshot reports (peildatum), or nullptr when it has none (snapshots made before
  // reporting rounds): documents then print no date rather than the day the database was made.
  const monitor::v1::PartialDate* AsOf() const;
  // A date at its precision in this locale ("1 juni 2026", "begin 2026").
  absl::StatusOr<std::string> Date(const monitor::v1::PartialDate& date) { return localizer_.Date(date); }
  static std::string PrecisionName(const monitor::v1::PartialDate& date) { return Localizer::PrecisionName(date); }
  // "Stand van zaken per 1 juni 2026 · <label>"; the label alone without an as-of date.
  absl::StatusOr<std::string> SnapshotLine();
  // The day from which milestones count as still to come: the first day of the as-of date, or
  // without one the day the snapshot was made (used to choose, never printed).
  absl::CivilDay ReferenceDay() const;

  // What changed since the previous report; nullptr on the first report.
  const monitor::v1::SnapshotComparison* Changes() const;
  // A measure's change (CHANGED or ADDED); nullptr when it did not change or there is no previous report.
  const monitor::v1::MeasureChange* ChangeOf(const std::string& measure_id) const;
  // The previous report as the documents name it: its as-of date, or its label when it has none.
  absl::StatusOr<std::string> PreviousReport();
  // A measure of the snapshot by id; nullptr when there is none.
  const monitor::v1::Measure* FindMeasure(const std::string& id) const;
  // A dashboard count with its change since the previous report as text, "9 (+2)", "0 (−1)"; plain
  // "9" when it did not change or there is no previous report. `theme_id` empty: the total row;
  // `status` empty: the row's total.
  absl::StatusOr<std::string> CountWithChange(const std::string& theme_id, std::optional<monitor::v1::Status> status,
                                              int count);
  // Whether the count differs from the previous report's.
  bool CountChanged(const std::string& theme_id, std::optional<monitor::v1::Status> status, int count) const;

  // Measures that carry a status (MeasureTree::Leaves), in document order; of the given themes when
  // not empty.
  std::vector<const monitor::v1::Measure*> Leaves(const std::vector<std::string>& themes = {}) const;
  const MeasureTree& tree() const { return tree_; }

 private:
  const monitor::v1::Snapshot& snapshot_;
  Localizer& localizer_;
  PdfWriter& pdf_;
  PdfTextMetrics metrics_;
  const MeasureTree tree_;  // over snapshot_'s measures
  std::string online_url_template_;
  std::map<std::string, const monitor::v1::MeasureChange*> changes_by_measure_;  // into snapshot_
  // The previous report's count (nullopt when unknown).
  std::optional<int> PreviousCount(const std::string& theme_id, std::optional<monitor::v1::Status> status) const;
};

// Appends the blocks of a structured text. `indent` shifts everything; `first_marker` is drawn
// before the first block (sub-measure letters "a.").
void AddBody(Flow& flow, const monitor::v1::Body& body, const TextStyle& text, double indent,
             const std::string& first_marker = "");

// The small italic line shown above a text that is only available in Dutch.
[[nodiscard]] absl::Status AddUntranslatedNotice(Context& context, Flow& flow, double size, double indent = 0);

// Running header (from the second page) and "page X of Y" footer on every page, with an optional
// line at the footer's left.
struct PageDecoration {
  std::string header = {};  // empty: none
  double margin_x = 0;
  double header_y = 0;  // baseline
  double footer_y = 0;  // baseline
  double size = 8;
  std::string footer_left = {};  // on the footer's baseline at the left margin; empty: none
};
[[nodiscard]] absl::Status Decorate(Context& context, std::vector<PageContent>& pages,
                                    const PageDecoration& decoration);

}  // namespace werkmonitor::documents

#endif  // WERKMONITOR_REPORT_WORKER_DOCUMENTS_KIT_H_
