#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/ from the repository's data, catalogs and requests.

The seeds are committed; run this again (python3 fuzz/make_corpus.py) only to change them. Needs
protoc (Debian's protobuf-compiler) to encode the request seeds.
"""
import pathlib
import re
import shutil
import struct
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def write(target, name, data):
    path = CORPUS / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def top_level_blocks(text):
    """The top-level `name { ... }` blocks of a text-format file, as (name, text) pairs."""
    blocks, current = [], None
    for line in text.splitlines(keepends=True):
        if current is None:
            match = re.match(r"^(\w+) \{", line)
            if match:
                current = [match.group(1), line]
                if line.rstrip().endswith("}") and line.count("{") == line.count("}"):
                    blocks.append((current[0], current[1]))
                    current = None
        else:
            current[1] += line
            if line.rstrip() == "}":
                blocks.append((current[0], current[1]))
                current = None
    return blocks


# --- importer: each theme of data/ as a data set, with its translations into one locale -------------
SMALL_DATA_SET = """source { title: "Testbijlage" edition: "2025" }
themes { id: "werk" title { nl: "Werk" } introduction { nl { blocks { kind: PARAGRAPH text: "Over werk." } } } }
themes { id: "registratie" title { nl: "Registratie" } }
measures {
  id: "werk-1" theme_id: "werk" number: "1"
  title { nl: "Toelatingsstelsel" }
  body { nl { blocks { kind: HEADING text: "Stand" }
              blocks { kind: PARAGRAPH text: "De invoering is op 1 januari 2027." }
              blocks { kind: SUBHEADING text: "Daarna" }
              blocks { kind: BULLET_LIST items: "een" items: "twee" }
              blocks { kind: NUMBERED_LIST items: "drie" } } }
  summary { nl: "Vanaf {invoering} geldt een toelating." }
  status: IN_UITVOERING
  milestones { id: "invoering" date { precision: DAY year: 2027 month: 1 day: 1 }
               label { nl: "Invoering" } as_written: "1 januari 2027" }
  milestones { id: "besluit" date { precision: PERIOD year: 2026 period: SPRING }
               label { nl: "Besluit" } as_written: "voorjaar 2026" }
}
measures { id: "werk-2" theme_id: "werk" number: "2" title { nl: "Cao-afspraken" } status: AFGEROND }
measures { id: "registratie-2" theme_id: "registratie" number: "2" title { nl: "Adres" } }
measures { id: "registratie-2a" theme_id: "registratie" parent_id: "registratie-2" number: "2a"
           title { nl: "Experiment" } status: VERTRAAGD }
published {
  rows { printed_label: "Totaal" total: 3 counts { status: AFGEROND count: 1 } counts { status: IN_UITVOERING count: 1 }
         counts { status: VERTRAAGD count: 1 } }
  rows { theme_id: "registratie" printed_label: "Registratie" total: 4 counts { status: IN_UITVOERING count: 2 } }
}
---
locale: "pl"
themes { theme_id: "werk" title { text: "Praca" source_fingerprint: "0000000000000000" } }
measures { measure_id: "werk-1" title { text: "System dopuszczenia" }
           summary { text: "Od {invoering} obowiązuje dopuszczenie." }
           milestones { milestone_id: "invoering" label { text: "Wprowadzenie" } } }
"""
write("importer", "small", SMALL_DATA_SET)

# Three themes that between them have every kind of block, every date precision and sub-measures,
# each with one locale's translations.
THEMES = {"01-arbeidsmigranten-en-beleid": "pl", "03-registratie": "bg", "04-huisvesting": "ro"}
for stem, locale in THEMES.items():
    theme = stem[3:]
    translations = top_level_blocks((ROOT / "data" / "translations" / f"{locale}.textproto").read_text())
    own = [text for name, text in translations
           if re.search(rf'(theme_id|measure_id): "{theme}(-[0-9a-z]+)?"', text.split("\n")[1])]
    data = (ROOT / "data" / f"{stem}.textproto").read_text()
    seed = f'source {{ title: "Bijlage I Monitoringsoverzicht" }}\n{data}\n---\nlocale: "{locale}"\n'
    write("importer", theme, seed + "".join(own))

# --- catalog: every catalog as its own locale, and small patterns of every kind ---------------------
for catalog in sorted((ROOT / "i18n" / "catalogs").glob("*.textproto")):
    write("catalog", catalog.stem, f"{catalog.stem}\n{catalog.read_text()}")
PATTERNS = {
    "plural": "{n, plural, offset:1 =0 {geen} one {# maatregel} few {# rzeczy} many {# rzeczy} other {# maatregelen}}",
    "select": "{status, select, AFGEROND {klaar {n, plural, one {# keer} other {# keer}}} other {bezig}}",
    "ordinal": "{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}",
    "number": "{n, number} {n, number, integer} {n, number, ::currency/EUR} {n, number, percent} {n, spellout}",
    "date": "{d, date, short} {d, date, ::dMMMMy} {d, time, short} {d, date, full}",
    "choice": "{n, choice, 0#geen|1#een|1<veel}",
    "quotes": "'{niet}' ''{n}'' {n, plural, other {'#' #}}",
}
for name, pattern in PATTERNS.items():
    write("catalog", name, f'pl\nlocale: "pl"\nmessages {{ key: "fuzz.{name}" text: "{pattern}" }}\n'
                           'messages { key: "date.day" text: "{date, date, ::dMMMMy}" }\n'
                           'messages { key: "date.period.end" text: "eind {year}" }\n')


# --- layout: header (see layout_fuzzer.cc) and real texts ------------------------------------------
def header(width_pt, frame_height, locale, flags=0, styles=0, spacing=1):
    # The locale byte indexes SupportedLocales() (domain/locales.h): keep this list in its order.
    return struct.pack("<HBBBB", int(width_pt * 64), frame_height // 4,
                       ["nl", "pl", "ro", "bg", "en"].index(locale) | flags, styles, spacing)


def texts_of(path):
    raw = re.findall(r'text: "((?:[^"\\]|\\.)*)"', path.read_text())
    return [bytes(t, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") for t in raw]


nl = texts_of(ROOT / "data" / "03-registratie.textproto")
pl = texts_of(ROOT / "data" / "translations" / "pl.textproto")
bg = texts_of(ROOT / "data" / "translations" / "bg.textproto")
P, S = "\x1d", "\x1e"
LAYOUT = [
    (header(523, 760, "nl"), nl[1]),
    (header(150, 200, "pl", flags=8, styles=0b11100100), P.join(pl[3:6])),
    (header(80, 120, "bg", flags=16 | 64, styles=0b01), bg[4] + S + bg[5]),
    (header(40, 400, "ro", flags=32 | 128), "EU-arbeidsmigranten\nregels\n\n  inspringing https://www.rijksoverheid.nl/onderwerpen/arbeidsmigratie"),
    (header(12, 60, "en", styles=0b1011), "Zażółć" + S + " gęślą jaźń e\u0301\u0301 \u200bzero\u00a0width 🇳🇱 \u2028 tab\tend"),
    (header(0.5, 0, "nl"), "a bc def"),
    (header(300, 40, "bg", spacing=3), P.join(bg[10:14])),
]
for n, (head, text) in enumerate(LAYOUT):
    write("layout", f"layout-{n}", head + text.encode())

# --- request: real requests of each mutating RPC ----------------------------------------------------
REQUESTS = {
    "update-title": ("U", "UpdateMeasureRequest",
                     'measure { id: "werk-1" title { nl: "Toelatingsstelsel uitzendbureaus" } } '
                     'update_mask { paths: "title.nl" } expected_revision: 1'),
    "update-summary": ("U", "UpdateMeasureRequest",
                       'measure { id: "registratie-2a" summary { nl: "Vanaf {start} kunt u zich melden." '
                       'translations { key: "pl" value { text: "Od {start} można się zgłosić." '
                       'source_fingerprint: "0123456789abcdef" } } } } update_mask { paths: "summary" }'),
    "update-body": ("U", "UpdateMeasureRequest",
                    'measure { id: "huisvesting-3" body { nl { blocks { kind: HEADING text: "Stand" } '
                    'blocks { kind: PARAGRAPH text: "Het wetsvoorstel ligt bij de Raad van State." } '
                    'blocks { kind: NUMBERED_LIST items: "advies" items: "indiening" } } } } '
                    'update_mask { paths: "body.nl" }'),
    "update-milestones": ("U", "UpdateMeasureRequest",
                          'measure { id: "werk-1" milestones { id: "invoering" '
                          'date { precision: MONTH year: 2027 month: 1 } label { nl: "Invoering" } '
                          'as_written: "januari 2027" } } update_mask { paths: "milestones" }'),
    "update-stale": ("U", "UpdateMeasureRequest",
                     'measure { id: "werk-2" title { nl: "Nieuw" } } update_mask { paths: "title" paths: "status" } '
                     'expected_revision: 7'),
    "status": ("S", "SetMeasureStatusRequest",
               'id: "werk-4" status: AFGEROND note: "Afgerond na evaluatie.\\nZie brief." expected_revision: 1'),
    "status-parent": ("S", "SetMeasureStatusRequest", 'id: "registratie-2" status: VERTRAAGD'),
    "status-same": ("S", "SetMeasureStatusRequest", 'id: "werk-1" status: IN_UITVOERING'),
    "snapshot": ("C", "CreateSnapshotRequest", 'label: "Voortgangsrapportage juni 2026"'),
    "snapshot-empty": ("C", "CreateSnapshotRequest", 'label: " "'),
}
protoc = shutil.which("protoc")
for name, (kind, message, text) in REQUESTS.items():
    encoded = subprocess.run([protoc, f"--encode=monitor.v1.{message}", "-I", str(ROOT / "protos"),
                              "-I", "/usr/include", "monitor/v1/monitor.proto"],
                             input=text.encode(), capture_output=True, check=True).stdout
    write("request", name, kind.encode() + encoded)
