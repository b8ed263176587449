"""PDF engine for the reports: Typst (the `typst` Python binding) against ReportLab.

Both engines build the same baseline document: A4, a title with a Nordic name, a horizontal bar
chart of the five modes drawn as vector graphics (Typst: an SVG string made here in Python and
passed in through sys_inputs; ReportLab: a reportlab.graphics Drawing), about three pages of
Swedish, Norwegian and Danish body text under headings, a small table, and "sida X av Y" page
numbers. All text reaches Typst as JSON through sys_inputs, so none of it is parsed as markup;
ReportLab's Paragraph parses its own mini-markup, so text is XML-escaped before it gets there.

A third variant, typst_vera, is a control: Typst with ReportLab's font (Bitstream Vera Sans, from
reportlab/fonts through font_paths), so that what belongs to the engine can be told apart from
what belongs to the font (Libertinus Serif is a narrow serif, Vera a wide sans).

Measures, per engine (runs interleaved, alternating their order):

- single: wall time for one document, median and interquartile range over --repeat runs after
  3 warm-ups (each run has its own report number, which also ends every paragraph, so no run
  repeats a paragraph of another: Typst memoises layout across compilations in a process);
- batch: wall time for 50 such documents in one file (Typst: one source with 50 sections and
  page breaks; ReportLab: one story), median and interquartile range of --batch-repeat runs;
  the process's CPU time is recorded beside the wall time (Typst may use more than one thread);
- cold: the first document in a fresh interpreter (what the first report after a server start
  pays; both engines are already imported), median of 3 subprocesses;
- the PDF's size and page count, whether every font is embedded (`pdffonts`), and whether the
  text extracted with pypdf contains the name and "Tillmötesgående" exactly and every body
  paragraph (soft hyphens U+00AD stripped, whitespace collapsed), whether each page carries its
  "sida X av Y", whether the PDF is tagged (has a structure tree) and declares its language,
  which North Sámi letters (Ŋ, Ŧ, ...) the font lacks, and how many lines end in a hyphen when
  three of the paragraphs are set in a 5 cm measure (does the engine hyphenate at all).

Page 1 of each engine's PDF is rendered to docs/bench/engine-{typst,reportlab}.png (pdftoppm,
60 dpi) to be looked at.

    .venv/bin/python bench/pdf_engines.py [--repeat 30] [--batch-repeat 9]
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pypdf
import reportlab
import typst
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
from timing import summarise, timed  # bench/timing.py (run as a script, bench/ is on the path)

ROOT = Path(__file__).resolve().parents[1]

NAME = "Åsa Ødegård-Čáhppes"
FONT_DIR = Path(reportlab.__file__).parent / "fonts"
VERA = "Bitstream Vera Sans"
BATCH = 50
WARMUPS = 3
CHART = [  # label, value, colour: the five modes in the app's order and palette
    ("Konkurrerande", 9, "#D55E00"),
    ("Samarbetande", 7, "#0072B2"),
    ("Kompromissande", 6, "#009E73"),
    ("Undvikande", 4, "#7F7F7F"),
    ("Tillmötesgående", 4, "#CC79A7"),
]
LEVELS = {9: "Hög", 7: "Medel", 6: "Medel", 4: "Låg"}
SV = [
    "När en kund hör av sig är det sällan själva frågan som avgör hur samtalet slutar, utan hur den "
    "tas emot. En medarbetare som lyssnar färdigt innan hon svarar, som upprepar kundens problem med "
    "egna ord och som säger vad som händer härnäst, får oftare ett lugnt samtal än den som genast "
    "försvarar företagets regler. Det kostar några sekunder i början men sparar minuter i slutet.",
    "Konflikter i kundtjänst uppstår ofta när två rimliga intressen möts: kunden vill ha en lösning nu, "
    "och företaget har rutiner som skyddar andra kunder. Den som bara tävlar om att få rätt förlorar "
    "kundens förtroende, och den som alltid ger efter lovar sådant som kollegorna sedan inte kan hålla. "
    "Att växla mellan stilarna efter situationen är en färdighet som går att öva.",
    "Ett bra sätt att börja är att lägga märke till sin första impuls. Vissa vill lösa allt direkt, "
    "andra drar sig undan och hoppas att problemet försvinner av sig självt. Ingen av impulserna är fel "
    "i sig, men de passar olika situationer. Frågan att ställa sig är vad kunden behöver, vad företaget "
    "behöver och hur mycket tid som faktiskt finns.",
    "Samarbete tar tid och lönar sig när relationen är viktig och problemet är komplicerat. Kompromiss "
    "fungerar när båda parter vill gå vidare och ingen princip står på spel. Att ge efter är klokt när "
    "frågan betyder mycket för kunden och lite för företaget, medan det ibland är rätt att undvika när "
    "känslorna är höga och ett nytt samtal i morgon blir bättre.",
]
NB = [
    "Kunder som ringer for andre gang om samme feil, er sjelden ute etter en ny forklaring. De vil vite "
    "at noen har tatt ansvar. Si hvem du er, hva du har sett i saken, og hva du kommer til å gjøre før "
    "dagen er omme. Et konkret løfte som holdes, betyr mer enn en lang unnskyldning, og kunden husker "
    "det neste gang noe går galt.",
    "Når en samtale blir opphetet, hjelper det å senke tempoet. Snakk litt saktere enn kunden, still "
    "åpne spørsmål og la pausene få være. Mange kunder roer seg når de merker at de ikke må kjempe for å "
    "bli hørt. Etterpå er det lettere å finne en løsning som begge parter kan leve med, også når svaret "
    "ikke er det kunden håpet på.",
    "Tilbakemeldinger fra kolleger er en av de beste kildene til læring i kundeservice. Lytt til et "
    "opptak sammen, legg merke til hvor samtalen snudde, og spør hva som kunne vært sagt annerledes. "
    "Hensikten er ikke å finne feil, men å bygge et felles språk for vanskelige situasjoner som alle "
    "på laget kjenner igjen.",
]
DA = [
    "God kundeservice handler ikke om at sige ja til alt. Det handler om at være tydelig om, hvad man "
    "kan gøre, og ærlig om, hvad man ikke kan. Kunder accepterer oftere et nej, når de forstår "
    "begrundelsen og får et alternativ, end når de bliver mødt af tavshed eller vage løfter om, at "
    "nogen vender tilbage.",
    "Når flere kolleger håndterer den samme sag, opstår der let misforståelser. Skriv korte noter i "
    "sagen efter hver samtale: hvad kunden ønsker, hvad der er aftalt, og hvem der gør hvad. Så slipper "
    "kunden for at fortælle sin historie igen, og den næste medarbejder kan fortsætte, hvor den forrige "
    "slap.",
    "Det kræver mod at give en kunde ret, når virksomheden har begået en fejl. Alligevel er det ofte den "
    "hurtigste vej til en løsning. En oprigtig undskyldning, en klar plan og en opfølgning et par dage "
    "senere gør mere for tilliden end nogen rabat, og medarbejderen slipper for den samme samtale igen.",
]
SECTIONS = [  # heading, language, paragraphs: about three A4 pages with the title page's chart and table
    ("Att ta emot en kund som är upprörd", "sv", SV),
    ("Når den samme feilen kommer tilbake", "nb", NB),
    ("Et tydeligt nej er bedre end et vagt ja", "da", DA),
    ("Att välja stil efter situationen", "sv", SV[1:] + SV[:1]),
    ("Å lære av samtalene sammen", "nb", NB[2:] + NB[:2]),
    ("Noter, der gør det lettere for kollegerne", "da", DA[1:]),
]


def report(number: int, font: str = "Libertinus Serif") -> dict:
    """One report's content, as plain data (the same for both engines; ReportLab ignores "chart")."""
    return {
        "title": "Din konfliktstil",
        "name": NAME,
        "subtitle": f"Rapport nr {number} · Conflict Style Coach · 2026-11-30",
        "chart_heading": "Dina poäng per stil (av 12)",
        "table_heading": "Sammanfattning",
        "table_header": ["Stil", "Poäng", "Nivå"],
        "table_rows": [[label, str(value), LEVELS[value]] for label, value, _ in CHART],
        # each paragraph ends with its own reference, "(report.paragraph)": no two runs share a
        # paragraph, so Typst cannot reuse layout it memoised in an earlier run
        "sections": [{"heading": h, "lang": lang, "paragraphs": [f"{p} ({number}.{10 * k + i + 1})"
                                                                for i, p in enumerate(ps)]}
                     for k, (h, lang, ps) in enumerate(SECTIONS)],
        "chart": chart_svg(font),
    }


