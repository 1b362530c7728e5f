#include "report_worker/documents/kit.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/partial_date.h"
#include "domain/proto_time.h"
#include "domain/status.h"
#include "report_worker/documents/documents.h"

namespace werkmonitor::documents {

Rgb StatusColour(monitor::v1::Status status) { return Rgb::FromHex(InfoFor(status).rgb); }

absl::StatusOr<std::string> Context::Message(absl::string_view key, const MessageArgs& args) {
  absl::StatusOr<Localized> message = localizer_.Message(key, args);
  if (!message.ok()) return message.status();
  return std::move(message->text);
}

absl::StatusOr<std::string> Context::StatusLabel(monitor::v1::Status status) {
  return Message(absl::StrCat("status.", InfoFor(status).enum_name, ".label"));
}

absl::StatusOr<std::string> Context::StatusLegend(monitor::v1::Status status) {
  return Message(absl::StrCat("status.", InfoFor(status).enum_name, ".legend"));
}

std::string Context::ThemeTitle(const std::string& theme_id) const {
  for (const auto& theme : data().themes()) {
    if (theme.id() == theme_id) return localizer_.Text(theme.title()).text;
  }
  return theme_id;
}

const monitor::v1::PartialDate* Context::AsOf() const {
  return snapshot_.info().has_as_of() ? &snapshot_.info().as_of() : nullptr;
}

absl::StatusOr<std::string> Context::SnapshotLine() { return localizer_.SnapshotLine(snapshot_.info()); }

absl::CivilDay Context::ReferenceDay() const {
  if (const monitor::v1::PartialDate* as_of = AsOf()) return EarliestDay(*as_of);
  return DayInTheNetherlands(FromProtoTime(snapshot_.info().created_at()));
}

const monitor::v1::SnapshotComparison* Context::Changes() const {
  return snapshot_.has_changes() ? &snapshot_.changes() : nullptr;
}

const monitor::v1::MeasureChange* Context::ChangeOf(const std::string& measure_id) const {
  auto it = changes_by_measure_.find(measure_id);
  return it == changes_by_measure_.end() ? nullptr : it->second;
}

absl::StatusOr<std::string> Context::PreviousReport() {
  const monitor::v1::SnapshotInfo& base = snapshot_.changes().base();
  if (base.has_as_of()) return Date(base.as_of());
  return base.label();
}

const monitor::v1::Measure* Context::FindMeasure(const std::string& id) const {
  for (const monitor::v1::Measure& measure : data().measures()) {
    if (measure.id() == id) return &measure;
  }
  return nullptr;
}

std::optional<int> Context::PreviousCount(const std::string& theme_id,
                                          std::optional<monitor::v1::Status> status) const {
  const monitor::v1::SnapshotComparison* changes = Changes();
  if (changes == nullptr) return std::nullopt;
  for (const monitor::v1::DashboardChange& row : changes->dashboard()) {
    if (row.theme_id() != theme_id) continue;
    if (!status.has_value()) return row.from_total();
    for (const monitor::v1::StatusDelta& delta : row.statuses()) {
      if (delta.status() == *status) return delta.from_count();
    }
    return 0;  // a status the previous report did not list had no measures
  }
  return theme_id.empty() ? std::nullopt : std::optional<int>(0);  // a theme new since then: from none
}

bool Context::CountChanged(const std::string& theme_id, std::optional<monitor::v1::Status> status, int count) const {
  const std::optional<int> previous = PreviousCount(theme_id, status);
  return previous.has_value() && *previous != count;
}

absl::StatusOr<std::string> Context::CountWithChange(const std::string& theme_id,
                                                     std::optional<monitor::v1::Status> status, int count) {
  const int change = count - PreviousCount(theme_id, status).value_or(count);
  return Message("dashboard.count_with_change", MessageArgs()
                                                    .Number("count", count)
                                                    .Number("change", change < 0 ? -change : change)
                                                    .Text("direction", change > 0   ? "up"
                                                                       : change < 0 ? "down"
                                                                                    : "same"));
}

std::vector<const monitor::v1::Measure*> Context::Leaves(const std::vector<std::string>& themes) const {
  std::vector<const monitor::v1::Measure*> leaves = tree_.Leaves();
  if (themes.empty()) return leaves;
  std::erase_if(leaves, [&](const monitor::v1::Measure* m) {
    return std::find(themes.begin(), themes.end(), m->theme_id()) == themes.end();
  });
  return leaves;
}

void AddBody(Flow& flow, const monitor::v1::Body& body, const TextStyle& text, double indent,
             const std::string& first_marker) {
  const double gap = text.size * 0.5;
  for (int i = 0; i < body.blocks_size(); ++i) {
    const monitor::v1::Block& block = body.blocks(i);
    const std::string marker = i == 0 ? first_marker : "";
    switch (block.kind()) {
      case monitor::v1::Block::HEADING:
        flow.Add(Paragraph{.spans = {{block.text(), {FontStyle::kBold, text.size, text.color}}},
                           .indent = indent,
                           .marker = marker,
                           .space_before = gap * 1.4,
                           .space_after = gap * 0.4,
                           .keep_with_next = true});
        break;
      case monitor::v1::Block::SUBHEADING:
        flow.Add(Paragraph{.spans = {{block.text(), {FontStyle::kItalic, text.size, text.color}}},
                           .indent = indent,
                           .marker = marker,
                           .space_before = gap,
                           .space_after = gap * 0.2,
                           .keep_with_next = true});
        break;
      case monitor::v1::Block::BULLET_LIST:
      case monitor::v1::Block::NUMBERED_LIST: {
        const bool numbered = block.kind() == monitor::v1::Block::NUMBERED_LIST;
        const double item_indent = indent + text.size * (numbered ? 2.0 : 1.4);
        for (int k = 0; k < block.items_size(); ++k) {
          flow.Add(Paragraph{.spans = {{block.items(k), text}},
                             .indent = item_indent,
                             .marker = numbered ? absl::StrCat(k + 1, ")") : "•",
                             .space_after = gap * 0.4});
        }
        break;
      }
      default:
        flow.Add(Paragraph{.spans = {{block.text(), text}}, .indent = indent, .marker = marker, .space_after = gap});
    }
  }
}

absl::Status AddUntranslatedNotice(Context& context, Flow& flow, double size, double indent) {
  absl::StatusOr<std::string> notice = context.Message("document.untranslated_notice");
  if (!notice.ok()) return notice.status();
  flow.Add(Paragraph{.spans = {{*notice, Style(size, FontStyle::kItalic, kGrey)}},
                     .indent = indent,
                     .space_after = size * 0.4,
                     .keep_with_next = true});
  return absl::OkStatus();
}

absl::Status Decorate(Context& context, std::vector<PageContent>& pages, const PageDecoration& decoration) {
  const double width = context.pdf().paper().width;
  const TextStyle style = Style(decoration.size, FontStyle::kRegular, kGrey);
  for (size_t i = 0; i < pages.size(); ++i) {
    PageContent& page = pages[i];
    if (i > 0 && !decoration.header.empty()) {
      page.ops.push_back(DrawText{decoration.margin_x, decoration.header_y, decoration.header, style});
      page.ops.push_back(DrawLine{decoration.margin_x, decoration.header_y - 4, width - decoration.margin_x,
                                  decoration.header_y - 4, 0.4, kRule});
    }
    absl::StatusOr<std::string> footer = context.Message(
        "document.page_of",
        MessageArgs().Number("page", static_cast<int64_t>(i + 1)).Number("pages", static_cast<int64_t>(pages.size())));
    if (!footer.ok()) return footer.status();
    if (!decoration.footer_left.empty()) {
      page.ops.push_back(DrawText{decoration.margin_x, decoration.footer_y, decoration.footer_left, style});
    }
    const double footer_width = context.metrics().Width(*footer, style);
    page.ops.push_back(DrawText{width - decoration.margin_x - footer_width, decoration.footer_y, *footer, style});
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor::documents
