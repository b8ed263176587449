"""What a team lead does: teams and rounds, the dashboard with privacy applied, comparisons,
export, import and deletion.

Every function takes the signed-in lead's id; storage looks every team and round up among
that lead's own, so another lead's ids find nothing. The dashboard's figures come from
analysis.team, which applies analysis.privacy's rules; nothing here or in the pages adds a
figure about people that did not pass through it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis import (
    Comparison, GroupFigures, ImportProblem, Norms, TeamReport, compare_groups, load_norms, read_results_csv, team_report,
)
from analysis.importing import normalise_heading
from analysis.scoring import rank_modes
from analysis.synthetic import answers_for_order
from analysis.team import named_members
from analysis.trend import MIN_ROUNDS as TREND_ROUNDS, Trend, team_trend
from questionnaire import ModeText, load_catalog, load_instrument, load_mode_texts
from questionnaire.playbook import load_playbook
from reports import ExportMember, ExportRound, Part2Choice, Table, team_tables, to_csv, to_excel, to_zip
from reports.pdf import file_stem
from storage import Grant, ImportedPerson, Round, Store, Team

from . import accounts
from .errors import Refused
from .organisation import MIN_RESULTS, OrgReference, reference

__all__ = [
    "CompareOption", "Dashboard", "EXPORT_KINDS", "ImportOutcome", "LeadPage", "RoundRow", "TREND_ROUNDS", "can_view", "claim_coach",
    "create_team", "delete_round", "delete_team", "export", "export_file_name", "export_for_session", "grant_coach",
    "import_results", "import_template", "lead_page", "new_round", "rename_team", "report_for", "revoke_coach",
    "round_report", "set_link_open", "viewable_round", "viewable_teams",
]


@dataclass(frozen=True)
class RoundRow:
    round: Round
    started: int
    finished: int


@dataclass(frozen=True)
class CompareOption:
    key: str  # "round:<id>", "team:<id>" or "org"
    kind: str  # "round", "team" or "org"
    number: int  # the round's number (0 for the organisation)
    team: str  # the other team's name ("" otherwise)
    count: int  # the organisation's results (0 otherwise)


@dataclass(frozen=True)
class Dashboard:
    report: TeamReport
    texts: Mapping[str, ModeText]  # the modes' names and texts in the lead's language
    norms: Norms
    rounds: tuple[RoundRow, ...]  # every round of the team, latest first
    options: tuple[CompareOption, ...]
    compare_key: str | None
    comparison: Comparison | None
    organisation: OrgReference | None
    organisation_minimum: int
    printable: tuple[tuple[int, str], ...] = ()  # (member id, name): whose personal report may be printed
    trend: Trend | None = None  # the team over its rounds (None for a team of fewer than TREND_ROUNDS rounds)


@dataclass(frozen=True)
class LeadPage:
    teams: tuple[Team, ...]  # the account's own teams, then the teams granted to it as a coach
    team: Team | None  # the chosen team (the newest when the asked one is not the lead's)
    round: Round | None  # the chosen round (the latest when the asked one is not this team's)
    dashboard: Dashboard | None
    own: bool = True  # the chosen team is the account's own (False: seen as a coach)
    grants: tuple[Grant, ...] = ()  # the coaches who see the chosen team (own teams only)
    coach: bool = False  # a coach account: it sees granted teams and creates none


@dataclass(frozen=True)
class ImportOutcome:
    count: int  # results stored (0 when refused)
    problems: tuple[ImportProblem, ...]  # every problem, by line; nothing is stored when there are any


def lead_page(store: Store, lead_id: int, team_id: int | None, round_id: int | None, compare_key: str | None,
              lang: str) -> LeadPage:
    """The account's teams, the chosen team and round, and that round's dashboard."""
    account = store.accounts.lead(lead_id)
    coach = account is not None and account.is_coach
    teams = _viewable(store, account)
    if not teams:
        return LeadPage(teams, None, None, None, coach=coach)
    own = [t for t in teams if t.lead_id == lead_id]
    team = next((t for t in teams if t.id == team_id), (own or teams)[-1])
    chosen = next((r for r in team.rounds if r.id == round_id), team.latest)
    mine = team.lead_id == lead_id
    return LeadPage(teams, team, chosen, _dashboard(store, lead_id, teams, team, chosen, compare_key, lang),
                    own=mine, grants=store.teams.grants(lead_id, team.id) if mine else (), coach=coach)


def viewable_teams(store: Store, account_id: int) -> tuple[Team, ...]:
    """The teams an account may see: its own, then those leads granted it as a coach (who sees
    what members share, see analysis.team_report)."""
    return _viewable(store, store.accounts.lead(account_id))


def _viewable(store: Store, account) -> tuple[Team, ...]:
    if account is None:
        return ()
    own = store.teams.teams(account.id)
    return own + tuple(t for t in store.teams.granted_teams(account.email) if t.lead_id != account.id)


def can_view(store: Store, account_id: int, team_id: int) -> bool:
    """Whether the account may (still) see the team."""
    return any(team.id == team_id for team in viewable_teams(store, account_id))


def viewable_round(store: Store, account_id: int, round_id: int) -> tuple[Team, Round]:
    """The team and round, when the account may see them; Refused("not_found") otherwise."""
    for team in viewable_teams(store, account_id):
        for candidate in team.rounds:
            if candidate.id == round_id:
                return team, candidate
    raise Refused("not_found")


def round_report(store: Store, account_id: int, round_id: int, lang: str) -> TeamReport:
    """A round's report for its lead, or for a coach they granted it to (analysis.team_report:
    a coach's figures leave out what only the lead knows)."""
    team, _ = viewable_round(store, account_id, round_id)
    return report_for(store, team, account_id, round_id, lang)