# --- Typst -------------------------------------------------------------------------------------

def chart_svg(font: str) -> str:
    """The bar chart as SVG text (Typst draws it as vector graphics, its labels as real text)."""
    width, left, top, bar, gap, scale = 460, 120, 10, 22, 10, 26  # 26 px per point, 12 points
    rows = []
    for tick in range(0, 13, 3):
        x = left + tick * scale
        rows.append(f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{top + 5 * (bar + gap) - gap + 4}" '
                    'stroke="#d0d0d0" stroke-width="0.75"/>')
        rows.append(f'<text x="{x}" y="{top + 5 * (bar + gap) + 12}" font-size="10" text-anchor="middle" '
                    f'fill="#555555">{tick}</text>')
    for index, (label, value, colour) in enumerate(CHART):
        y = top + index * (bar + gap)
        rows.append(f'<text x="{left - 8}" y="{y + bar / 2 + 4}" font-size="12" text-anchor="end">{escape(label)}</text>')
        rows.append(f'<rect x="{left}" y="{y}" width="{value * scale}" height="{bar}" fill="{colour}"/>')
        rows.append(f'<text x="{left + value * scale + 5}" y="{y + bar / 2 + 4}" font-size="12">{value}</text>')
    height = top + 5 * (bar + gap) + 18
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{font}" fill="#222222">'
            + "".join(rows) + "</svg>")


