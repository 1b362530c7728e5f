// Reads the data set from its authoring files: every `*.textproto` in a directory (Protobuf text
// format of monitor.v1.DataSet fragments, merged in file-name order), then every
// `translations/*.textproto` (monitor.v1.TranslationSet, one locale per file) merged into the
// texts' translation maps.
//
//   absl::StatusOr<monitor::v1::DataSet> data = LoadDataSetDir("data");
//
// Errors name the file, and for syntax errors the line and column.
#ifndef WERKMONITOR_DOMAIN_DATA_SET_FILES_H_
#define WERKMONITOR_DOMAIN_DATA_SET_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

[[nodiscard]] absl::StatusOr<monitor::v1::DataSet> LoadDataSetDir(const std::string& directory);

// Puts a locale's translations into `data`. INVALID_ARGUMENT when the set names a theme, measure,
// milestone or department that `data` does not have, or has no valid locale.
[[nodiscard]] absl::Status ApplyTranslations(const monitor::v1::TranslationSet& translations,
                                             monitor::v1::DataSet& data);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_DATA_SET_FILES_H_
