"""Printed reports: an agent's own, a lead's or coach's for a round, a paper form, and the same
from a CSV file with no database (the command line).

The privacy rules are the dashboard's, applied once: a viewer (the team's lead, or a coach
they granted the team to) gets personal reports only of the members the dashboard names
(analysis.team.named_members: members who share and have been revealed, imports marked
shared), and the team report is built from the same TeamReport the dashboard shows.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from analysis import compare_groups, load_norms, read_results_csv
from analysis.team import named_members
from questionnaire import load_catalog, load_instrument, load_mode_texts
from reports import model, pdf
from reports.pdf import file_stem
from storage import Member, Round, Store, Team, clean_name

from . import accounts, agent, teams
from .errors import Refused
from .teams import report_for, viewable_round

__all__ = [
    "answer_form", "batch", "csv_reports", "file_stem", "for_session", "import_template", "member_report", "own_report",
    "printable", "team_workshop",
]


def _round_label(chosen: Round) -> str:
    """The round as a report's cover gives it, after the word "Round": "2 · 2026-11-02"."""
    return f"{chosen.number} · {chosen.created_at.strftime('%Y-%m-%d')}"


def _named(store: Store, account_id: int, round_id: int) -> tuple[Team, Round, list[Member]]:
    team, chosen = viewable_round(store, account_id, round_id)
    members, _ = store.teams.round_state(team.lead_id, round_id)
    return team, chosen, named_members(members)


def printable(store: Store, account_id: int, round_id: int) -> tuple[tuple[int, str], ...]:
    """(member id, name) of the members whose personal report the account may print: those the
    dashboard names (the same list as Dashboard.printable)."""
    _, _, named = _named(store, account_id, round_id)
    return tuple((m.respondent_id, m.name or "") for m in named)


def for_session(store: Store, session_id: int | None, use_case: Callable, *args) -> bytes:
    """A report for the account of a live session (a download asked for by a page): the use
    case is called with that account's id, and its PDF (or zip) returned."""
    current = accounts.current_session(store, session_id, None)
    if current is None:
        raise Refused("signed_out")
    return use_case(store, current.lead.id, *args)[0]


def own_report(store: Store, token: str, paper: str = "a4") -> tuple[bytes, str]:
    """The agent's own report, in the language they use: (the PDF, a file name stem)."""
    respondent = store.find(token)
    if respondent is None:
        raise Refused("bad_link")
    if not respondent.finished:
        raise Refused("report_not_ready")
    screen = agent.open_assessment(store, token, None, respondent.lang, part2=False)
    team = round_label = ""
    if screen.membership is not None:
        team = screen.membership.team_name
        round_label = str(screen.membership.number)
    report = model.individual_report(screen, respondent.lang, team=team, round_label=round_label,
                                     finished_on=respondent.finished_at.date())
    return pdf.individual_pdf(report, paper), pdf.file_stem(report.display_name, "conflict-style-report")


def _individual(team: Team, chosen: Round, member: Member, choices: Mapping[str, str] | None
                ) -> model.IndividualReport:
    lang = member.lang
    results = agent.results_for(member.name, member.scores, choices, lang, pattern=member.pattern,
                                version=member.instrument_version)
    return model.individual_report(results, lang, team=team.name, round_label=_round_label(chosen),
                                   finished_on=member.finished_at.date() if member.finished_at else None)


def _reports(store: Store, account_id: int, round_id: int, only: int | None = None,
             progress: Callable[[int, int], None] | None = None):
    """The personal reports of the named members (``only``: of that one), with
    ``progress(done, total)`` counting the reports made and then the pages rendered."""
    team, chosen, named = _named(store, account_id, round_id)
    if only is not None:
        named = [m for m in named if m.respondent_id == only]
        if not named:
            raise Refused("not_found")  # not a member the viewer may see by name
    if not named:
        raise Refused("nobody_shares")
    choices = store.teams.scenario_choices(team.lead_id, round_id,
                                           [m.respondent_id for m in named if m.scenarios_finished])
    reports = []
    for count, member in enumerate(named, start=1):
        reports.append(_individual(team, chosen, member, choices.get(member.respondent_id)))
        if progress:
            progress(count, 2 * len(named))
    return team, chosen, reports


def member_report(store: Store, account_id: int, round_id: int, member_id: int, paper: str = "a4"
                  ) -> tuple[bytes, str]:
    """One named member's report, in that member's language."""
    _, _, reports = _reports(store, account_id, round_id, only=member_id)
    return pdf.individual_pdf(reports[0], paper), pdf.file_stem(reports[0].display_name)


def batch(store: Store, account_id: int, round_id: int, lang: str, paper: str = "a4", kind: str = "pdf",
          progress: Callable[[int, int], None] | None = None) -> tuple[bytes, str]:
    """Every named member's report: one PDF with a contents page (``kind="pdf"``) or a zip of
    one PDF each (``"zip"``). ``progress(done, total)`` is called as reports are made."""
    if kind not in ("pdf", "zip"):
        raise ValueError(f"unknown batch kind {kind!r}")
    team, chosen, reports = _reports(store, account_id, round_id, progress=progress)
    total = len(reports)
    rendered = (lambda done: progress(total + done, 2 * total)) if progress else None
    stem = pdf.file_stem(team.name, "team", chosen.number)
    if kind == "pdf":
        return pdf.batch_pdf(reports, team.name, lang, paper, progress=rendered), stem
    return pdf.batch_zip(reports, paper, progress=rendered), stem


def team_workshop(store: Store, account_id: int, round_id: int, lang: str, paper: str = "a4",
                  printed_on: date | None = None) -> tuple[bytes, str]:
    """The round's workshop report in ``lang``, compared with the team's previous round when
    there is one."""
    team, chosen = viewable_round(store, account_id, round_id)
    catalog = load_catalog(lang)
    report = report_for(store, team, account_id, round_id, lang)
    earlier = [r for r in team.rounds if r.number < chosen.number]
    comparison, label = None, ""
    if earlier:
        previous = earlier[-1]
        other = report_for(store, team, account_id, previous.id, lang).figures
        comparison = compare_groups(report.figures, other, min_group=store.min_group)
        label = catalog.t("dashboard.compare_earlier", number=previous.number)
    document = model.team_workshop_report(report, team.name, _round_label(chosen), lang, norms=load_norms(),
                                          texts=load_mode_texts(lang), comparison=comparison,
                                          comparison_label=label, printed_on=printed_on)
    return pdf.team_pdf(document, paper), pdf.file_stem(team.name, "team", chosen.number, "workshop")


def answer_form(lang: str, paper: str = "a4") -> bytes:
    return pdf.form_pdf(model.paper_form(lang), paper)


def import_template(lang: str = "en", kind: str = "csv") -> bytes:
    """The import file to fill in from paper forms (services.teams.import_template)."""
    return teams.import_template(lang, kind)[0]


def csv_reports(data: bytes, lang: str, team: str = "", printed_on: date | None = None, filename: str = ""):
    """Personal reports from a CSV file in the import format, with no database (the command
    line): the reports, or the file's problems (analysis.ImportProblem) and no reports."""
    instrument = load_instrument()
    result = read_results_csv(data, instrument, filename)
    if not result.ok:
        return (), result.problems
    reports = tuple(model.individual_report(agent.results_for(clean_name(row.name), row.scores, None, lang,
                                                              version=instrument.version), lang,
                                            team=clean_name(team) or "", printed_on=printed_on) for row in result.rows)
    return reports, ()