TYPST_SOURCE = r"""
#let d = json(bytes(sys.inputs.data))
#set document(title: "Din konfliktstil", author: "Conflict Style Coach")
#set page(paper: "a4", margin: (x: 2.2cm, top: 2.2cm, bottom: 2.4cm),
  footer: context align(center, text(size: 9pt, fill: luma(90),
    "sida " + str(counter(page).get().first()) + " av " + str(counter(page).final().first()))))
// Line box of exactly 1em, so that the leading below gives the same 14pt baseline-to-baseline
// distance and 4pt between paragraphs as ReportLab's leading=14, spaceAfter=4.
#set text(font: sys.inputs.font, size: 11pt, lang: "sv", top-edge: 0.8em, bottom-edge: -0.2em)
#set par(justify: true, leading: 3pt, spacing: 7pt)
#show heading: set text(hyphenate: false)
#show heading.where(level: 2): set block(above: 1.3em, below: 0.7em)
#let report(r) = {
  text(size: 22pt, weight: "bold", hyphenate: false, r.title)
  parbreak()
  text(size: 16pt, hyphenate: false, r.name)
  parbreak()
  text(size: 9.5pt, fill: luma(90), hyphenate: false, r.subtitle)
  heading(level: 2, r.chart_heading)
  image(bytes(r.chart), format: "svg", width: 100%)
  heading(level: 2, r.table_heading)
  table(columns: (auto, auto, auto), stroke: 0.5pt + luma(170), inset: (x: 8pt, y: 4pt),
    table.header(..r.table_header.map(h => text(weight: "bold", h))),
    ..r.table_rows.flatten())
  for s in r.sections {
    heading(level: 2, s.heading)
    text(lang: s.lang, { for p in s.paragraphs { p; parbreak() } })
  }
}
#for (i, r) in d.reports.enumerate() {
  if i > 0 { pagebreak() }
  report(r)
}
"""


