from __future__ import annotations

import pytest

from questionnaire import load_instrument, number_ranges, progress
from storage import clean_name
from views.text import WORD_JOINER, plain

INSTRUMENT = load_instrument()


NASTY = [
    "<script>alert(1)</script>", "**boss**", "[click](javascript:alert(1))", "# Big", "`code`", "a_b_c",
    "Åsa & Øyvind", ":material/home:", "$x^2$", "https://evil.example/login", "Team www.example.com",
    "bo@example.se", "mailto:bo@example.se", "![x](https://img.example/x.png)", ":red[alarm]", "1. first",
    "- item", "> quote", "| a | b |", "~~gone~~", "<https://x.example>", "HTTPS://EVIL.EXAMPLE", "ftp://a.b/c",
]


def _unescape(text: str) -> str:
    return text.replace(WORD_JOINER, "").replace("\\\\", "\x00").replace("\\", "").replace("\x00", "\\")


@pytest.mark.parametrize("raw", NASTY)
def test_plain_text_reads_as_typed_once_escapes_and_joiners_are_removed(raw):
    assert _unescape(plain(raw)) == raw


@pytest.mark.parametrize("raw", NASTY)
def test_plain_text_has_no_markdown_character_and_no_autolink_trigger(raw):
    shown = plain(raw)
    bare = shown.replace("\\\\", "")
    for ch in "*_[]()#`<>:$|~!-":
        assert bare.count(ch) == bare.count("\\" + ch), ch
    lowered = shown.lower()
    # GFM autolinks need "scheme:" + "//", "www." or "name@host": each is broken by a joiner.
    assert "://" not in lowered.replace("\\", "") and "www." not in lowered.replace("\\", "")
    assert "@" not in shown or all(shown[i + 1] == WORD_JOINER for i, ch in enumerate(shown) if ch == "@")


@pytest.mark.parametrize("raw,clean", [
    ("  Åsa   Lind ", "Åsa Lind"), ("", None), ("   ", None), (None, None),
    ("Bo\x00\x1b[31m", "Bo[31m"), ("x" * 150, "x" * 100), ("<b>Ola</b>", "<b>Ola</b>"),
    ("A\u0301sa", "Ása"),
])
def test_names_are_normalised_but_kept_as_typed(raw, clean):
    assert clean_name(raw) == clean


def test_progress_counts_only_valid_answers_in_questionnaire_order():
    answers = {"P02": "A", "P01": "B", "P05": "C", "P99": "A"}
    status = progress(INSTRUMENT, answers)
    assert status.answered == 2 and status.total == 30 and not status.complete
    assert status.missing[:3] == ("P03", "P04", "P05")
    assert status.missing_numbers(INSTRUMENT)[:3] == (3, 4, 5)


def test_progress_is_complete_with_every_item():
    status = progress(INSTRUMENT, {i: "A" for i in INSTRUMENT.ids})
    assert status.complete and status.fraction == 1.0 and status.missing == ()


@pytest.mark.parametrize("numbers,text", [
    ((7, 22), "7, 22"), ((4,), "4"), (tuple(range(4, 31)), "4–30"), ((1, 2, 3, 7, 9, 10), "1–3, 7, 9–10"),
    ((10, 9, 1), "1, 9–10"), ((), ""),
])
def test_missing_question_numbers_are_shown_as_ranges(numbers, text):
    assert number_ranges(numbers) == text