def viewer_of(team: Team, account_id: int) -> str:
    return "lead" if team.lead_id == account_id else "coach"


def report_for(store: Store, team: Team, account_id: int, round_id: int, lang: str) -> TeamReport:
    """One round of ``team`` as the account sees it (its lead, or a coach): the dashboard's report."""
    return _round_view(store, team, account_id, round_id, lang)[1]


def _round_view(store: Store, team: Team, account_id: int, round_id: int, lang: str):
    """The round's members (for the rules that pick named rows) and its report as the account sees it."""
    members, cohorts = store.teams.round_state(team.lead_id, round_id)
    return members, team_report(members, [c.figures for c in cohorts], min_group=store.min_group, lang=lang,
                                viewer=viewer_of(team, account_id))


def _dashboard(store: Store, lead_id: int, teams, team: Team, chosen: Round, compare_key: str | None,
               lang: str) -> Dashboard:
    members, report = _round_view(store, team, lead_id, chosen.id, lang)
    printable = tuple((m.respondent_id, m.name or "") for m in named_members(members))
    counts = store.teams.round_counts(team.lead_id)
    rows = tuple(RoundRow(r, *counts.get(r.id, (0, 0))) for r in reversed(team.rounds))
    # The round before this one first: the comparison a lead expects after a re-test.
    options = [CompareOption(f"round:{r.id}", "round", r.number, "", 0) for r in reversed(team.rounds)
               if r.id != chosen.id and r.number < chosen.number]
    options += [CompareOption(f"round:{r.id}", "round", r.number, "", 0) for r in team.rounds
                if r.number > chosen.number]
    options += [CompareOption(f"team:{t.latest.id}", "team", t.latest.number, t.name, 0)
                for t in teams if t.id != team.id]
    organisation = reference(store)
    if organisation is not None:
        options.append(CompareOption("org", "org", 0, "", organisation.count))
    key = compare_key if any(o.key == compare_key for o in options) else (options[0].key if options else None)
    comparison = None
    if key is not None:
        other = _other_figures(store, lead_id, key, organisation, lang)
        comparison = compare_groups(report.figures, other, min_group=store.min_group)
    # Each round's figures exactly as that round's dashboard shows them: side by side they tell
    # nothing that choosing each round in turn would not.
    trend = None
    if len(team.rounds) >= TREND_ROUNDS:
        trend = team_trend([(r.number, report.figures if r.id == chosen.id
                             else report_for(store, team, lead_id, r.id, lang).figures) for r in team.rounds])
    return Dashboard(report, load_mode_texts(lang), load_norms(), rows, tuple(options), key, comparison, organisation,
                     MIN_RESULTS, printable, trend)