def typst_pdf(reports: list[dict], tags: bool = True) -> bytes:
    return typst.compile(TYPST_SOURCE.encode(), ignore_system_fonts=True, pdf_tags=tags,
                         sys_inputs={"data": json.dumps({"reports": reports}), "font": "Libertinus Serif"})


def typst_vera_pdf(reports: list[dict], tags: bool = True) -> bytes:
    """Control: Typst with ReportLab's font, to tell what is the engine and what is the font."""
    reports = [{**r, "chart": chart_svg(VERA)} for r in reports]
    return typst.compile(TYPST_SOURCE.encode(), ignore_system_fonts=True, font_paths=[str(FONT_DIR)], pdf_tags=tags,
                         sys_inputs={"data": json.dumps({"reports": reports}), "font": VERA})


# --- ReportLab ---------------------------------------------------------------------------------

def register_vera() -> None:
    """Bitstream Vera from ReportLab's own fonts folder, embedded (subset) in the PDF."""
    if "Vera" in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in [("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"),
                       ("Vera-BoldItalic", "VeraBI.ttf")]:
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold", italic="Vera-Italic",
                                  boldItalic="Vera-BoldItalic")


STYLES = {
    "title": ParagraphStyle("title", fontName="Vera-Bold", fontSize=22, leading=27, spaceAfter=4),
    "name": ParagraphStyle("name", fontName="Vera", fontSize=16, leading=20, spaceAfter=4),
    "subtitle": ParagraphStyle("subtitle", fontName="Vera", fontSize=9.5, leading=12,
                               textColor=colors.HexColor("#5a5a5a")),
    "h2": ParagraphStyle("h2", fontName="Vera-Bold", fontSize=13, leading=16, spaceBefore=14, spaceAfter=7),
    "body": ParagraphStyle("body", fontName="Vera", fontSize=11, leading=14, alignment=TA_JUSTIFY,
                           spaceAfter=4),
}


def chart_drawing() -> Drawing:
    """The same chart as chart_svg, as a reportlab.graphics Drawing (y grows upwards here)."""
    width, left, top, bar, gap, scale = 460, 120, 10, 22, 10, 26
    height = top + 5 * (bar + gap) + 18
    frame_width = A4[0] - 4.4 * cm
    zoom = frame_width / width  # same as Typst's width: 100%
    drawing = Drawing(frame_width, height * zoom)
    drawing.initialFontName = "Vera"  # else the renderer selects Helvetica first, unembedded, into the PDF

    def flip(y: float) -> float:
        return height - y

    for tick in range(0, 13, 3):
        x = left + tick * scale
        drawing.add(Line(x, flip(top - 4), x, flip(top + 5 * (bar + gap) - gap + 4),
                         strokeColor=colors.HexColor("#d0d0d0"), strokeWidth=0.75))
        drawing.add(String(x, flip(top + 5 * (bar + gap) + 12), str(tick), fontName="Vera", fontSize=10,
                           textAnchor="middle", fillColor=colors.HexColor("#555555")))
    for index, (label, value, colour) in enumerate(CHART):
        y = top + index * (bar + gap)
        drawing.add(String(left - 8, flip(y + bar / 2 + 4), label, fontName="Vera", fontSize=12,
                           textAnchor="end", fillColor=colors.HexColor("#222222")))
        drawing.add(Rect(left, flip(y + bar), value * scale, bar, fillColor=colors.HexColor(colour),
                         strokeColor=None))
        drawing.add(String(left + value * scale + 5, flip(y + bar / 2 + 4), str(value), fontName="Vera",
                           fontSize=12, fillColor=colors.HexColor("#222222")))
    drawing.scale(zoom, zoom)
    return drawing


