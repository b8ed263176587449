"""Coaches and printed reports through the use cases, on SQLite and PostgreSQL: who may print
what, that a report never shows more than the dashboard, and the coach-report command."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone

import pdfplumber
import pytest
from hypothesis import given, settings, strategies as st

from analysis.synthetic import answers_for_order
from questionnaire import load_catalog, load_instrument
from reports import cli
from services import Refused, accounts, admin, agent, reports, teams
from tests.seeding import SWEDISH_NAMES, seed_team

PASSWORD = "correct horse battery staple 9"
PRIVATE = {3, 7, 11}  # members who keep their result to themselves


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join((page.extract_text() or "").replace("\u00ad", "") for page in document.pages)


@pytest.fixture
def malmo(store):
    """Anna's Swedish team of twelve, nine of whom share with her; Bo is a coach, Cecilia
    another lead."""
    anna = accounts.create_lead(store, "Anna Lind", "anna@example.se", PASSWORD)
    bo = accounts.create_lead(store, "Bo Ek", "bo@example.se", PASSWORD, role="coach")
    cecilia = accounts.create_lead(store, "Cecilia Holm", "cecilia@example.se", PASSWORD)
    seeded = seed_team(store, anna.id, "Kundtjänst Malmö", SWEDISH_NAMES, share=lambda i: i not in PRIVATE)
    return anna, bo, cecilia, seeded


def _coach_in(store, lead, team_id, coach, email=None):
    """The lead grants the team; the coach opens the link signed in."""
    _, code = teams.grant_coach(store, lead.id, team_id, email or coach.email)
    return teams.claim_coach(store, coach.id, code)


def _every_report(store, account_id, round_id, member_id):
    yield lambda: reports.printable(store, account_id, round_id)
    yield lambda: reports.team_workshop(store, account_id, round_id, "sv")
    yield lambda: reports.batch(store, account_id, round_id, "sv")
    yield lambda: reports.member_report(store, account_id, round_id, member_id)
    yield lambda: teams.export(store, account_id, round_id, "sv", "csv")


def test_a_coach_without_a_grant_and_another_lead_see_nothing(store, malmo):
    anna, bo, cecilia, seeded = malmo
    member = reports.printable(store, anna.id, seeded.round_id)[0][0]
    for account in (bo, cecilia):
        assert teams.lead_page(store, account.id, seeded.team_id, seeded.round_id, None, "sv").teams == ()
        for attempt in _every_report(store, account.id, seeded.round_id, member):
            with pytest.raises(Refused) as refused:
                attempt()
            assert refused.value.code == "not_found"


def test_a_granted_coach_sees_the_leads_dashboard_until_revoked(store, malmo):
    anna, bo, _, seeded = malmo
    granted, code = teams.grant_coach(store, anna.id, seeded.team_id, " Bo@Example.SE ")
    assert (granted.email, granted.claimed, granted.coach) == ("bo@example.se", False, None)
    assert teams.viewable_teams(store, bo.id) == ()  # nothing until the coach opens the link
    assert teams.claim_coach(store, bo.id, code).id == seeded.team_id
    assert [(g.coach, g.claimed) for g in store.teams.grants(anna.id, seeded.team_id)] == [("Bo Ek", True)]
    lead_view = teams.lead_page(store, anna.id, seeded.team_id, seeded.round_id, None, "sv")
    coach_view = teams.lead_page(store, bo.id, seeded.team_id, seeded.round_id, None, "sv")
    assert coach_view.coach and not coach_view.own and coach_view.grants == ()
    lead_report, coach_report = lead_view.dashboard.report, coach_view.dashboard.report
    assert coach_report.shared == lead_report.shared and coach_view.dashboard.printable == lead_view.dashboard.printable
    assert coach_report.strengths == lead_report.strengths and coach_report.sharing == lead_report.sharing
    # the three private results are in the lead's figures (as a cohort) and in none of the coach's
    assert (lead_report.figures.count, coach_report.figures.count) == (12, 9)
    assert [t.lead_name for t in coach_view.teams] == ["Anna Lind"]

    teams.revoke_coach(store, anna.id, seeded.team_id, "bo@example.se")
    assert teams.lead_page(store, bo.id, None, None, None, "sv").teams == ()
    with pytest.raises(Refused):
        reports.team_workshop(store, bo.id, seeded.round_id, "sv")


def test_a_coach_link_works_once_and_only_for_its_address(store, malmo):
    anna, bo, cecilia, seeded = malmo
    _, code = teams.grant_coach(store, anna.id, seeded.team_id, "bo@example.se")
    # someone who signed up with another address cannot use it; someone with the address needs it
    with pytest.raises(Refused) as refused:
        teams.claim_coach(store, cecilia.id, code)
    assert refused.value.code == "coach_link_other" and refused.value.values == {}  # the address stays unsaid
    squatter = accounts.create_lead(store, "Bo Ek", "karin.coach@example.se", PASSWORD)
    teams.grant_coach(store, anna.id, seeded.team_id, "karin.coach@example.se")
    assert teams.viewable_teams(store, squatter.id) == ()  # the address alone gives nothing
    for wrong in ("x" * 43, "", None):
        with pytest.raises(Refused) as refused:
            teams.claim_coach(store, bo.id, wrong)
        assert refused.value.code == "coach_link_invalid"
    teams.claim_coach(store, bo.id, code)
    with pytest.raises(Refused) as refused:
        teams.claim_coach(store, bo.id, code)  # used
    assert refused.value.code == "coach_link_invalid"
    # granting again: a claimed grant stays; an unclaimed one gets a new link, the old one dies
    assert teams.grant_coach(store, anna.id, seeded.team_id, "bo@example.se")[1] is None
    _, first = teams.grant_coach(store, anna.id, seeded.team_id, "new@example.se")
    _, second = teams.grant_coach(store, anna.id, seeded.team_id, "new@example.se")
    newcomer = accounts.create_lead(store, "Ny", "new@example.se", PASSWORD, role="coach")
    with pytest.raises(Refused):
        teams.claim_coach(store, newcomer.id, first)
    teams.claim_coach(store, newcomer.id, second)


def test_a_coach_cannot_work_out_a_result_the_lead_saw_before_it_was_withdrawn(store):
    """The reviewer's attack: three members share, the lead sees them, one stops sharing, then a
    coach is granted the team. The coach must not get a total over all three."""
    lena = accounts.create_lead(store, "Lena Lind", "lena@example.se", PASSWORD)
    bo = accounts.create_lead(store, "Bo Ek", "bo@example.se", PASSWORD, role="coach")
    seeded = seed_team(store, lena.id, "Withdraw", ["Anna", "Bert", "Xena"], part2=lambda i: False)
    teams.lead_page(store, lena.id, seeded.team_id, seeded.round_id, None, "sv")  # Lena sees all three
    agent.set_sharing(store, seeded.tokens["Xena"], False)
    # and two paper results she typed in without their agreement to be named
    data = ("name;competing;collaborating;compromising;avoiding;accommodating\n"
            "Papper Ett;12;9;6;3;0\nPapper Två;0;3;6;9;12\n").encode()
    assert teams.import_results(store, lena.id, seeded.round_id, data, False, "sv").count == 2
    _coach_in(store, lena, seeded.team_id, bo)

    lead = teams.lead_page(store, lena.id, seeded.team_id, seeded.round_id, None, "sv").dashboard.report
    coach = teams.lead_page(store, bo.id, seeded.team_id, seeded.round_id, None, "sv").dashboard.report
    assert lead.figures.count == 5 and len(lead.visible) == 4  # the lead's own knowledge stays hers
    named = [row.scores for row in coach.shared]
    assert [row.name for row in coach.shared] == ["Anna", "Bert"]
    assert coach.figures.count == 2 and sorted(map(dict.items, coach.visible)) == sorted(map(dict.items, named))
    for mode, mean in coach.figures.means.items():  # nothing in the coach's figures but the named rows
        assert mean == sum(scores[mode] for scores in named) / 2
    text = _text(reports.team_workshop(store, bo.id, seeded.round_id, "sv")[0])
    assert "Xena" not in text and "Papper" not in text


def test_an_unopened_coach_link_stops_working_after_a_week(store, malmo):
    from sqlalchemy import update

    from storage.schema import coach_grants

    anna, bo, _, seeded = malmo
    _, code = teams.grant_coach(store, anna.id, seeded.team_id, "bo@example.se")
    with store.engine.begin() as conn:
        conn.execute(update(coach_grants).values(granted_at=datetime.now(timezone.utc) - timedelta(days=8)))
    assert [g.expired for g in store.teams.grants(anna.id, seeded.team_id)] == [True]
    with pytest.raises(Refused) as refused:
        teams.claim_coach(store, bo.id, code)
    assert refused.value.code == "coach_link_invalid"
    _, fresh = teams.grant_coach(store, anna.id, seeded.team_id, "bo@example.se")  # a new link, a new week
    assert teams.claim_coach(store, bo.id, fresh).id == seeded.team_id


def _private_member(store, invite, name, order):
    token = agent.start(store, "sv", name, invite, False)
    for item_id, choice in answers_for_order(load_instrument(), order).items():
        agent.answer(store, token, item_id, choice)
    agent.finish_part1(store, token)
    return token


ORDERS = [("competing", "avoiding", "compromising", "collaborating", "accommodating"),
          ("collaborating", "accommodating", "compromising", "avoiding", "competing"),
          ("avoiding", "compromising", "accommodating", "competing", "collaborating"),
          ("accommodating", "collaborating", "avoiding", "compromising", "competing")]


def test_a_coach_cannot_take_a_cohort_total_apart_after_a_member_stops_sharing(store):
    """The second review's attack: three private results form a cohort, all three share, one
    stops, then a coach is granted: the cohort's total minus the two named gave the third."""
    lena = accounts.create_lead(store, "Lena Lind", "lena@example.se", PASSWORD)
    cora = accounts.create_lead(store, "Cora Coach", "cora@example.se", PASSWORD, role="coach")
    team = teams.create_team(store, lena.id, "Cohort Team")
    tokens = [_private_member(store, team.latest.invite_code, name, order)
              for name, order in zip(("Anna", "Bert", "Cecil"), ORDERS)]
    for token in tokens:
        agent.set_sharing(store, token, True)
    agent.set_sharing(store, tokens[2], False)
    _coach_in(store, lena, team.id, cora)
    report = teams.round_report(store, cora.id, team.latest.id, "sv")
    named = [row.scores for row in report.shared]
    assert [row.name for row in report.shared] == ["Anna", "Bert"] and report.figures.count == 2
    for mode, mean in report.figures.means.items():
        assert mean == sum(scores[mode] for scores in named) / 2


