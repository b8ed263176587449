"""A real server and a real headless Chromium (Debian's package, driven by Playwright)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
REQUIRE_BROWSER = os.environ.get("CSC_REQUIRE_BROWSER") == "1"
# How long any browser wait may take before the journey fails.
WAIT_MS = 60_000
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser"]
# Flags that keep Chromium from reaching for the network this machine does not have.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def settle(page) -> None:
    """Wait until the app has no rerun under way (Streamlit marks its root with the script's state)."""
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=WAIT_MS)


def _unavailable(message: str):
    if REQUIRE_BROWSER:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_path():
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    _unavailable("Chromium is not installed (apt-get install -y chromium); browser journeys not run")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(tmp_path, database_url: str, *, port: int | None = None, env: dict[str, str] | None = None):
    """Start `streamlit run server.py` (as `make run` does) on a free port (or ``port``) with this
    database and any further settings in ``env``."""
    port = port or _free_port()
    env = {**os.environ, "CSC_DATABASE_URL": database_url, **(env or {})}
    log = open(tmp_path / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the app did not start: {(tmp_path / 'server.log').read_text()[-2000:]}")
        time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def server(tmp_path):
    """The app on a fresh SQLite file."""
    yield from _serve(tmp_path, f"sqlite:///{tmp_path / 'e2e.db'}")


@pytest.fixture
def any_server(tmp_path, database_url):
    """The app on a fresh SQLite file and, as a second run, on a PostgreSQL schema of its own:
    (its address, the database's URL, for seeding from the test)."""
    for url in _serve(tmp_path, database_url):
        yield url, database_url


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        # CI runs four test processes on two cores, so a rerun can take many seconds. A wait ends
        # as soon as its condition holds; only a real failure waits the whole minute.
        new_context = browser.new_context

        def patient_context(**options):
            context = new_context(**options)
            context.set_default_timeout(WAIT_MS)
            return context

        browser.new_context = patient_context
        yield browser
        browser.close()