class NumberedCanvas(rl_canvas.Canvas):
    """'sida X av Y': the pages are kept until the end, when the total is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Vera", 9)
            self.setFillColor(colors.HexColor("#5a5a5a"))
            self.drawCentredString(A4[0] / 2, 1.4 * cm, f"sida {self._pageNumber} av {total}")
            super().showPage()
        super().save()


def reportlab_story(r: dict) -> list:
    p = lambda text, style: Paragraph(escape(text), STYLES[style])  # noqa: E731 - Paragraph parses markup
    story = [p(r["title"], "title"), p(r["name"], "name"), p(r["subtitle"], "subtitle"),
             p(r["chart_heading"], "h2"), chart_drawing(), p(r["table_heading"], "h2")]
    # Plain strings in the cells (not parsed as markup, and sized to their content like Typst's auto).
    table = Table([r["table_header"]] + r["table_rows"], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Vera", 11), ("FONT", (0, 0), (-1, 0), "Vera-Bold", 11),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#aaaaaa")),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    story.append(table)
    for s in r["sections"]:
        first, *rest = s["paragraphs"]
        story.append(KeepTogether([p(s["heading"], "h2"), p(first, "body")]))  # no heading alone at a foot
        story += [p(text, "body") for text in rest]
    return story


def reportlab_pdf(reports: list[dict]) -> bytes:
    register_vera()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=2.2 * cm,
                            bottomMargin=2.4 * cm, title="Din konfliktstil", author="Conflict Style Coach",
                            # without it every page starts in Helvetica, which then sits in the PDF as
                            # a font that is not embedded (pdffonts: "Helvetica  Type 1 ... no")
                            initialFontName="Vera")
    story = []
    for index, r in enumerate(reports):
        if index:
            story.append(PageBreak())
        story += reportlab_story(r)
    doc.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()


ENGINES = {"typst": typst_pdf, "reportlab": reportlab_pdf, "typst_vera": typst_vera_pdf}


# --- checks ------------------------------------------------------------------------------------

def fonts(path: Path) -> dict:
    """pdffonts: every font line, and whether all of them say 'yes' under emb."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
    # Long names push the columns right, so a row is split on whitespace: the fields after the
    # name, type and encoding are always emb, sub, uni, object, ID.
    rows = [line for line in lines[2:] if line.strip()]
    return {"all_embedded": bool(rows) and all(line.split()[-5] == "yes" for line in rows),
            "pdffonts": [re.sub(r"\s+", " ", line).strip() for line in rows]}


def _flat(text: str) -> str:
    """A soft hyphen at a line end joins the word's halves; other whitespace collapses to one space."""
    return re.sub(r"\s+", " ", re.sub(r"\u00ad\s*", "", text)).strip()


def text_checks(pdf: bytes, r: dict) -> dict:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() or "" for page in reader.pages]
    footers = all(f"sida {n} av {len(pages)}" in text for n, text in enumerate(pages, 1))
    # without the footers, so that a paragraph running over a page break reads as one
    raw = "\n".join(re.sub(r"sida \d+ av \d+", "", text) for text in pages)
    flat = _flat(raw)
    paragraphs = {p for s in r["sections"] for p in s["paragraphs"]}
    headings = [s["heading"] for s in r["sections"]] + [r["title"], r["chart_heading"], r["table_heading"]]
    missing = [p[:40] + "…" for p in paragraphs if _flat(p) not in flat]
    return {
        "pages": len(pages),
        "name_exact": NAME in raw,
        "name_count": raw.count(NAME),
        "tillmotesgaende_count": raw.count("Tillmötesgående"),  # table row, plus the chart label if it is text
        "chart_labels_as_text": all(raw.count(label) >= 2 for label, _, _ in CHART),
        "headings_exact": all(h in raw for h in headings),
        "body_paragraphs_found": f"{len(paragraphs) - len(missing)}/{len(paragraphs)}",
        "body_missing": missing,
        "soft_hyphens_in_extraction": raw.count("\u00ad"),
        "page_footers_found": footers,
        "tagged": "/StructTreeRoot" in reader.trailer["/Root"],  # a structure tree, for screen readers
        "document_language": str(reader.trailer["/Root"].get("/Lang")),
    }


