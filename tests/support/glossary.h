// The repository's term bases, read apart from what the code under test reads, and what a
// translation file's glossary (i18n/xliff.h) should say of a term: for the tests of both exports
// (i18n_lint's and monitorctl's).
#ifndef WERKMONITOR_TESTS_SUPPORT_GLOSSARY_H_
#define WERKMONITOR_TESTS_SUPPORT_GLOSSARY_H_

#include <regex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "i18n/v1/catalog.pb.h"

namespace werkmonitor::testing {

// The repository's catalogs (i18n/catalogs), loaded once.
inline const Catalogs& RepositoryCatalogs() {
  static const absl::StatusOr<Catalogs>* const catalogs =
      new absl::StatusOr<Catalogs>(Catalogs::Load(DefaultCatalogDir()));
  EXPECT_TRUE(catalogs->ok()) << catalogs->status();
  static const Catalogs* const none = new Catalogs;
  return catalogs->ok() ? **catalogs : *none;
}

// The term `id` of the repository's catalog of `locale` (a test failure when it lacks it).
inline const i18n::v1::Term& RepositoryTerm(const std::string& locale, const std::string& id) {
  const i18n::v1::Term* term = RepositoryCatalogs().Terms(locale).Get(id);
  EXPECT_NE(term, nullptr) << locale << " lacks the term " << id;
  static const i18n::v1::Term* const none = new i18n::v1::Term;
  return term == nullptr ? *none : *term;
}

// `xml` without the indentation between elements.
inline std::string WithoutIndentation(const std::string& xml) {
  return std::regex_replace(xml, std::regex(R"(>\s+<)"), "><");
}

// The <gls:glossEntry> (without indentation) of a term as the Dutch catalog (`dutch`) names it and
// another catalog (`translated`) renders and explains it: its name, then each other form.
inline std::string GlossEntryXml(const i18n::v1::Term& dutch, const i18n::v1::Term& translated) {
  std::string xml = absl::StrCat("<gls:glossEntry id=\"", dutch.id(), "\"><gls:term source=\"werkmonitor term base\">",
                                 dutch.name(), "</gls:term><gls:translation>", translated.name(), "</gls:translation>");
  for (const std::string& form : translated.forms()) {
    if (form != translated.name()) absl::StrAppend(&xml, "<gls:translation>", form, "</gls:translation>");
  }
  absl::StrAppend(&xml, "<gls:definition>", translated.explanation(), "</gls:definition></gls:glossEntry>");
  return xml;
}

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_GLOSSARY_H_
