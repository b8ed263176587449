"""The disk of an SQLite installation fills up while agents answer: a clear message in the
agent's language, nothing saved is lost, and the app carries on once there is room again.

The disk is real: a 3 MB tmpfs mounted for the test (root only; CI runs as root), filled with a
file until the kernel refuses another byte, so SQLite fails exactly as on a full server disk.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from questionnaire import load_catalog
from storage import Store

from .conftest import APP, answer, position, start

FILLER = "filler.bin"


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root (CI runs as root); the disk-full test did not run")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> None:
    """Write until the disk refuses: what is left is not enough for one more page of SQLite."""
    with open(disk / FILLER, "wb", buffering=0) as handle:
        for size in (65536, 512):
            try:
                while handle.write(b"\0" * size):
                    pass
            except OSError:
                pass


def test_a_full_disk_is_named_keeps_every_saved_answer_and_recovers(small_disk, monkeypatch):
    url = f"sqlite:///{small_disk / 'coach.db'}"
    monkeypatch.setenv("CSC_DATABASE_URL", url)
    t = load_catalog("da")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(lang="da")
    at = start(at.run())
    token = at.query_params["r"]
    answer(at, {"P01": "A", "P02": "B"})

    fill(small_disk)
    at.button(key="choice-P03-A").click().run()
    assert not at.exception
    assert t("errors.storage_full") in [e.value for e in at.error]
    assert position(at)[0] == "Spørgsmål 3 af 30"  # the agent stays on the question
    assert Store(url).answers(token) == {"P01": "A", "P02": "B"}  # nothing lost, nothing half-written

    # A new agent on the same full disk is told the same, not given a broken start.
    newcomer = AppTest.from_file(APP, default_timeout=30)
    newcomer.query_params.update(lang="da")
    newcomer = start(newcomer.run())
    assert not newcomer.exception
    assert t("errors.storage_full") in [e.value for e in newcomer.error]
    assert "r" not in newcomer.query_params

    # The operator makes room: the same click now saves, and the agent moves on.
    (small_disk / FILLER).unlink()
    at.button(key="choice-P03-A").click().run()
    assert not at.exception
    assert position(at)[0] == "Spørgsmål 4 af 30"
    assert Store(url).answers(token) == {"P01": "A", "P02": "B", "P03": "A"}


def test_the_message_is_written_for_an_agent_in_every_language():
    """It says the step was not saved, that earlier answers are kept, and whom to tell: not the
    generic outage text (which says to try again in a minute, which would not help)."""
    texts = {lang: load_catalog(lang).t("errors.storage_full") for lang in ("en", "sv", "nb", "da")}
    for lang, text in texts.items():
        assert text != load_catalog(lang).t("errors.unavailable")
        assert "{" not in text