SAMI = "ÁáČčĐđŊŋŠšŦŧŽž"  # North Sámi letters beyond the Nordic ones


def sami_missing(engine: str, folder: Path) -> str:
    """Which North Sámi letters the engine's font lacks. ReportLab: the font's character map (a
    missing letter prints as an empty box); Typst: a one-letter document per letter, which lacks it
    when Typst had to fall back to another of its fonts."""
    if engine == "reportlab":
        register_vera()
        glyphs = pdfmetrics.getFont("Vera").face.charToGlyph  # glyph 0 is .notdef, the empty box
        return "".join(c for c in SAMI if not glyphs.get(ord(c)))
    family, paths = ("Libertinus Serif", []) if engine == "typst" else (VERA, [str(FONT_DIR)])
    missing = ""
    for letter in SAMI:
        path = folder / "letter.pdf"
        path.write_bytes(typst.compile(b"#set text(font: sys.inputs.font)\n#sys.inputs.letter", font_paths=paths,
                                       ignore_system_fonts=True, sys_inputs={"font": family, "letter": letter}))
        if any(family.replace(" ", "") not in line for line in fonts(path)["pdffonts"]):
            missing += letter
    return missing


NARROW = r"""
#let d = json(bytes(sys.inputs.data))
#set page(width: 6cm, height: auto, margin: 0.5cm)
#set text(font: sys.inputs.font, size: 11pt)
#set par(justify: true)
#for p in d { text(lang: p.lang, p.text); parbreak() }
"""


def narrow_hyphens(engine: str) -> int:
    """Lines ending in a hyphen when the first sv, nb and da paragraphs are set justified in a 5 cm
    measure: whether the engine hyphenates at all. (ReportLab only hyphenates with pyphen installed;
    hyphenationLang is ignored without it.)"""
    paragraphs = [("sv", "sv_SE", SV[1]), ("nb", "nb_NO", NB[0]), ("da", "da_DK", DA[0])]
    if engine == "reportlab":
        register_vera()
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=(6 * cm, 40 * cm), leftMargin=0.5 * cm, rightMargin=0.5 * cm,
                                topMargin=0.5 * cm, bottomMargin=0.5 * cm, initialFontName="Vera")
        doc.build([Paragraph(escape(text), ParagraphStyle(lang, parent=STYLES["body"], hyphenationLang=code))
                   for lang, code, text in paragraphs])
        pdf = out.getvalue()
    else:
        family, paths = ("Libertinus Serif", []) if engine == "typst" else (VERA, [str(FONT_DIR)])
        pdf = typst.compile(NARROW.encode(), font_paths=paths, ignore_system_fonts=True, sys_inputs={
            "font": family, "data": json.dumps([{"lang": lang, "text": text} for lang, _, text in paragraphs])})
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return sum(1 for line in text.splitlines() if line.rstrip().endswith(("-", "\u00ad")))


# --- timing ------------------------------------------------------------------------------------





COLD = """
import sys, time
sys.path.insert(0, {bench!r})
import pdf_engines as b
r = b.report(1)
started = time.perf_counter()
b.ENGINES[{engine!r}]([r])
print(time.perf_counter() - started)
"""


