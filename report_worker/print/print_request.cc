#include "report_worker/print/print_request.h"

#include <algorithm>
#include <map>

#include "i18n/catalogs.h"

namespace werkmonitor::print {
namespace {

// Every value sent for each field, and the fields that are not among `known`.
struct Fields {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<FieldProblem> problems;
};

Fields Collect(const Query& query, const std::vector<std::string>& known) {
  Fields fields;
  for (const auto& [name, value] : query) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      fields.problems.push_back({FieldProblem::kUnknown, name, value, known});
    } else {
      fields.values[name].push_back(value);
    }
  }
  return fields;
}

// The one value of a single-valued field: nullptr when absent or repeated (a problem then).
const std::string* Single(Fields& fields, const std::string& name) {
  auto found = fields.values.find(name);
  if (found == fields.values.end()) return nullptr;
  if (found->second.size() > 1) {
    fields.problems.push_back({FieldProblem::kRepeated, name});
    return nullptr;
  }
  return &found->second.front();
}

std::vector<std::string> Locales() {
  return std::vector<std::string>(SupportedLocales().begin(), SupportedLocales().end());
}

// Sets `ui` from the field when it is valid: the problem page is then in the language asked for.
void ReadUi(Fields& fields, PrintRequest& request) {
  if (const std::string* ui = Single(fields, "ui")) {
    if (CheckLocale(*ui).ok()) {
      request.ui = *ui;
    } else {
      fields.problems.push_back({FieldProblem::kInvalid, "ui", *ui, Locales()});
    }
  }
}

}  // namespace

Parsed ParsePageQuery(const Query& query) {
  Fields fields = Collect(query, {"ui"});
  Parsed parsed;
  ReadUi(fields, parsed.request);
  parsed.problems = std::move(fields.problems);
  return parsed;
}

Parsed ParseDocumentQuery(const Query& query, const std::vector<std::string>& theme_ids) {
  Fields fields = Collect(query, {"ui", "kind", "locale", "paper", "theme", "action"});
  Parsed parsed;
  PrintRequest& request = parsed.request;
  ReadUi(fields, request);

  const std::vector<std::string> kinds = {"leaflet", "dashboard", "appendix"};
  bool leaflet = true;  // until known otherwise: no "leaflet only" problem for an unknown kind
  if (const std::string* kind = Single(fields, "kind")) {
    if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) {
      fields.problems.push_back({FieldProblem::kInvalid, "kind", *kind, kinds});
    } else {
      request.document.kind = *ParseDocumentKind(*kind);
      leaflet = request.document.kind == DocumentKind::kLeaflet;
    }
  } else if (!fields.values.count("kind")) {
    fields.problems.push_back({FieldProblem::kMissing, "kind", "", kinds});
  }

  if (const std::string* locale = Single(fields, "locale")) {
    if (CheckLocale(*locale).ok()) {
      request.document.locale = *locale;
    } else {
      fields.problems.push_back({FieldProblem::kInvalid, "locale", *locale, Locales()});
    }
  } else if (!fields.values.count("locale")) {
    fields.problems.push_back({FieldProblem::kMissing, "locale", "", Locales()});
  }

  if (const std::string* paper = Single(fields, "paper")) {
    if (*paper != "A4" && *paper != "A5") {
      fields.problems.push_back({FieldProblem::kInvalid, "paper", *paper, {"A4", "A5"}});
    } else if (*paper == "A5" && !leaflet) {
      // The appendix and the dashboard are laid out for A4 only.
      fields.problems.push_back({FieldProblem::kLeafletOnly, "paper", *paper});
    } else {
      request.document.paper = *ParsePaperSize(*paper);
    }
  }

  if (auto themes = fields.values.find("theme"); themes != fields.values.end()) {
    for (const std::string& theme : themes->second) {
      if (std::find(theme_ids.begin(), theme_ids.end(), theme) == theme_ids.end()) {
        fields.problems.push_back({FieldProblem::kInvalid, "theme", theme, theme_ids});
      } else if (!leaflet) {
        fields.problems.push_back({FieldProblem::kLeafletOnly, "theme", theme});
      }
    }
    // The snapshot's order, each once: the same choice is the same document (and cache entry).
    for (const std::string& id : theme_ids) {
      if (std::find(themes->second.begin(), themes->second.end(), id) != themes->second.end()) {
        request.document.themes.push_back(id);
      }
    }
  }

  if (const std::string* action = Single(fields, "action")) {
    if (*action == "download") {
      request.delivery = Delivery::kDownload;
    } else if (*action != "open") {
      fields.problems.push_back({FieldProblem::kInvalid, "action", *action, {"open", "download"}});
    }
  }
  parsed.problems = std::move(fields.problems);
  return parsed;
}

}  // namespace werkmonitor::print
