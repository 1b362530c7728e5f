// The staff's catalogs: Dutch and English, complete for every status rule.
#include <set>

#include "domain/update_rules.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"

namespace werkmonitor {
namespace {

TEST(StaffCatalogsTest, EveryStatusRuleHasItsMessageInDutchAndEnglish) {
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultStaffCatalogDir(), StaffLocales());
  ASSERT_TRUE(catalogs.ok()) << catalogs.status();
  for (const std::string& locale : StaffLocales()) {
    std::set<std::string> texts;
    for (const UpdateRule& rule : UpdateRules()) {
      const std::string key = "rule." + std::string(rule.id);
      const std::string* text = catalogs->Find(locale, key);
      ASSERT_NE(text, nullptr) << catalogs->FileOf(locale) << " lacks " << key;
      EXPECT_TRUE(texts.insert(*text).second) << locale << ": two rules say the same: " << *text;
    }
  }
}

TEST(StaffCatalogsTest, TheStaffCatalogsHoldOnlyTheirLocales) {
  // A locale outside the staff's is not loaded: the public documents' languages are not required.
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultStaffCatalogDir(), StaffLocales());
  ASSERT_TRUE(catalogs.ok()) << catalogs.status();
  EXPECT_EQ(catalogs->Find("pl", "rule.vertraagd-reden"), nullptr);
  EXPECT_FALSE(Catalogs::Load(DefaultStaffCatalogDir(), std::vector<std::string>{"pl"}).ok());
}

}  // namespace
}  // namespace werkmonitor