@settings(max_examples=12, deadline=None)
@given(events=st.lists(st.tuples(st.sampled_from(["join", "share", "stop", "delete", "import"]),
                                 st.integers(0, 5)), min_size=3, max_size=14))
def test_whatever_happens_a_coach_sees_nothing_but_what_is_shared_now(events):
    """Any sequence of joins, sharing changes, deletions and imports, with the coach looking
    after every step: the coach's figures, dots and counts are always exactly those of the
    rows shared at that moment, so nothing in them can be taken apart to find anyone else."""
    import tempfile

    from storage import Store

    store = Store(f"sqlite:///{tempfile.mkdtemp(prefix='csc-coach-')}/property.db")  # fresh per example (SQLite)
    try:
        lead = accounts.create_lead(store, "Lena Lind", "lena@example.se", PASSWORD)
        coach = accounts.create_lead(store, "Cora", "cora@example.se", PASSWORD, role="coach")
        team = teams.create_team(store, lead.id, "Property")
        _coach_in(store, lead, team.id, coach)
        tokens, imports = [], 0
        for kind, n in events:
            if kind == "join" or not tokens:
                tokens.append(_private_member(store, team.latest.invite_code, f"M{len(tokens)}", ORDERS[n % 4]))
            elif kind == "import":
                imports += 1
                data = f"name;{';'.join(ORDERS[0])}\nPapper {imports};12;9;6;3;0\n".encode()
                teams.import_results(store, lead.id, team.latest.id, data, n % 2 == 0, "sv")
            else:
                token = tokens[n % len(tokens)]
                if store.find(token) is None:
                    continue
                if kind == "delete":
                    agent.delete(store, token)
                else:
                    agent.set_sharing(store, token, kind == "share")
            report = teams.round_report(store, coach.id, team.latest.id, "sv")
            named = [dict(row.scores) for row in report.shared]
            assert sorted(map(sorted, map(dict.items, report.visible))) == sorted(map(sorted, map(dict.items, named)))
            if not named:
                assert report.figures is None
                continue
            assert report.figures.count == len(named)
            for mode, mean in report.figures.means.items():
                assert mean == pytest.approx(sum(s[mode] for s in named) / len(named))
    finally:
        store.engine.dispose()


