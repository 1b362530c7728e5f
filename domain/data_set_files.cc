#include "domain/data_set_files.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text_proto.h"
#include "domain/data_set_rules.h"
#include "domain/locales.h"

namespace werkmonitor {
namespace {

namespace fs = std::filesystem;
using monitor::v1::DataSet;

// The `*.textproto` files directly in `directory`, sorted by name.
absl::StatusOr<std::vector<fs::path>> TextProtoFiles(const fs::path& directory) {
  std::error_code error;
  fs::directory_iterator it(directory, error);
  if (error) return absl::NotFoundError(absl::StrCat(directory.string(), ": ", error.message()));
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : it) {
    if (entry.is_regular_file() && entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

absl::Status ApplyTranslations(const monitor::v1::TranslationSet& set, DataSet& data) {
  const std::string& locale = set.locale();
  if (locale.size() < 2 || locale.size() > 3 || locale == kSourceLocale ||
      !std::all_of(locale.begin(), locale.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return absl::InvalidArgumentError(absl::StrCat("locale: \"", locale, "\" is not a translation locale"));
  }
  absl::flat_hash_map<std::string, monitor::v1::Theme*> themes;
  for (auto& theme : *data.mutable_themes()) themes[theme.id()] = &theme;
  absl::flat_hash_map<std::string, monitor::v1::Measure*> measures;
  for (auto& measure : *data.mutable_measures()) measures[measure.id()] = &measure;

  for (const auto& texts : set.themes()) {
    auto theme = themes.find(texts.theme_id());
    if (theme == themes.end()) {
      return absl::InvalidArgumentError(absl::StrCat("themes: no theme \"", texts.theme_id(), "\""));
    }
    if (texts.has_title()) (*theme->second->mutable_title()->mutable_translations())[locale] = texts.title();
    if (texts.has_introduction()) {
      (*theme->second->mutable_introduction()->mutable_translations())[locale] = texts.introduction();
    }
  }
  for (const auto& texts : set.measures()) {
    auto found = measures.find(texts.measure_id());
    if (found == measures.end()) {
      return absl::InvalidArgumentError(absl::StrCat("measures: no measure \"", texts.measure_id(), "\""));
    }
    monitor::v1::Measure& measure = *found->second;
    if (texts.has_title()) (*measure.mutable_title()->mutable_translations())[locale] = texts.title();
    if (texts.has_summary()) (*measure.mutable_summary()->mutable_translations())[locale] = texts.summary();
    if (texts.has_body()) (*measure.mutable_body()->mutable_translations())[locale] = texts.body();
    for (const auto& milestone_texts : texts.milestones()) {
      auto* milestones = measure.mutable_milestones();
      auto milestone = std::find_if(milestones->begin(), milestones->end(),
                                    [&](const auto& m) { return m.id() == milestone_texts.milestone_id(); });
      if (milestone == milestones->end()) {
        return absl::InvalidArgumentError(absl::StrCat("measures[", measure.id(), "].milestones: no milestone \"",
                                                       milestone_texts.milestone_id(), "\""));
      }
      (*milestone->mutable_label()->mutable_translations())[locale] = milestone_texts.label();
    }
  }
  for (const auto& texts : set.departments()) {
    auto* departments = data.mutable_departments();
    auto department =
        std::find_if(departments->begin(), departments->end(), [&](const auto& d) { return d.code() == texts.code(); });
    if (department == departments->end()) {
      return absl::InvalidArgumentError(absl::StrCat("departments: no department \"", texts.code(), "\""));
    }
    if (texts.has_name()) (*department->mutable_name()->mutable_translations())[locale] = texts.name();
  }
  return absl::OkStatus();
}

absl::StatusOr<DataSet> LoadDataSetDir(const std::string& directory) {
  absl::StatusOr<std::vector<fs::path>> files = TextProtoFiles(directory);
  if (!files.ok()) return files.status();
  if (files->empty()) return absl::NotFoundError(absl::StrCat(directory, ": no *.textproto data files"));
  DataSet data;
  for (const fs::path& file : *files) {
    DataSet fragment;
    if (absl::Status s = ParseTextProtoFile(file.string(), fragment); !s.ok()) return s;
    data.MergeFrom(fragment);
  }
  const fs::path translations_dir = fs::path(directory) / "translations";
  if (fs::is_directory(translations_dir)) {
    absl::StatusOr<std::vector<fs::path>> translation_files = TextProtoFiles(translations_dir);
    if (!translation_files.ok()) return translation_files.status();
    for (const fs::path& file : *translation_files) {
      monitor::v1::TranslationSet set;
      if (absl::Status s = ParseTextProtoFile(file.string(), set); !s.ok()) return s;
      if (absl::Status s = ApplyTranslations(set, data); !s.ok()) {
        return absl::Status(s.code(), absl::StrCat(file.string(), ": ", s.message()));
      }
    }
  }
  // The files are where owners are assigned from the text, so their quotes are checked here.
  if (absl::Status s = CheckOwnerQuotes(data); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(directory, ": ", s.message()));
  }
  return data;
}

}  // namespace werkmonitor
