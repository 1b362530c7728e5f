#include "domain/measure_view.h"

namespace werkmonitor {

using monitor::v1::Measure;

bool IsKnownView(monitor::v1::MeasureView view) {
  return view == monitor::v1::MEASURE_VIEW_UNSPECIFIED || view == monitor::v1::BASIC || view == monitor::v1::FULL;
}

void Viewed(const Measure& measure, monitor::v1::MeasureView view, Measure& out) {
  if (view == monitor::v1::FULL) {
    out = measure;
    return;
  }
  // BASIC: what a list shows; copied field by field, so the bodies are never copied to be dropped.
  out.set_id(measure.id());
  out.set_theme_id(measure.theme_id());
  out.set_number(measure.number());
  out.set_parent_id(measure.parent_id());
  *out.mutable_title() = measure.title();
  out.set_status(measure.status());
  out.set_revision(measure.revision());
  *out.mutable_updated_at() = measure.updated_at();
  out.set_updated_by(measure.updated_by());
  *out.mutable_owner() = measure.owner();
}

}  // namespace werkmonitor