def _other_figures(store: Store, lead_id: int, key: str, organisation: OrgReference | None,
                   lang: str) -> GroupFigures | None:
    if key == "org":
        return organisation.figures if organisation else None
    kind, _, raw = key.partition(":")
    if kind not in ("round", "team") or not raw.isdigit():
        return None
    return round_report(store, lead_id, int(raw), lang).figures  # a round it may not see: Refused("not_found")


def create_team(store: Store, lead_id: int, name: str) -> Team:
    account = store.accounts.lead(lead_id)
    if account is None or account.is_coach:
        raise Refused("coach_no_teams")
    return store.teams.create_team(lead_id, name)


def grant_coach(store: Store, lead_id: int, team_id: int, email: str) -> tuple[Grant, str | None]:
    """Let a coach see one of the lead's teams: the grant and a one-time code for the link the
    lead sends the coach themselves (None when the coach already has access). The grant takes
    effect when the coach opens the link signed in with this address: where anyone may sign
    up, an address alone proves nothing."""
    email = accounts.valid_email(email)
    lead = store.accounts.lead(lead_id)
    if lead is not None and lead.email == email:
        raise Refused("grant_self")
    code = store.teams.grant(lead_id, team_id, email)
    return next(g for g in store.teams.grants(lead_id, team_id) if g.email == email), code


def claim_coach(store: Store, account_id: int, code: str) -> Team:
    """The signed-in account opens a coach link: its team, now visible to the account."""
    account = store.accounts.lead(account_id)
    if account is None:
        raise Refused("signed_out")
    return store.teams.claim_grant(account.email, code)


def revoke_coach(store: Store, lead_id: int, team_id: int, email: str) -> None:
    store.teams.revoke(lead_id, team_id, email)


def rename_team(store: Store, lead_id: int, team_id: int, name: str) -> Team:
    """Refused("team_name_missing") / ("team_name_taken") as for a new team."""
    return store.teams.rename_team(lead_id, team_id, name)


def new_round(store: Store, lead_id: int, team_id: int, close_previous: bool = False) -> Round:
    return store.teams.new_round(lead_id, team_id, close_previous=close_previous)


def set_link_open(store: Store, lead_id: int, round_id: int, open_: bool) -> Round:
    return store.teams.set_link_open(lead_id, round_id, open_)


def delete_round(store: Store, lead_id: int, round_id: int) -> None:
    store.teams.delete_round(lead_id, round_id)


def delete_team(store: Store, lead_id: int, team_id: int) -> None:
    store.teams.delete_team(lead_id, team_id)


EXPORT_KINDS = ("csv", "zip", "xlsx")  # each is also the file's extension


def export_file_name(team_name: str, round_number: int, lang: str, kind: str, today: date | None = None) -> str:
    """What an export file is called: team, round and day ("Kundservice-Nord-runde-2-2026-11-28.xlsx")."""
    catalog = load_catalog(lang)
    stem = file_stem(team_name, "team", catalog.t("export.file_round", number=round_number),
                     (today or date.today()).isoformat())
    if kind not in EXPORT_KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    return f"{stem}.{kind}"


