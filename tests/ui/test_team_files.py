"""A lead's first week (Streamlit AppTest, on SQLite and PostgreSQL): team names, renaming,
rounds that ask first, invite links that close, exports that import back, Nordic spreadsheet
files, comparisons as charts and numbers in the lead's language."""
from __future__ import annotations

import io
import json
import re
import zipfile

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from analysis import answers_for_order
from questionnaire import MODES, load_catalog, load_mode_texts
from services import teams
from storage import Store

from .test_teams import LEAD_PAGE, ORDERS, _create_team, _lead_id, _member, _sign_up

NB = load_catalog("nb")


@pytest.fixture
def db_url(any_db_url):
    """Every test here runs on a SQLite file and on a PostgreSQL schema of its own."""
    return any_db_url


@pytest.fixture
def open_lead(db_url):
    def _open(lang="nb") -> AppTest:
        at = AppTest.from_string(LEAD_PAGE, default_timeout=30)
        at.query_params["lang"] = lang
        return at.run()
    return _open


def _messages(at: AppTest) -> list[str]:
    return [m.value for kind in (at.success, at.error, at.warning, at.info) for m in kind]


def _signed_up(open_lead, lang="nb", email="kari@example.no"):
    return _sign_up(open_lead(lang), name="Kari Nordmann", email=email)


# -- team names -------------------------------------------------------------------------------

