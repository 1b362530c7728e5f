#include "report_worker/print/print_page.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/utf8.h"
#include "domain/proto_time.h"
#include "http/html.h"
#include "i18n/localizer.h"
#include "report_worker/documents/documents.h"

namespace werkmonitor::print {

using http::HtmlEscape;

// Large text, big click targets, a visible focus ring, and a single column that reflows: readable
// and usable at 200% zoom and with the keyboard alone. Rijkshuisstijl blue as in the documents.
const char kStyleSheet[] = R"css(:root { --blue: #154273; --ink: #1a1a1a; --tint: #e5f0f9; --focus: #ffb612; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 1.125rem;
       line-height: 1.5; color: var(--ink); background: #fff; }
/* The header's text lines up with main's column (46rem less its padding) on wide screens. */
header { background: var(--blue); color: #fff; padding: .5rem max(1rem, calc((100% - 44rem) / 2)) .75rem; }
header p { margin: 0; font-weight: bold; }
nav h2 { font-size: 1rem; font-weight: normal; margin: .25rem 0; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem .5rem; margin: 0 0 0 -.6rem; padding: 0; }
nav a { display: inline-block; padding: .2rem .6rem; border-radius: 4px; color: #fff; }
nav a[aria-current] { background: #fff; color: var(--blue); font-weight: bold; text-decoration: none; }
main { max-width: 46rem; margin: 0 auto; padding: .5rem 1rem 2rem; }
h1 { color: var(--blue); font-size: 1.75rem; line-height: 1.2; margin: 1rem 0 .5rem; }
.snapshot { background: var(--tint); border-left: .3rem solid var(--blue); padding: .5rem .75rem; }
fieldset { border: 1px solid #8a8a8a; border-radius: 6px; margin: 1rem 0; padding: .25rem 1rem .75rem; }
legend { font-weight: bold; padding: 0 .3rem; }
.choice { display: flex; align-items: center; gap: .6rem; padding: .2rem 0; }
.choice input { flex: none; width: 1.3rem; height: 1.3rem; margin: 0; accent-color: var(--blue); }
.hint { color: #4a4a4a; font-size: 1rem; margin: .25rem 0 0; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.5rem 0 0; }
button { font: inherit; font-weight: bold; padding: .6rem 1.25rem; border-radius: 6px;
         border: 2px solid var(--blue); cursor: pointer; }
button[value=open] { background: var(--blue); color: #fff; }
button[value=download] { background: #fff; color: var(--blue); }
:focus-visible { outline: .2rem solid var(--focus); outline-offset: .15rem; }
.problems li { margin: .4rem 0; }
)css";

namespace {

// A value from a request, as it may be shown: valid UTF-8 and not too long to read.
std::string Printable(absl::string_view value) {
  constexpr int kMaxCharacters = 60;
  std::string out;
  int characters = 0;
  for (Utf8Decoder decoder(value); !decoder.done();) {
    if (++characters > kMaxCharacters) return absl::StrCat(out, "…");
    const size_t start = decoder.position();
    decoder.Next();
    if (decoder.failed()) return absl::StrCat(out, "\uFFFD…");  // the rest is not text
    absl::StrAppend(&out, value.substr(start, decoder.position() - start));
  }
  return out;
}

// Builds a page from catalog messages of one language.
class PageWriter {
 public:
  static absl::StatusOr<PageWriter> Create(const Catalogs& catalogs, const std::string& ui) {
    absl::StatusOr<Localizer> localizer = Localizer::Create(catalogs, ui);
    if (!localizer.ok()) return localizer.status();
    return PageWriter(catalogs, std::move(*localizer));
  }

  Localizer& l10n() { return l10n_; }

  // A message as plain text; the first error is kept and returned by Finish().
  std::string Plain(absl::string_view key, const MessageArgs& args = MessageArgs()) {
    absl::StatusOr<Localized> message = l10n_.Message(key, args);
    if (!message.ok()) {
      if (error_.ok()) error_ = message.status();
      return "";
    }
    return std::move(message->text);
  }
  // A message, HTML-escaped (its arguments with it).
  std::string Text(absl::string_view key, const MessageArgs& args = MessageArgs()) {
    return HtmlEscape(Plain(key, args));
  }

  // The page up to <main>: the title, the publisher and the links to the page in every language.
  void Begin(const std::string& title) {
    const std::string& ui = l10n_.locale();
    absl::StrAppend(&html_, "<!DOCTYPE html>\n<html lang=\"", ui, "\">\n<head>\n<meta charset=\"utf-8\">\n",
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", title, " — ",
                    Text("document.publisher"), "</title>\n<link rel=\"stylesheet\" href=\"/print.css\">\n",
                    "</head>\n<body>\n<header>\n<p>", Text("document.publisher"), "</p>\n",
                    "<nav aria-labelledby=\"ui-languages\">\n<h2 id=\"ui-languages\">",
                    Text("print.interface_language"), "</h2>\n<ul>\n");
    for (const std::string& locale : SupportedLocales()) {
      absl::StrAppend(&html_, "<li><a href=\"/?ui=", locale, "\" lang=\"", locale, "\" hreflang=\"", locale, "\"",
                      locale == ui ? " aria-current=\"page\"" : "", ">", LanguageName(locale), "</a></li>\n");
    }
    absl::StrAppend(&html_, "</ul>\n</nav>\n</header>\n<main>\n<h1>", title, "</h1>\n");
  }

  void Append(absl::string_view html) { absl::StrAppend(&html_, html); }

  absl::StatusOr<std::string> Finish() {
    absl::StrAppend(&html_, "</main>\n</body>\n</html>\n");
    if (!error_.ok()) return error_;
    return std::move(html_);
  }

  // A language's own name ("Български"), from its own catalog.
  std::string LanguageName(const std::string& locale) {
    const std::string* name = catalogs_.Find(locale, "language.name");
    return name != nullptr ? HtmlEscape(*name) : locale;
  }

  // A link back to the form, in this language.
  void BackLink() {
    absl::StrAppend(&html_, "<p><a href=\"/?ui=", l10n_.locale(), "\">", Text("print.error.back"), "</a></p>\n");
  }

 private:
  PageWriter(const Catalogs& catalogs, Localizer localizer) : catalogs_(catalogs), l10n_(std::move(localizer)) {}

  const Catalogs& catalogs_;
  Localizer l10n_;
  std::string html_;
  absl::Status error_;
};

// One radio button or check box with its label; `lang` marks a label in another language.
std::string Choice(const std::string& type, const std::string& name, const std::string& value, const std::string& label,
                   bool checked, const std::string& lang = "") {
  const std::string id = absl::StrCat(name, "-", value);
  return absl::StrCat("<div class=\"choice\"><input type=\"", type, "\" id=\"", id, "\" name=\"", name, "\" value=\"",
                      value, "\"", checked ? " checked" : "", "><label for=\"", id, "\"",
                      lang.empty() ? "" : absl::StrCat(" lang=\"", lang, "\""), ">", label, "</label></div>\n");
}

// The field's label on the form and its name in the query, as plain text: "Taal van het document (locale)".
std::string FieldName(PageWriter& page, const std::string& field) {
  static const std::map<std::string, std::string>& kLabels =
      *new std::map<std::string, std::string>{{"ui", "print.interface_language"},
                                              {"kind", "print.document"},
                                              {"locale", "print.language"},
                                              {"paper", "print.paper"},
                                              {"theme", "print.themes"}};
  auto label = kLabels.find(field);
  if (label == kLabels.end()) return Printable(field);
  return absl::StrCat(page.Plain(label->second), " (", field, ")");
}

}  // namespace

absl::StatusOr<std::string> FormPage(const Catalogs& catalogs, const std::string& ui,
                                     const monitor::v1::Snapshot& snapshot) {
  absl::StatusOr<PageWriter> created = PageWriter::Create(catalogs, ui);
  if (!created.ok()) return created.status();
  PageWriter& page = *created;
  page.Begin(page.Text("print.title"));
  // The state the documents report, as they print it: its as-of date, never the day it was made.
  absl::StatusOr<std::string> snapshot_line = page.l10n().SnapshotLine(snapshot.info());
  if (!snapshot_line.ok()) return snapshot_line.status();
  page.Append(
      absl::StrCat("<p class=\"snapshot\">", HtmlEscape(*snapshot_line),
                   "</p>\n<p>", page.Text("print.intro"), "</p>\n<form action=\"/document\" method=\"get\">\n",
                   "<input type=\"hidden\" name=\"ui\" value=\"", ui, "\">\n"));

  page.Append(absl::StrCat("<fieldset>\n<legend>", page.Text("print.document"), "</legend>\n"));
  for (const char* kind : {"leaflet", "dashboard", "appendix"}) {
    page.Append(
        Choice("radio", "kind", kind, page.Text(absl::StrCat("print.kind.", kind)), kind == std::string("leaflet")));
  }
  page.Append(absl::StrCat("</fieldset>\n<fieldset>\n<legend>", page.Text("print.language"), "</legend>\n"));
  for (const std::string& locale : SupportedLocales()) {
    page.Append(Choice("radio", "locale", locale, page.LanguageName(locale), locale == kSourceLocale, locale));
  }
  page.Append(absl::StrCat("</fieldset>\n<fieldset aria-describedby=\"paper-hint\">\n<legend>",
                           page.Text("print.paper"), "</legend>\n", Choice("radio", "paper", "A4", "A4", true),
                           Choice("radio", "paper", "A5", "A5", false), "<p class=\"hint\" id=\"paper-hint\">",
                           page.Text("print.paper.a5_note"), "</p>\n</fieldset>\n"));
  page.Append(
      absl::StrCat("<fieldset aria-describedby=\"themes-hint\">\n<legend>", page.Text("print.themes"), "</legend>\n"));
  for (const monitor::v1::Theme& theme : snapshot.data().themes()) {
    page.Append(
        Choice("checkbox", "theme", HtmlEscape(theme.id()), HtmlEscape(page.l10n().Text(theme.title()).text), false));
  }
  page.Append(
      absl::StrCat("<p class=\"hint\" id=\"themes-hint\">", page.Text("print.themes_note"), "</p>\n</fieldset>\n",
                   // The first button is also what Enter in the form does: open for printing.
                   "<div class=\"actions\">\n<button type=\"submit\" name=\"action\" value=\"open\">",
                   page.Text("print.open"), "</button>\n<button type=\"submit\" name=\"action\" value=\"download\">",
                   page.Text("print.download"), "</button>\n</div>\n</form>\n"));
  return page.Finish();
}

absl::StatusOr<std::string> ProblemPage(const Catalogs& catalogs, const std::string& ui,
                                        const std::vector<FieldProblem>& problems) {
  absl::StatusOr<PageWriter> created = PageWriter::Create(catalogs, ui);
  if (!created.ok()) return created.status();
  PageWriter& page = *created;
  page.Begin(page.Text("print.error.title"));
  page.Append("<ul class=\"problems\">\n");
  for (const FieldProblem& problem : problems) {
    std::vector<std::string> choices;
    for (const std::string& choice : problem.choices) choices.push_back(Printable(choice));
    const MessageArgs args = MessageArgs()
                                 .Text("parameter", FieldName(page, problem.field))
                                 .Text("value", Printable(problem.value))
                                 .Text("choices", absl::StrJoin(choices, ", "));
    const char* key = problem.kind == FieldProblem::kInvalid    ? "print.error.invalid"
                      : problem.kind == FieldProblem::kMissing  ? "print.error.missing"
                      : problem.kind == FieldProblem::kRepeated ? "print.error.repeated"
                      : problem.kind == FieldProblem::kUnknown  ? "print.error.unknown"
                                                                : "print.error.leaflet_only";
    page.Append(absl::StrCat("<li>", page.Text(key, args), "</li>\n"));
  }
  page.Append("</ul>\n");
  page.BackLink();
  return page.Finish();
}

absl::StatusOr<std::string> NoticePage(const Catalogs& catalogs, const std::string& ui, absl::string_view key,
                                       absl::string_view reason) {
  absl::StatusOr<PageWriter> created = PageWriter::Create(catalogs, ui);
  if (!created.ok()) return created.status();
  PageWriter& page = *created;
  page.Begin(page.Text("print.title"));
  // Only messages with a {reason} get one: a pattern is given exactly its arguments.
  page.Append(absl::StrCat("<p>", page.Text(key, reason.empty() ? MessageArgs() : MessageArgs().Text("reason", reason)),
                           "</p>\n"));
  page.BackLink();
  return page.Finish();
}

}  // namespace werkmonitor::print