def test_members_are_told_which_coaches_see_what_their_lead_sees(store, malmo):
    anna, bo, _, seeded = malmo
    token = seeded.tokens["Åsa Lindqvist"]

    def coaches():
        return agent.open_assessment(store, token, None, "sv", part2=False).membership.coaches

    assert coaches() == ()
    teams.grant_coach(store, anna.id, seeded.team_id, "bo@example.se")
    assert coaches() == ()  # not before the coach opened the link
    _coach_in(store, anna, seeded.team_id, bo)
    teams.grant_coach(store, anna.id, seeded.team_id, "pending@example.se")
    assert coaches() == ("Bo Ek",)
    teams.revoke_coach(store, anna.id, seeded.team_id, "bo@example.se")
    assert coaches() == ()


def test_only_the_members_who_share_are_printed_one_by_one(store, malmo):
    anna, bo, _, seeded = malmo
    _coach_in(store, anna, seeded.team_id, bo)
    sharing = [name for i, name in enumerate(SWEDISH_NAMES) if i not in PRIVATE]
    private = [name for i, name in enumerate(SWEDISH_NAMES) if i in PRIVATE]
    assert [name for _, name in reports.printable(store, bo.id, seeded.round_id)] == sharing

    batch, stem = reports.batch(store, bo.id, seeded.round_id, "sv")
    text = _text(batch)
    assert stem == "Kundtjänst-Malmö-1"
    assert all(name in text for name in sharing) and not any(name in text for name in private)
    team_text = _text(reports.team_workshop(store, bo.id, seeded.round_id, "sv")[0])
    assert not any(name in team_text for name in private)
    with zipfile.ZipFile(io.BytesIO(reports.batch(store, bo.id, seeded.round_id, "sv", kind="zip")[0])) as archive:
        assert sorted(archive.namelist()) == sorted(f"{name.replace(' ', '-')}.pdf" for name in sharing)

    # a private member's id, asked for directly, is refused like an unknown one
    members, _ = store.teams.round_state(anna.id, seeded.round_id)
    hidden = next(m.respondent_id for m in members if m.name == private[0])
    with pytest.raises(Refused) as refused:
        reports.member_report(store, bo.id, seeded.round_id, hidden)
    assert refused.value.code == "not_found"


