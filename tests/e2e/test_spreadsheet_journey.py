"""A Norwegian lead's first week, in real Chromium against a real server, on SQLite and on
PostgreSQL: they export their team, import that file into another team, import files that
Nordic Excel saved (CSV "semikolonseparert" in Windows-1252, and .xlsx), see the comparison
as a chart, and rename a team; then the dashboard on a phone."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument
from services import agent
from storage import Store

from .conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser

NB = load_catalog("nb")
INSTRUMENT = load_instrument()
ORDERS = [
    ("accommodating", "collaborating", "compromising", "avoiding", "competing"),
    ("avoiding", "accommodating", "compromising", "collaborating", "competing"),
    ("collaborating", "competing", "compromising", "accommodating", "avoiding"),
]
EXCEL_CSV = ("Navn;Konkurrerende;Samarbeidende;Kompromissøkende;Unnvikende;Imøtekommende;;\r\n"
             "Sigrid Ødegård;7;9;6;4;4;;\r\nTrond Æsøy;2;5;8;8;7;;\r\nLiv Bråten;8;4;6;5;7;;\r\n")


def _wait_text(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=60000)


def _upload(page, path, generation: int, done: str) -> None:
    """As a person would: choose the file, wait until it is up, then press the button. (After
    each import the page shows a fresh, empty uploader: ``generation`` counts them.)"""
    uploader = page.locator(f".st-key-import-file-{generation}")
    uploader.wait_for(timeout=60000)
    # The uploader seen may be the one of the page before the last rerun (a new team's page has one
    # under the same key): choose the file once the page is still, and again if it was replaced.
    for _attempt in range(3):
        settle(page)
        uploader.locator("input[type=file]").set_input_files(str(path))
        try:
            uploader.locator("[data-testid=stFileChip]").wait_for(timeout=15000)
            break
        except PlaywrightTimeout:
            continue
    uploader.locator("[data-testid=stFileChip]").wait_for(timeout=60000)
    # Then the rerun that hands the file to the page; a press before it ends finds no file. A
    # successful import shows a fresh uploader (the next generation): the message alone may be the
    # previous import's toast, whose words are the same.
    page.wait_for_timeout(1000)
    settle(page)
    page.locator(".st-key-import button").click()
    page.locator(f".st-key-import-file-{generation + 1}").wait_for()
    _wait_text(page, done)


def test_a_norwegian_lead_moves_a_team_between_spreadsheets(any_server, browser, tmp_path):
    server, database_url = any_server
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    lead = context.new_page()
    lead.goto(f"{server}/lead?lang=nb")
    lead.get_by_role("tab", name=NB("lead.create_account")).click()
    lead.locator(".st-key-signup-name input").fill("Kari Nordmann")
    lead.locator(".st-key-signup-email input").fill("kari@example.no")
    lead.locator(".st-key-signup-password input").fill("blue ferry lantern moss")
    lead.locator(".st-key-sign-up button").click()
    lead.locator(".st-key-new-team-name input").fill("Kundeservice Nord")
    lead.locator(".st-key-create-team button").click()
    _wait_text(lead, NB("lead.team_created", team="Kundeservice Nord"))

    # Three agents answer and share (through the same use cases the pages call).
    store = Store(database_url)
    lead_id = store.accounts.lead_by_email("kari@example.no").id
    (north,) = store.teams.teams(lead_id)
    for name, order in zip(("Åse Ødegård", "Bjørn Æbelø", "Märta Öhman"), ORDERS):
        token = agent.start(store, "nb", name, north.latest.invite_code, True)
        for item_id, choice in answers_for_order(INSTRUMENT, order).items():
            agent.answer(store, token, item_id, choice)
        assert agent.finish_part1(store, token) == ()
    lead.reload()
    lead.get_by_role("heading", name=NB("dashboard.profile_title")).wait_for(timeout=60000)

    # 1. The export: a file name that says what it is, Norwegian headings.
    with lead.expect_download() as download:
        lead.locator(".st-key-export-csv button").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name == f"Kundeservice-Nord-runde-1-{date.today().isoformat()}.csv"
    assert exported.read_bytes().decode("utf-8-sig").startswith("Navn;Konkurrerende;")

    # 2. A second team; the export imports into it as it is. (The download reran the page: the
    # form is filled only once that rerun is over, or the rerun may replace the field typed in.)
    settle(lead)
    lead.get_by_text(NB("lead.create_team")).click()
    lead.locator(".st-key-new-team-name input").fill("Kundeservice Sør")
    settle(lead)
    lead.locator(".st-key-create-team button").click()
    _wait_text(lead, NB("lead.team_created", team="Kundeservice Sør"))
    _upload(lead, exported, 0, NB("dashboard.import_done", count=3, number=1))

    # 3. What Nordic Excel saves: "CSV (semikolonseparert)" in Windows-1252, and .xlsx.
    excel_csv = tmp_path / "fra-excel.csv"
    excel_csv.write_bytes(EXCEL_CSV.encode("cp1252"))
    _upload(lead, excel_csv, 1, NB("dashboard.import_done", count=3, number=1))
    book = openpyxl.Workbook()
    for row in (["Navn", "Konkurrerende", "Samarbeidende", "Kompromissøkende", "Unnvikende", "Imøtekommende"],
                ["Nils Haugen", 6.0, 8.0, 7.0, 4.0, 5.0], ["Ingrid Lie", 3, 9, 6, 6, 6]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = tmp_path / "team.xlsx"
    xlsx.write_bytes(buffer.getvalue())
    _upload(lead, xlsx, 2, NB("dashboard.import_done", count=2, number=1))
    south = store.teams.teams(lead_id)[-1]
    assert len(store.teams.members(lead_id, south.latest.id)) == 8

    # 4. The comparison with the other team is a chart, with the one sentence on noise.
    lead.locator(".st-key-comparison-chart [data-testid=stPlotlyChart], .st-key-comparison-chart .js-plotly-plot"
                 ).first.wait_for(timeout=60000)
    _wait_text(lead, NB("dashboard.noise_explained"))

    # 5. Renaming the team.
    lead.get_by_text(NB("lead.team_settings")).click()
    lead.locator(f".st-key-rename-team-{south.id} input").fill("Kundeservice Vest")
    lead.locator(".st-key-rename button").click()
    _wait_text(lead, NB("lead.team_renamed", team="Kundeservice Vest"))
    assert store.teams.team(lead_id, south.id).name == "Kundeservice Vest"

    ARTIFACTS.mkdir(exist_ok=True)
    lead.set_viewport_size({"width": 390, "height": 844})
    lead.wait_for_timeout(1500)
    assert lead.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone
    lead.screenshot(path=str(ARTIFACTS / "spreadsheet-journey-nb-phone.png"), full_page=True)
    context.close()
