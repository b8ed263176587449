"""AppTest helpers: a fresh database per test and a driver for the questionnaire."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'ui.db'}"
    monkeypatch.setenv("CSC_DATABASE_URL", url)
    return url


@pytest.fixture
def any_db_url(database_url, monkeypatch):
    """For the modules that run their pages on SQLite and on PostgreSQL: a module overrides
    ``db_url`` with this one."""
    monkeypatch.setenv("CSC_DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def open_app(db_url):
    """Open the app as a new browser session would, optionally with query parameters."""

    def _open(**query) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params.update(query)
        return at.run()

    return _open


def answer(at: AppTest, answers: dict[str, str]) -> AppTest:
    """Click the chosen statement of each item, in questionnaire order, as an agent would,
    pressing "Next" past the items the agent leaves unanswered."""
    for item_id, choice in answers.items():
        key = f"choice-{item_id}-{choice}"
        for _ in range(30):
            if any(b.key == key for b in at.button):
                break
            at.button(key="next").click().run()
        at.button(key=key).click().run()
        assert not at.exception, at.exception
    return at


def start(at: AppTest, name: str = "") -> AppTest:
    if name:
        at.text_input(key="name").input(name).run()
    return at.button(key="start").click().run()


def position(at: AppTest) -> tuple[str, str]:
    """Where the pager is: the question's heading (where the focus lands) and the words under
    the progress bar, as the page shows them."""
    headings = [element.value for element in (*at.title, *at.header)]
    heading = next(h for h in headings if any(word in h for word in ("Question", "Fråga", "Spørsmål", "Spørgsmål",
                                                                       "Scenari")))
    return heading, at.get("progress")[0].proto.text