def export(store: Store, account_id: int, round_id: int, lang: str, kind: str) -> tuple[bytes, str]:
    """The round's export as the account may see it: (the file, its name). ``kind``: "csv" (the
    members table, which imports back as it is), "zip" (every table as its own CSV) or "xlsx"
    (one sheet per table)."""
    if kind not in EXPORT_KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    team, chosen = viewable_round(store, account_id, round_id)
    members, report = _round_view(store, team, account_id, round_id, lang)
    named = named_members(members)
    catalog = load_catalog(lang)
    names = {m: text.name for m, text in load_mode_texts(lang).items()}
    playbook = load_playbook(lang)
    numbers = {scenario.id: (number, scenario) for number, scenario in enumerate(playbook.scenarios, start=1)}
    choices = store.teams.scenario_choices(team.lead_id, round_id, [m.respondent_id for m in named
                                                                     if m.scenarios_finished])
    part2 = [Part2Choice(m.name or "", numbers[sid][0], playbook.situation(numbers[sid][1].situation).title, mode)
             for m in named for sid, mode in sorted(choices.get(m.respondent_id, {}).items(),
                                                    key=lambda pair: numbers[pair[0]][0]) if sid in numbers]
    counts = store.teams.round_counts(team.lead_id)
    tables = team_tables(
        catalog=catalog, names=names, team=team.name, round_number=chosen.number,
        members=[ExportMember(m.name or "", dict(m.scores), rank_modes(m.scores)[0],
                              m.finished_at.date() if m.finished_at else None, m.source == "import",
                              m.instrument_version) for m in named],
        figures=report.figures,
        rounds=[ExportRound(r.number, r.created_at.date(), *counts.get(r.id, (0, 0)), not r.closed)
                for r in team.rounds],
        part2=part2,
    )
    name = export_file_name(team.name, chosen.number, lang, kind)
    if kind == "csv":
        return to_csv(tables[0], lang), name
    if kind == "zip":
        return to_zip(tables, lang, name.rsplit(".", 1)[0]), name
    return to_excel(tables), name


def export_for_session(store: Store, session_id: int | None, round_id: int, lang: str, kind: str) -> bytes:
    """The export for the account of a live session (a download asked for by a page)."""
    current = accounts.current_session(store, session_id, None)
    if current is None:
        raise Refused("signed_out")
    return export(store, current.lead.id, round_id, lang, kind)[0]


def import_template(lang: str, kind: str) -> tuple[bytes, str]:
    """An import file to fill in from paper forms: headings in the lead's language (the name,
    then the 30 answers), one example row the reader refuses until it is deleted or
    overwritten. ``kind``: "csv" or "xlsx". (The file, its name.)"""
    catalog = load_catalog(lang)
    instrument = load_instrument()
    example = answers_for_order(instrument, ("collaborating", "compromising", "accommodating", "avoiding", "competing"))
    frame = pd.DataFrame([{catalog.t("export.name"): catalog.t("import.example_name"),
                           **{item_id: example[item_id] for item_id in instrument.ids}}])
    table = Table("template", catalog.t("export.sheet_members"), frame)
    name = f"{catalog.t('export.file_template')}.{kind}"
    if kind == "csv":
        return to_csv(table, lang), name
    if kind == "xlsx":
        return to_excel([table]), name
    raise ValueError(f"unknown template kind {kind!r}")


def import_results(store: Store, lead_id: int, round_id: int, data: bytes, shared: bool, lang: str,
                   filename: str = "") -> ImportOutcome:
    """Results answered on paper, from a CSV or Excel file (or this app's own export): all rows
    or none."""
    store.teams.own_round(lead_id, round_id)
    instrument = load_instrument()
    result = read_results_csv(data, instrument, filename)
    if not result.ok:
        return ImportOutcome(0, result.problems)
    # The same file imported twice would count everyone twice. Only the round's imports are
    # compared: they are the lead's own rows, whereas telling a name apart from a member who
    # answered online would say that a private member of that name is in the round.
    imported = {normalise_heading(m.name) for m in store.teams.members(lead_id, round_id)
                if m.source == "import" and m.name}
    again = tuple(ImportProblem(row.line, "already_imported", {"name": row.name}) for row in result.rows
                  if normalise_heading(row.name) in imported)
    if again:
        return ImportOutcome(0, again)
    people = [ImportedPerson(row.name, row.scores, row.answers) for row in result.rows]
    count = store.teams.import_results(lead_id, round_id, people, shared=bool(shared),
                                       instrument_version=instrument.version, lang=lang)
    return ImportOutcome(count, ())