def test_a_members_report_is_in_the_members_language(store, malmo):
    anna, _, _, seeded = malmo
    round_id = seeded.round_id
    token = agent.start(store, "da", "Søren Ærø", seeded.invite, True)
    for item_id, choice in answers_for_order(load_instrument(), ["avoiding", "accommodating", "compromising",
                                                                  "collaborating", "competing"]).items():
        agent.answer(store, token, item_id, choice)
    agent.finish_part1(store, token)
    member = next(i for i, name in reports.printable(store, anna.id, round_id) if name == "Søren Ærø")
    data, stem = reports.member_report(store, anna.id, round_id, member)
    text = _text(data)
    assert stem == "Søren-Ærø" and "Søren Ærø" in text
    assert load_catalog("da").t("report.confidential") in text.replace("\n", " ")
    assert load_catalog("sv").t("report.confidential") not in text.replace("\n", " ")


def test_an_agent_downloads_their_own_report_once_part1_is_finished(store, malmo):
    _, _, _, seeded = malmo
    token = seeded.tokens["Åsa Lindqvist"]
    data, stem = reports.own_report(store, token)
    assert "Åsa Lindqvist" in _text(data) and "Kundtjänst Malmö" in _text(data) and stem == "Åsa-Lindqvist"
    fresh = agent.start(store, "da", "Ny", None, False)
    for token_value, code in ((fresh, "report_not_ready"), ("not-a-token", "bad_link")):
        with pytest.raises(Refused) as refused:
            reports.own_report(store, token_value)
        assert refused.value.code == code


