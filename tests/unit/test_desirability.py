"""The evidence that the pairs are balanced for social desirability (data/desirability/), and
the rating sheets an organisation uses to run its own panel."""
from __future__ import annotations

import csv
import dataclasses
import io
import random

import pytest

from analysis.desirability import MAX_NICER_SCORE, check_desirability
from questionnaire import LANGUAGES, MODES, current_version, load_instrument
from questionnaire import evidence
from services import admin

RATINGS = evidence.load_ratings()
MIN_RATERS = 7


def _keys(lang):
    return [evidence.statement_key(i.id, c, lang) for i in load_instrument(lang).items for c in ("A", "B")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_statement_has_seven_independent_ratings_of_its_current_text(lang):
    fewest = {key: RATINGS.raters(key) for key in _keys(lang)}
    assert min(fewest.values()) >= MIN_RATERS, sorted(k for k, n in fewest.items() if n < MIN_RATERS)


def test_the_panels_say_who_rated():
    assert RATINGS.panels, "no panel"
    for panel in RATINGS.panels:
        assert panel.kind in ("model reviewers", "human raters") and panel.description and panel.collected
        assert len(panel.raters) >= MIN_RATERS


def _check(lang):
    check = check_desirability(RATINGS, load_instrument(lang))
    assert check is not None, f"some {lang} statements have no ratings"
    return check


@pytest.mark.parametrize("lang", LANGUAGES)
def test_within_every_pair_the_two_statements_are_rated_about_equally_desirable(lang):
    assert _check(lang).uneven_pairs == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_mode_sounds_better_than_the_others(lang):
    assert _check(lang).favoured_modes == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_always_picking_the_nicer_sounding_statement_makes_no_mode_high(lang):
    scores = _check(lang).nicer_scores
    assert max(scores.values()) <= MAX_NICER_SCORE, scores


def test_the_rules_catch_a_pair_a_mode_and_a_nicer_answer_that_lean():
    """The verdict is computed, not assumed: skewed ratings break each rule."""
    form = load_instrument("en")
    skewed = {key: dict(raters) for key, raters in RATINGS.by_statement.items()}
    collaborating = {f"{item.id}.{c}.en" for item in form.items for c in ("A", "B")
                     if item.statement(c).mode == "collaborating"}
    for key in collaborating:
        skewed[key] = {rater: 7 for rater in skewed[key]}
    check = check_desirability(dataclasses.replace(RATINGS, by_statement=skewed), form)
    assert check.uneven_pairs and "collaborating" in check.favoured_modes
    assert check.nicer_scores["collaborating"] == 12 and not check.ok
    assert check_desirability(dataclasses.replace(RATINGS, by_statement={}), form) is None


def test_a_rewritten_statement_loses_its_ratings(tmp_path):
    """A rating counts for the text that was rated: the fingerprint ties them together."""
    key = evidence.statement_key("P01", "A", "en")
    text = load_instrument("en").item("P01").a.text
    prints = {key: evidence.fingerprint(text)}
    evidence.add_ratings("t", "r1", "test", {key: 5}, prints, directory=tmp_path)
    evidence.add_ratings("t", "r2", "test", {key: 3}, {key: evidence.fingerprint(text + " Really.")},
                         directory=tmp_path)
    ratings = evidence.load_ratings(directory=tmp_path)
    assert ratings.by_statement[key] == {"t/r1": 5} and ratings.stale == 1


# -- rating sheets --------------------------------------------------------------------


def _fill(sheet: bytes, rating=lambda number: str(number % 7 + 1)) -> bytes:
    rows = list(csv.reader(io.StringIO(sheet.decode("utf-8-sig")), delimiter=";"))
    for row in rows[1:]:
        row[4] = rating(int(row[1]))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_sheet_shows_each_statement_once_in_random_order_without_item_or_mode(lang):
    sheet_id, rows = evidence.rating_sheet(lang, seed=11)
    texts = [text for _n, _code, text in rows]
    form = load_instrument(lang)
    in_order = [s.text for item in form.items for s in (item.a, item.b)]
    assert sorted(texts) == sorted(in_order) and texts != in_order
    assert evidence.rating_sheet(lang, seed=12)[1] != rows  # a new order for every sheet
    data = evidence.sheet_csv(sheet_id, rows).decode("utf-8-sig")
    for hidden in (*MODES, "P01", "P30", ".A.", ".B."):
        assert hidden not in data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_filled_sheet_reads_back_to_the_statements_rated(lang):
    sheet_id, rows = evidence.rating_sheet(lang, seed=5)
    read_lang, ratings, prints = evidence.read_sheet(_fill(evidence.sheet_csv(sheet_id, rows)))
    assert read_lang == lang and len(ratings) == 60
    # Number n on the sheet got rating n % 7 + 1: find each statement's number from its text.
    number_of = {text: int(n) for n, _code, text in rows}
    form = load_instrument(lang)
    for item in form.items:
        for choice in ("A", "B"):
            key = evidence.statement_key(item.id, choice, lang)
            assert ratings[key] == number_of[item.statement(choice).text] % 7 + 1
            assert prints[key] == evidence.fingerprint(item.statement(choice).text)


def _bad(edit):
    sheet_id, rows = evidence.rating_sheet("sv", seed=3)
    lines = _fill(evidence.sheet_csv(sheet_id, rows)).decode("utf-8").splitlines()
    return edit(lines)


BAD_SHEETS = [
    ("a rating of 8", lambda ls: "\n".join(ls[:1] + [ls[1].rsplit(";", 1)[0] + ";8"] + ls[2:]), "sheet_rating"),
    ("a rating of 4,5", lambda ls: "\n".join(ls[:1] + [ls[1].rsplit(";", 1)[0] + ";\"4,5\""] + ls[2:]), "sheet_rating"),
    ("an empty rating", lambda ls: "\n".join(ls[:1] + [ls[1].rsplit(";", 1)[0] + ";"] + ls[2:]), "sheet_rating"),
    ("no rows", lambda ls: ls[0], "sheet_empty"),
    ("a row twice", lambda ls: "\n".join(ls + [ls[1]]), "sheet_twice"),
    ("an edited statement", lambda ls: "\n".join(ls[:1] + [ls[1].replace("jag", "vi", 1)] + ls[2:]), "sheet_text"),
    ("a wrong code", lambda ls: "\n".join(ls[:1] + [";".join(ls[1].split(";")[:2] + ["0" * 12] + ls[1].split(";")[3:])]
                                          + ls[2:]), "sheet_text"),
    ("other headings", lambda ls: "\n".join(["a;b;c;d;e"] + ls[1:]), "sheet_columns"),
    ("two sheets mixed", lambda ls: "\n".join(ls[:2] + [ls[2].replace(":sv;", ":nb;")] + ls[3:]), "sheet_mixed"),
    ("an unknown version", lambda ls: "\n".join([ls[0]] + [l.replace(current_version(), "1999.1") for l in ls[1:]]),
     "sheet_version"),
]


@pytest.mark.parametrize("label,edit,code", BAD_SHEETS, ids=[case[0] for case in BAD_SHEETS])
def test_a_bad_sheet_is_refused_with_its_reason(label, edit, code):
    with pytest.raises(evidence.SheetError) as refused:
        evidence.read_sheet(_bad(edit).encode("utf-8"))
    assert refused.value.key == code


def test_a_sheet_of_only_some_statements_reads_back(tmp_path):
    """After a rewrite only the new texts are rated: a sheet of just those."""
    only = [evidence.statement_key("P03", "B", "da"), evidence.statement_key("P17", "A", "da")]
    sheet_id, rows = evidence.rating_sheet("da", seed=1, only=only)
    assert len(rows) == 2
    _lang, ratings, _prints = evidence.read_sheet(_fill(evidence.sheet_csv(sheet_id, rows), rating=lambda n: "6"))
    assert ratings == {key: 6 for key in only}


def test_the_commands_make_a_sheet_and_add_it_to_a_new_panel(tmp_path, capsys):
    sheet = tmp_path / "rater-nb.csv"
    assert admin.main(["rating-sheet", "--lang", "nb", "--out", str(sheet), "--seed", "77"]) == 0
    sheet.write_bytes(_fill(sheet.read_bytes(), rating=lambda n: str(random.Random(n).randint(1, 7))))
    folder = tmp_path / "desirability"
    args = ["import-ratings", "--panel", "acme-2027", "--rater", "r7", "--about", "team lead, Bergen",
            "--description", "Acme's own panel", "--collected", "2027-01", "--directory", str(folder), str(sheet)]
    assert admin.main(args) == 0
    ratings = evidence.load_ratings(directory=folder)
    assert ratings.panels[0].kind == "human raters" and ratings.panels[0].raters == ("r7",)
    assert sum(1 for k in ratings.by_statement if k.endswith(".nb")) == 60
    # The same rater's sheet again is refused and changes nothing.
    before = (folder / "panels" / "acme-2027.csv").read_bytes()
    assert admin.main(args) == 1
    assert (folder / "panels" / "acme-2027.csv").read_bytes() == before
    assert "already rated" in capsys.readouterr().err


def test_the_checks_command_reports_every_language(capsys):
    code = admin.main(["desirability"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert all(f"[{lang}] ok" in out for lang in LANGUAGES)


# -- back-translations ------------------------------------------------------------------

BACK = evidence.load_backtranslations()


@pytest.mark.parametrize("lang", evidence.NORDIC)
def test_every_nordic_statement_has_a_reviewed_back_translation_of_its_current_text(lang):
    current = {key: evidence.fingerprint(text) for key, (_m, text) in evidence.statements(None, (lang,)).items()}
    # The latest review of a text counts (a re-review against a revised English comes last).
    reviewed = {(b.key, b.fingerprint): b for b in sorted(BACK, key=lambda b: b.order)}
    missing = [key for key, print_ in current.items() if (key, print_) not in reviewed]
    assert missing == []
    for key, print_ in current.items():
        record = reviewed[(key, print_)]
        assert record.verdict == "equivalent", (key, record.review)
        assert record.back.strip() and record.review.strip() and record.translator != record.reviewer


def test_the_mismatches_found_are_kept_as_evidence():
    """A back-translation of an earlier text stays in the file: the mismatch found and fixed.
    Danish P08 A once left open who calls back; the record of that text says so, and the
    current text has its own record."""
    current = {evidence.fingerprint(text) for _k, (_m, text) in evidence.statements(None, evidence.NORDIC).items()}
    history = [b for b in BACK if b.fingerprint not in current]
    fixed = [b for b in history if b.verdict == "mismatch"]
    assert {b.key for b in fixed} >= {"P08.A.da", "P29.B.sv", "P27.A.nb"}
    assert all(b.verdict == "equivalent" for b in BACK if b.fingerprint in current
               and b.key in {f.key for f in fixed})
