"""Report models (reports/model.py) to PDF, with Typst.

Why Typst (bench/README.md has the measurements and pictures): it typesets and hyphenates
Swedish, Norwegian and Danish properly, embeds its own fonts (Libertinus, which covers every
Nordic and Sámi letter) so the output does not depend on the machine, and makes a report in
milliseconds. The templates in reports/templates/ get the model as JSON through
``sys.inputs``: every text is a string there, so a name like ``#set`` or ``<b>`` is printed,
never evaluated. Charts are the app's Plotly figures drawn as SVG (reports.svg).
"""
from __future__ import annotations

import dataclasses
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import plotly.graph_objects as go
import typst

from questionnaire import load_catalog

from .model import IndividualReport, PaperForm, TeamWorkshopReport
from .svg import figure_svg

__all__ = ["PAPERS", "batch_pdf", "batch_zip", "file_stem", "form_pdf", "individual_pdf", "team_pdf"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAPERS = {"a4": "a4", "letter": "us-letter"}
_MAIN = TEMPLATES / "main.typ"


def _data(value):
    """The model as JSON-ready data; charts become SVG."""
    if isinstance(value, go.Figure):
        return figure_svg(value)
    if dataclasses.is_dataclass(value):
        data = {f.name: _data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, IndividualReport):
            data["display_name"] = value.display_name
        return data
    if isinstance(value, Mapping):
        return {str(k): _data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    return value


def _document(kind: str, lang: str, paper: str, title: str, batch: bool = False, **extra) -> dict:
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}: choose one of {', '.join(PAPERS)}")
    catalog = load_catalog(lang)
    return {"kind": kind, "lang": lang, "paper": PAPERS[paper], "title": title, "app": catalog.t("app.title"),
            # The template fills in the page numbers: the placeholders are passed on as they are.
            "page_of": catalog.t("report.page_of", page="{page}", pages="{pages}"), "batch": batch, **extra}


def _compile(document: dict) -> bytes:
    return typst.compile(str(_MAIN), root=str(TEMPLATES), sys_inputs={"data": json.dumps(document)},
                         ignore_system_fonts=True)


def individual_pdf(report: IndividualReport, paper: str = "a4") -> bytes:
    title = f"{report.labels['cover_title']}: {report.display_name}"
    return _compile(_document("individual", report.lang, paper, title, report=_data(report)))


def batch_pdf(reports: Sequence[IndividualReport], team: str, lang: str, paper: str = "a4",
              progress: Callable[[int], None] | None = None) -> bytes:
    """Every report in one file: a contents page in ``lang``, then each person from a new page
    (each in their own language)."""
    catalog = load_catalog(lang)
    people = []
    for count, report in enumerate(reports, start=1):
        people.append(_data(report))
        if progress:
            progress(count)
    return _compile(_document("batch", lang, paper, f"{catalog.t('report.batch_title')}: {team}", batch=True,
                              reports=people, team=team, batch_title=catalog.t("report.batch_title"),
                              team_label=catalog.t("report.team"), printed_label=catalog.t("report.printed_on"),
                              printed_on=reports[0].printed_on if reports else "",
                              contents=catalog.t("report.contents")))


def batch_zip(reports: Iterable[IndividualReport], paper: str = "a4",
              progress: Callable[[int], None] | None = None) -> bytes:
    """One PDF per person in a zip, named after the person (made unique)."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for count, report in enumerate(reports, start=1):
            stem = file_stem(report.display_name)
            name, n = stem, 1
            while name.lower() in used:
                n += 1
                name = f"{stem}-{n}"
            used.add(name.lower())
            archive.writestr(f"{name}.pdf", individual_pdf(report, paper))
            if progress:
                progress(count)
    return buffer.getvalue()


def team_pdf(report: TeamWorkshopReport, paper: str = "a4") -> bytes:
    title = f"{report.labels['team_title']}: {report.team}"
    return _compile(_document("team", report.lang, paper, title, report=_data(report)))


def form_pdf(form: PaperForm, paper: str = "a4") -> bytes:
    return _compile(_document("form", form.lang, paper, form.labels["form_title"], report=_data(form)))


_UNSAFE = re.compile(r"[^\w.\- ]+")
# Names Windows keeps for devices, with or without an extension ("CON.pdf" cannot be saved).
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])$")
STEM_MAX = 60  # characters of a name in a file name, before any suffix


def file_stem(name: str, fallback: str = "report", *suffixes: object) -> str:
    """A file name (without extension) from a person's or team's name and optional suffixes
    ("Kundtjänst-Malmö-2-workshop"): letters (Nordic ones kept), digits, dots and dashes,
    nothing that could climb out of a folder, a Windows device name made safe, and the name
    shortened before the suffixes so that they always survive."""
    text = unicodedata.normalize("NFC", name or "")
    text = _UNSAFE.sub(" ", text).strip(" .")
    text = re.sub(r"\s+", "-", text)[:STEM_MAX].strip("-.") or fallback
    if _RESERVED.match(text):
        text += "-"
    return "-".join([text, *(str(s) for s in suffixes)])