def cold(engine: str) -> dict:
    """The first document in a fresh interpreter, both engines already imported."""
    runs = [float(subprocess.run([sys.executable, "-c", COLD.format(bench=str(ROOT / "bench"), engine=engine)],
                                 check=True, capture_output=True, text=True).stdout) for _ in range(3)]
    return {"first_document_ms": round(statistics.median(runs) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--batch-repeat", type=int, default=9)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pdf_engines.json")
    parser.add_argument("--images", type=Path, default=ROOT / "docs" / "bench")
    args = parser.parse_args()

    baseline = report(1)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for engine, build in ENGINES.items():
            pdf = build([baseline])
            path = Path(folder) / f"{engine}.pdf"
            path.write_bytes(pdf)
            if engine in ("typst", "reportlab"):
                args.images.mkdir(parents=True, exist_ok=True)
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path),
                                str(args.images / f"engine-{engine}")], check=True)
            results[engine] = {"pdf_bytes": len(pdf), **text_checks(pdf, baseline), **fonts(path),
                               "sami_letters_missing": sami_missing(engine, Path(folder)),
                               "hyphenated_lines_in_5cm_measure": narrow_hyphens(engine)}
            batch = build([report(n) for n in range(1, BATCH + 1)])
            results[engine]["batch_pdf_bytes"] = len(batch)
            results[engine]["batch_pages"] = len(pypdf.PdfReader(io.BytesIO(batch)).pages)
            if engine != "reportlab":  # how much of Typst's size is the structure tree (on by default)
                results[engine]["batch_pdf_bytes_untagged"] = len(build([report(n) for n in range(1, BATCH + 1)],
                                                                        tags=False))

        for engine in ENGINES:
            results[engine]["cold"] = cold(engine)

        for run in range(WARMUPS):
            for build in ENGINES.values():
                build([report(900 + run)])
        single = {engine: [] for engine in ENGINES}
        for run in range(args.repeat):
            order = list(ENGINES.items()) if run % 2 == 0 else list(reversed(ENGINES.items()))
            for engine, build in order:
                r = report(1000 + run)  # its own number, and so its own paragraphs
                single[engine].append(timed(lambda: build([r])))
        batches = {engine: [] for engine in ENGINES}
        for run in range(args.batch_repeat):
            order = list(ENGINES.items()) if run % 2 == 0 else list(reversed(ENGINES.items()))
            for engine, build in order:
                rs = [report(10_000 + run * BATCH + n) for n in range(BATCH)]
                batches[engine].append(timed(lambda: build(rs)))

    for engine in ENGINES:
        results[engine]["single"] = summarise(single[engine])
        summary = summarise(batches[engine])
        results[engine]["batch"] = {"documents": BATCH, **summary,
                                    "runs_ms": [round(wall * 1000, 1) for wall, _ in batches[engine]],
                                    "per_document_ms": round(summary["median_ms"] / BATCH, 2)}
    result = {
        "benchmark": "one three-page A4 report (title, SVG/Drawing bar chart, table, sv/nb/da text) "
                     f"and a batch of {BATCH} in one file, Typst against ReportLab",
        "command": f".venv/bin/python bench/pdf_engines.py --repeat {args.repeat} --batch-repeat {args.batch_repeat}",
        "recorded": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"platform": platform.platform(), "machine": platform.machine(), "cpu_count": os.cpu_count(),
                    "python": platform.python_version()},
        "pyphen_installed": importlib.util.find_spec("pyphen") is not None,
        "versions": {"typst": typst.__version__, "reportlab": reportlab.Version, "pypdf": pypdf.__version__,
                     "poppler": subprocess.run(["pdffonts", "-v"], capture_output=True, text=True).stderr.split()[2]},
        "fonts": {"typst": "Libertinus Serif (embedded in the typst binary), ignore_system_fonts=True",
                  "reportlab": "Bitstream Vera Sans (reportlab/fonts/Vera*.ttf), registered as TTFont"},
        "ratio_single_reportlab_to_typst": round(results["reportlab"]["single"]["median_ms"]
                                                 / results["typst"]["single"]["median_ms"], 2),
        "ratio_batch_reportlab_to_typst": round(results["reportlab"]["batch"]["median_ms"]
                                                / results["typst"]["batch"]["median_ms"], 2),
        "engines": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