def test_the_workshop_report_compares_with_the_previous_round(store, malmo):
    anna, _, _, seeded = malmo
    second = teams.new_round(store, anna.id, seeded.team_id)
    for name in ("Ett", "Två", "Tre"):
        token = agent.start(store, "sv", name, second.invite_code, True)
        for item_id, choice in answers_for_order(load_instrument(), ["competing", "avoiding", "compromising",
                                                                      "collaborating", "accommodating"]).items():
            agent.answer(store, token, item_id, choice)
        agent.finish_part1(store, token)
    text = _text(reports.team_workshop(store, anna.id, second.id, "sv")[0])
    assert load_catalog("sv").t("dashboard.compare_earlier", number=1) in text
    assert load_catalog("sv").t("dashboard.col_difference") in text


def test_grants_are_checked(store, malmo):
    anna, bo, cecilia, seeded = malmo
    cases = [
        (lambda: teams.grant_coach(store, anna.id, seeded.team_id, "not an address"), "bad_email"),
        (lambda: teams.grant_coach(store, anna.id, seeded.team_id, "ANNA@example.se"), "grant_self"),
        (lambda: teams.grant_coach(store, cecilia.id, seeded.team_id, "cecilia2@example.se"), "not_found"),
        (lambda: teams.create_team(store, bo.id, "Coachens eget team"), "coach_no_teams"),
    ]
    for attempt, code in cases:
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.code == code
    # granting twice is one grant; deleting the team ends it, link and all
    teams.grant_coach(store, anna.id, seeded.team_id, "new.coach@example.se")
    _, code = teams.grant_coach(store, anna.id, seeded.team_id, "new.coach@example.se")
    assert [(g.email, g.coach) for g in store.teams.grants(anna.id, seeded.team_id)] == [
        ("new.coach@example.se", None)]
    teams.delete_team(store, anna.id, seeded.team_id)
    newcomer = accounts.create_lead(store, "Ny Coach", "new.coach@example.se", PASSWORD, role="coach")
    with pytest.raises(Refused):
        teams.claim_coach(store, newcomer.id, code)
    assert teams.viewable_teams(store, newcomer.id) == ()


