"""What each page tells the browser for keyboards and screen readers (views/a11y.py), read from
the page's own script: the language, where the focus goes, which answer is pressed, the charts'
names. The browser tests (tests/e2e/test_keyboard.py, test_accessibility.py) check the effect."""
from __future__ import annotations

import json
import re

import pytest

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument
from views import a11y

from .conftest import answer, start

SPEC = re.compile(r"\}\)\((\{.*\})\);\s*</script>$", re.S)


def _specs(at) -> list[dict]:
    """The a11y scripts' specs on the page, in order."""
    specs = []
    for element in at.get("html"):
        match = SPEC.search(element.proto.body.strip())
        if match:
            specs.append(json.loads(match.group(1)))
    return specs


@pytest.mark.parametrize("lang", ["en", "da"])
def test_the_question_page_names_its_language_focus_and_pressed_answer(open_app, lang):
    at = start(open_app(lang=lang))
    answer(at, {"P01": "B"})
    at.button(key="back").click().run()  # back to question 1, answered B
    specs = _specs(at)
    (document,) = [s for s in specs if "lang" in s]
    assert document["lang"] == lang
    # Streamlit's own controls named in the page's language (the browser renames them)
    assert document["names"]["Main menu"] == load_catalog(lang).t("a11y.main_menu")
    assert set(document["names"]) == set(a11y.STREAMLIT_NAMES)
    (screen,) = [s for s in specs if s.get("focus")]
    assert screen["focus"] == ".st-key-landing-question h1" and screen["scroll"] == "top"
    assert dict(screen["pressed"]) == {".st-key-choice-P01-A button": False, ".st-key-choice-P01-B button": True}
    heading = load_catalog(lang).t("questionnaire.heading", number=1, total=30)
    assert heading in [title.value for title in at.title]


def test_the_results_page_names_every_chart_in_its_language(open_app):
    at = start(open_app(lang="sv"))
    answer(at, answers_for_order(load_instrument(), ("avoiding", "accommodating", "compromising", "collaborating",
                                                     "competing")))
    at.button(key="finish").click().run()
    images = [image for spec in _specs(at) for image in spec.get("images", [])]
    keys = [selector.split()[0] for selector, _text in images]
    assert keys == [".st-key-chart-profile-chart", ".st-key-chart-mode-map"]
    assert all(text.startswith(("Stapeldiagram", "Karta")) for _selector, text in images)


def test_no_text_can_end_the_script_it_is_put_in():
    text = 'Team </script><script>alert(1)</script><!-- "quoted"'
    literal = a11y.payload({"images": [[".x", text]]})
    assert "<" not in literal and json.loads(literal) == {"images": [[".x", text]]}


def test_the_script_holds_nothing_that_looks_like_a_tag():
    """st.html's sanitizer in the browser drops a script whose text looks like it holds a tag (a
    comment naming one was enough), and then the page gets no language, focus or names at all."""
    assert not re.search(r"<[A-Za-z/!?]", a11y._RUNTIME % a11y.payload({"lang": "sv"}))
    # The same holds for the page's other scripts (a failover's reload, the sign-in marker).
    from views import browser, company_sign_in

    assert not re.search(r"<[A-Za-z/!?]", browser._FOLLOW % json.dumps(browser.INSTANCE_PATH))
    assert not re.search(r"<[A-Za-z/!?]", company_sign_in._SCRIPT)