def test_a_new_team_clears_the_form_and_a_second_click_makes_no_duplicate(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    assert at.text_input(key="new-team-name").value == ""  # cleared
    assert NB.t("lead.team_created", team="Kundeservice Nord") in _messages(at)
    at.button(key="create-team").click().run()  # the second click of the issue: nothing to create
    assert [t.name for t in store.teams.teams(_lead_id(store, "kari@example.no"))] == ["Kundeservice Nord"]


@pytest.mark.parametrize("again", ["Kundeservice Nord", "kundeservice  nord", " KUNDESERVICE NORD\u200b"])
def test_a_lead_cannot_have_two_teams_of_one_name(open_lead, db_url, again):
    at = _create_team(_create_team(_signed_up(open_lead), "Kundeservice Nord"), again)
    store = Store(db_url)
    assert len(store.teams.teams(_lead_id(store, "kari@example.no"))) == 1
    # The message names the team that has the name, as it is written (not what was typed).
    assert NB.t("errors.team_name_taken", name="Kundeservice Nord") in _messages(at)
    assert at.text_input(key="new-team-name").value == again  # kept, to be corrected


def test_teams_whose_names_look_alike_are_each_reachable(open_lead, db_url):
    """The picker works by id: the older of two teams opens itself, with its own dashboard."""
    at = _create_team(_create_team(_signed_up(open_lead), "Kundeservice"), "Kundeservice Nord")
    store = Store(db_url)
    older, newer = store.teams.teams(_lead_id(store, "kari@example.no"))
    assert at.selectbox(key="team").value == newer.id
    at.selectbox(key="team").set_value(older.id).run()
    assert at.selectbox(key="team").value == older.id
    assert older.latest.invite_code in at.code[0].value


def test_a_team_is_renamed_and_a_taken_name_is_refused(open_lead, db_url):
    at = _create_team(_create_team(_signed_up(open_lead), "Kundeservice"), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    older, newer = store.teams.teams(lead_id)
    at.text_input(key=f"rename-team-{newer.id}").input("Kundeservice Bergen")
    at.button(key="rename").click().run()
    assert NB.t("lead.team_renamed", team="Kundeservice Bergen") in _messages(at)
    assert store.teams.team(lead_id, newer.id).name == "Kundeservice Bergen"
    assert at.text_input(key=f"rename-team-{newer.id}").value == "Kundeservice Bergen"
    at.text_input(key=f"rename-team-{newer.id}").input("KUNDESERVICE")
    at.button(key="rename").click().run()
    assert store.teams.team(lead_id, newer.id).name == "Kundeservice Bergen"
    assert NB.t("errors.team_name_taken", name="Kundeservice") in _messages(at)


# -- rounds and links ------------------------------------------------------------------------

def test_a_new_round_asks_first_and_says_what_happened(open_lead, open_app, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    (team,) = store.teams.teams(lead_id)
    first = team.latest
    # The button sits in a popover that says what a round is; the previous link closes by default.
    assert NB.t("lead.new_round_confirm", number=2) in [m.value for m in at.markdown]
    assert at.checkbox(key="close-previous-link").value is True
    at.button(key="new-round").click().run()
    assert NB.t("lead.round_started_closed", number=2, previous=1) in _messages(at)
    rounds = store.teams.team(lead_id, team.id).rounds
    assert [r.number for r in rounds] == [1, 2] and rounds[0].closed and not rounds[1].closed
    # A would-be member opening round 1's link is told, in their language, and joins nobody.
    agent = open_app(join=first.invite_code, lang="da")
    da = load_catalog("da")
    assert da.t("errors.invite_closed", team="Kundeservice Nord", lead="Kari Nordmann") in [e.value for e in agent.error]
    assert not [t for t in agent.toggle if t.key == "share"]
    agent.button(key="start").click().run()
    assert store.find(agent.query_params["r"]).round_id is None


def test_the_invite_link_is_closed_and_opened_again(open_lead, open_app, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    (team,) = store.teams.teams(_lead_id(store, "kari@example.no"))
    at.button(key="close-link").click().run()
    assert NB.t("lead.link_closed", number=1) in _messages(at)
    assert NB.t("lead.link_is_closed", number=1) in _messages(at)
    assert not at.code  # no link to copy while it is closed
    assert store.teams.invite(team.latest.invite_code).closed
    at.button(key="open-link").click().run()
    assert NB.t("lead.link_opened", number=1) in _messages(at)
    member = open_app(join=team.latest.invite_code)
    member.button(key="start").click().run()
    assert store.find(member.query_params["r"]).round_id == team.latest.id


def test_deleting_a_round_and_a_team_says_what_was_deleted(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    (team,) = store.teams.teams(lead_id)
    at.button(key="new-round").click().run()
    _member(store, store.teams.team(lead_id, team.id).latest.invite_code, "Ola", ORDERS[0], share=True)
    at.run()
    second = store.teams.team(lead_id, team.id).latest
    at.checkbox(key=f"confirm-delete-round-{second.id}").check().run()
    at.button(key="delete-round").click().run()
    assert NB.t("dashboard.round_deleted", number=2, team="Kundeservice Nord", count=1) in _messages(at)
    at.checkbox(key=f"confirm-delete-team-{team.id}").check().run()
    at.button(key="delete-team").click().run()
    assert NB.t("dashboard.team_deleted", team="Kundeservice Nord") in _messages(at)
    assert store.teams.teams(lead_id) == ()


# -- files -------------------------------------------------------------------------------------

def _upload(at: AppTest, name: str, data: bytes, generation: int = 0) -> AppTest:
    at.file_uploader(key=f"import-file-{generation}").set_value((name, data, "application/octet-stream")).run()
    return at.button(key="import").click().run()


def _team_with_members(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    (team,) = store.teams.teams(lead_id)
    for n, (name, order) in enumerate(zip(("Åse Ødegård", "Bjørn Æbelø", "Märta Öhman"), ORDERS)):
        _member(store, team.latest.invite_code, name, order, share=n != 1)
    return at.run(), store, lead_id, team


@pytest.mark.parametrize("kind", ["csv", "xlsx", "zip"])
def test_the_leads_own_export_imports_into_another_team(open_lead, db_url, kind):
    at, store, lead_id, team = _team_with_members(open_lead, db_url)
    data, name = teams.export(store, lead_id, team.latest.id, "nb", kind)
    assert name.startswith("Kundeservice-Nord-runde-1-") and name.endswith(f".{kind}")
    at = _create_team(at, "Kundeservice Sør")
    other = store.teams.teams(lead_id)[-1]
    at = _upload(at, name, data)
    done = NB.t("dashboard.import_done", count=2, number=1)
    assert done in [s.value for s in at.success]  # where the lead is looking: not in a closed section
    members = {m.name: m for m in store.teams.members(lead_id, other.latest.id)}
    originals = {m.name: m for m in store.teams.members(lead_id, team.latest.id) if m.shared}
    assert set(members) == set(originals) == {"Åse Ødegård", "Märta Öhman"}
    assert all(dict(members[n].scores) == dict(originals[n].scores) for n in members)
    assert at.file_uploader(key="import-file-1").value is None  # the imported file is gone: no double import


NORDIC_EXCEL = ("Navn;Konkurrerende;Samarbeidende;Kompromissøkende;Unnvikende;Imøtekommende;;\r\n"
                "Åse Ødegård;7;9;6;4;4;;\r\nBjørn Æbelø;2;5;8;8;7;;\r\nTorbjørn Øien;6;6;6;6;6;;\r\n")


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name,data", [
    ("team.csv", NORDIC_EXCEL.encode("cp1252")),  # Excel, "CSV (semikolonseparert)", Windows-1252
    ("team.csv", NORDIC_EXCEL.replace("\r\n", "\r").encode("mac_roman")),  # Mac Excel, classic line ends
    ("team.xlsx", _xlsx([["Navn", "Konkurrerende", "Samarbeidende", "Kompromissøkende", "Unnvikende", "Imøtekommende"],
                         ["Åse Ødegård", 7.0, 9, 6, 4, 4], ["Bjørn Æbelø", 2, 5, 8, 8, 7],
                         ["Torbjørn Øien", 6, 6, 6, 6, 6]])),
], ids=["cp1252-semicolon", "mac-roman-cr", "xlsx"])
def test_files_from_nordic_spreadsheets_are_imported(open_lead, db_url, name, data):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    (team,) = store.teams.teams(lead_id)
    at = _upload(at, name, data)
    assert NB.t("dashboard.import_done", count=3, number=1) in [s.value for s in at.success], _messages(at)
    names = sorted(m.name for m in store.teams.members(lead_id, team.latest.id))
    assert names == ["Bjørn Æbelø", "Torbjørn Øien", "Åse Ødegård"]


def test_a_bad_file_is_refused_whole_with_every_bad_line_named_in_the_leads_language(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    bad = NORDIC_EXCEL.replace("Bjørn Æbelø;2", "Bjørn Æbelø;x").replace("Torbjørn Øien;6;6;6;6;6", "Torbjørn Øien;6;6;6;6;7")
    at = _upload(at, "team.csv", bad.encode("cp1252"))
    error = at.error[0].value
    assert NB.t("dashboard.import_refused") in error
    assert NB.t("import.line", line=3) in error and NB.t("import.line", line=4) in error
    assert NB.t("import.line", line=2) not in error
    assert store.teams.members(lead_id, store.teams.teams(lead_id)[0].latest.id) == ()


def test_the_templates_import_once_the_example_row_is_replaced(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    assert {b.key for b in at.get("download_button")} >= {"template-csv", "template-xlsx"}
    template, name = teams.import_template("nb", "csv")
    at = _upload(at, name, template)
    assert NB.t("import.example_row") in at.error[0].value  # the example row is not a person
    filled = template.decode("utf-8-sig").replace(NB.t("import.example_name"), "Ola Nordmann").encode("utf-8-sig")
    at = _upload(at, name, filled)
    assert NB.t("dashboard.import_done", count=1, number=1) in [s.value for s in at.success]


def test_the_excel_export_is_tidy(open_lead, db_url):
    _, store, lead_id, team = _team_with_members(open_lead, db_url)
    data, _ = teams.export(store, lead_id, team.latest.id, "nb", "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == NB.t("export.sheet_members")
    assert NB.t("export.sheet_completion") in book.sheetnames
    members = book[NB.t("export.sheet_members")]
    assert members.freeze_panes == "A2"
    assert all(isinstance(cell.value, int) for row in members.iter_rows(min_row=2, min_col=2, max_col=6) for cell in row)
    assert members.column_dimensions["A"].width >= len("Märta Öhman")
    names = [row[0].value for row in members.iter_rows(min_row=2)]
    assert names == ["Åse Ødegård", "Märta Öhman"]  # who does not share is not in it
    archive = zipfile.ZipFile(io.BytesIO(teams.export(store, lead_id, team.latest.id, "nb", "zip")[0]))
    assert len(archive.namelist()) == len(book.sheetnames)


# -- comparisons -------------------------------------------------------------------------------

def test_numbers_on_the_dashboard_follow_the_language(open_lead, db_url):
    at, *_ = _team_with_members(open_lead, db_url)
    table = next(d.value for d in at.table if NB.t("dashboard.col_mean") in d.value.columns)
    means = list(table[NB.t("dashboard.col_mean")])
    assert all("," in mean and "." not in mean for mean in means)
    names = load_mode_texts("nb")
    assert list(table[NB.t("dashboard.col_mode")]) == [names[m].name for m in MODES]


def _round_of(store, lead_id, team_id, orders, share=True):
    latest = store.teams.team(lead_id, team_id).latest
    for n, order in enumerate(orders):
        _member(store, latest.invite_code, f"R{latest.number} {n}", order, share=share)


def test_a_comparison_is_a_chart_with_its_noise_explained_and_three_rounds_a_trend(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    (team,) = store.teams.teams(lead_id)
    _round_of(store, lead_id, team.id, ORDERS)
    at.run()
    assert NB.t("dashboard.trend_title") not in [m.value for m in at.markdown]  # one round: no trend
    for number in (2, 3):
        at.button(key="new-round").click().run()
        _round_of(store, lead_id, team.id, [tuple(reversed(o)) for o in ORDERS] if number == 2 else ORDERS)
    at.run()
    # Round 3 against round 2: the chart, the one sentence on noise, the table one click away.
    assert at.selectbox(key="compare").value.startswith("round:")
    captions = [c.value for c in at.caption]
    assert NB.t("dashboard.noise_explained") in captions
    assert NB.t("dashboard.trend_caption") in captions
    charts = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]
    comparison = next(spec for spec in charts if NB.t("dashboard.compare_axis", this="Runde 3", other="Runde 2") in spec)
    assert "+" in comparison or "\u2212" in comparison  # signed differences, a true minus in Norwegian
    shown = [text for trace in json.loads(comparison)["data"] for key in ("text", "hovertext")
             for text in (trace.get(key) or []) if isinstance(text, str)]
    assert shown and not any(re.search(r"[0-9]\.[0-9]", text) for text in shown)  # decimal commas only
    assert any(re.search(r"[0-9],[0-9]", text) for text in shown)
    trend = next(spec for spec in charts if NB.t("dashboard.trend_axis") in spec)
    assert all(NB.t("dashboard.trend_round", number=n) in trend for n in (1, 2, 3))


def test_a_ticked_confirmation_does_not_follow_the_lead_to_another_team_or_round(open_lead, db_url):
    """The review's data loss: tick "I am sure" under one team, pick another, one click deleted it."""
    at = _create_team(_create_team(_signed_up(open_lead), "Alfa"), "Beta")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    alfa, beta = store.teams.teams(lead_id)
    at.checkbox(key=f"confirm-delete-team-{beta.id}").check().run()
    at.selectbox(key="team").set_value(alfa.id).run()
    assert at.button(key="delete-team").disabled
    at.button(key="new-round").click().run()  # Alfa's round 2
    rounds = store.teams.team(lead_id, alfa.id).rounds
    at.checkbox(key=f"confirm-delete-round-{rounds[1].id}").check().run()
    at.selectbox(key=f"round-{alfa.id}").set_value(rounds[0].id).run()
    assert at.button(key="delete-round").disabled
    assert [t.name for t in store.teams.teams(lead_id)] == ["Alfa", "Beta"]


def test_importing_the_same_file_twice_is_refused_the_second_time(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    data = NORDIC_EXCEL.encode("cp1252")
    at = _upload(at, "team.csv", data)
    at = _upload(at, "team.csv", data, generation=1)
    error = at.error[0].value
    assert NB.t("import.already_imported", name="Åse Ødegård") in error and NB.t("import.line", line=4) in error
    assert len(store.teams.members(lead_id, store.teams.teams(lead_id)[0].latest.id)) == 3


def test_a_link_closed_while_the_agent_reads_the_welcome_page_says_so_and_joins_nobody(open_lead, open_app, db_url):
    _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    (team,) = store.teams.teams(lead_id)
    agent_page = open_app(join=team.latest.invite_code, lang="sv")
    agent_page.toggle(key="share").set_value(True).run()
    store.teams.set_link_open(lead_id, team.latest.id, False)  # the lead closes it meanwhile
    agent_page.button(key="start").click().run()
    sv = load_catalog("sv")
    assert sv.t("errors.invite_closed", team="Kundeservice Nord", lead="Kari Nordmann") in [e.value for e in agent_page.error]
    assert "r" not in agent_page.query_params  # no assessment was started outside the team
    assert store.teams.members(lead_id, team.latest.id) == ()


def test_members_without_a_name_or_with_the_same_name_each_get_their_own_report(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    store = Store(db_url)
    lead_id = _lead_id(store, "kari@example.no")
    (team,) = store.teams.teams(lead_id)
    for name, order in zip(("", "", "Ola", "Ola"), ORDERS + ORDERS[:1]):
        _member(store, team.latest.invite_code, name, order, share=True)
    at.run()
    picker = at.selectbox(key="report-member")
    assert len(set(picker.options)) == 4  # the labels, each its own
    assert NB.t("report.no_name") in picker.options
    ids = [m.respondent_id for m in store.teams.members(lead_id, team.latest.id)]
    for member_id in ids:
        picker.set_value(member_id).run()
        assert at.selectbox(key="report-member").value == member_id


@pytest.mark.parametrize("name,data,code", [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not_a_table"),
    ("results.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old_excel"),
])
def test_a_file_that_is_no_table_is_named_for_what_it_is_without_lines_to_correct(open_lead, db_url, name, data, code):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    at = _upload(at, name, data)
    error = at.error[0].value
    assert error.startswith(NB.t("dashboard.import_refused_file")) and NB.t(f"import.{code}") in error
    assert NB.t("dashboard.import_refused") not in error  # no lines to correct


def test_the_new_round_popover_closes_once_the_round_has_started(open_lead, db_url):
    at = _create_team(_signed_up(open_lead), "Kundeservice Nord")
    at.button(key="new-round").click().run()
    assert at.session_state["new-round-popover"] is False