def test_the_operator_creates_a_coach(database_url, monkeypatch, capsys):
    monkeypatch.setenv("CSC_DATABASE_URL", database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert admin.main(["create-coach", "--name", "Bo Ek", "--email", "bo@example.se", "--password-stdin"]) == 0
    assert "Bo Ek" in capsys.readouterr().out


# --- coach-report --------------------------------------------------------------------------------------


def test_coach_report_prints_what_the_app_prints(store, malmo, database_url, monkeypatch, tmp_path, capsys):
    anna, bo, _, seeded = malmo
    _coach_in(store, anna, seeded.team_id, bo)
    monkeypatch.setenv("CSC_DATABASE_URL", database_url)
    common = ["--as", "bo@example.se", "--team", "Kundtjänst Malmö", "--lang", "sv"]
    assert cli.main(["batch", *common, "--out", str(tmp_path / "batch.pdf")]) == 0
    assert "Åsa Lindqvist" in _text((tmp_path / "batch.pdf").read_bytes())
    assert cli.main(["batch", *common, "--zip", "--out", str(tmp_path / "batch.zip")]) == 0
    assert len(zipfile.ZipFile(tmp_path / "batch.zip").namelist()) == len(SWEDISH_NAMES) - len(PRIVATE)
    assert cli.main(["team", *common, "--paper", "letter", "--out", str(tmp_path / "team.pdf")]) == 0
    assert cli.main(["person", *common, "--member", "Märta Ek", "--out", str(tmp_path / "m.pdf")]) == 0
    assert "Märta Ek" in _text((tmp_path / "m.pdf").read_bytes())
    assert "team.pdf" in capsys.readouterr().out

    private = SWEDISH_NAMES[3]
    sv = load_catalog("sv")
    refused = [  # each bad input says what is wrong, in --lang
        (["person", *common, "--member", private], sv("report.cli_no_member", member=private)),
        (["team", "--as", "bo@example.se", "--team", "Okänt team", "--lang", "sv"],
         sv("report.cli_no_team", email="bo@example.se", team="Okänt team")),
        (["team", *common, "--round", "9"], sv("report.cli_no_round", team="Kundtjänst Malmö", number=9)),
        (["team", "--as", "nobody@example.se", "--team", "Kundtjänst Malmö", "--lang", "sv"],
         sv("report.cli_no_account", email="nobody@example.se")),
    ]
    for argv, message in refused:
        assert cli.main([*argv, "--out", str(tmp_path / "x.pdf")]) == 1, argv
        assert capsys.readouterr().err.strip() == message
    assert not (tmp_path / "x.pdf").exists()
    # the team's name in another case still finds it; an unwritable place is explained
    assert cli.main(["team", "--as", "bo@example.se", "--team", "kundtjänst malmö", "--out",
                     str(tmp_path / "lower.pdf")]) == 0
    assert cli.main(["team", *common, "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == sv("report.cli_unwritable", file=str(tmp_path),
                                                  reason=sv("report.reason_folder"))


def test_coach_report_reads_an_import_file_without_a_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CSC_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")  # never opened
    good = tmp_path / "papper.csv"
    good.write_text("\ufeffname;competing;collaborating;compromising;avoiding;accommodating\n"
                    "Åsa Lind;9;7;6;4;4\nJörgen Öst;3;9;6;8;4\n", encoding="utf-8")
    assert cli.main(["csv", str(good), "--lang", "sv", "--team", "Pappersgruppen", "--out",
                     str(tmp_path / "p.pdf")]) == 0
    text = _text((tmp_path / "p.pdf").read_bytes())
    assert "Åsa Lind" in text and "Jörgen Öst" in text and "Pappersgruppen" in text
    assert cli.main(["form", "--lang", "nb", "--out", str(tmp_path / "form.pdf")]) == 0
    assert cli.main(["template", "--out", str(tmp_path / "t.csv")]) == 0
    capsys.readouterr()

    bad = tmp_path / "bad.csv"
    bad.write_text("name;competing;collaborating;compromising;avoiding;accommodating\nÅsa;9;7;6;4;9\n",
                   encoding="utf-8")
    assert cli.main(["csv", str(bad), "--lang", "sv", "--out", str(tmp_path / "bad.pdf")]) == 1
    assert "30" in capsys.readouterr().err and not (tmp_path / "bad.pdf").exists()
    assert cli.main(["csv", str(tmp_path / "missing.csv")]) == 1
    assert "missing.csv" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        cli.main(["batch", "--team", "x"])  # --as is required
    assert usage.value.code == 2


def test_a_process_without_the_apps_minimum_group_uses_the_one_the_app_recorded(database_url, monkeypatch):
    """coach-report run by hand, without CSC_MIN_GROUP_SIZE, must not settle rounds with the
    default 3 while the app runs with 5: settling is permanent."""
    from storage import Store

    monkeypatch.setenv("CSC_MIN_GROUP_SIZE", "5")
    app = Store(database_url)
    monkeypatch.delenv("CSC_MIN_GROUP_SIZE")
    by_hand = Store(database_url)
    assert (app.min_group, by_hand.min_group, by_hand.teams.min_group) == (5, 5, 5)
    monkeypatch.setenv("CSC_MIN_GROUP_SIZE", "4")  # an operator's deliberate change is recorded
    assert Store(database_url).min_group == 4
    monkeypatch.delenv("CSC_MIN_GROUP_SIZE")
    assert Store(database_url).min_group == 4
    for store in (app, by_hand):
        store.engine.dispose()


def test_coach_report_shows_control_characters_from_a_file_as_codes(tmp_path, capsys):
    bad = tmp_path / "ansi.csv"
    bad.write_text("name;competing;collaborating;compromising;avoiding;accommodating\n"
                   "\x1b[31mRed;9;7;6;4;4\n\x1b[31mRed;9;7;6;4;4\n", encoding="utf-8")
    assert cli.main(["csv", str(bad), "--out", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31mRed" in err
