"""The printed reports as plain data: what each page says, in the reader's language.

Built from the same readings the pages show (services.agent.results_for, analysis.team), so
a report never says something the app would not; rendered by reports.pdf. Every text here is
plain text, never markup: the renderer prints it exactly as it is (a name with ``<b>`` or
``*stars*`` in it included). The charts are the app's own Plotly figures (reports.charts).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import plotly.graph_objects as go

from analysis.team import situation_fit
from questionnaire import MODES, Catalog, load_catalog, load_instrument, load_workshop
from questionnaire.playbook import load_playbook

from .charts import MODE_COLORS, mode_map, position_map, profile_chart, scenario_chart, team_chart

__all__ = [
    "Card", "ComparisonRow", "FocusSituation", "IndividualReport", "ModeSection", "Outcome", "PaperForm",
    "Part2", "RankRow", "ShortCard", "TeamWorkshopReport", "individual_report", "paper_form", "plain_text",
    "team_workshop_report", "FOCUS_SITUATIONS",
]

FOCUS_SITUATIONS = 2  # situations a workshop works on: where the team's profile fits least


def plain_text(text: str) -> str:
    """A catalog text without its Markdown emphasis (the PDF prints text as text)."""
    return re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*", lambda m: m.group(1) or m.group(2), text)


# Texts the reports share with the pages, under the names the templates use.
_SHARED = {
    "app": "app.title", "version": "export.version", "chart_title": "results.chart_title", "chart_caption": "results.chart_caption",
    "map_title": "results.map_title", "map_caption": "results.map_caption", "ranking_title": "results.ranking_title",
    "col_rank": "results.col_rank", "col_mode": "results.col_mode", "col_score": "results.col_score",
    "col_band": "results.col_band", "least_used_title": "results.least_used_title",
    "about_title": "results.about_title", "with_customers": "results.with_customers",
    "helps_when": "results.helps_when", "playbook_intro": "playbook.intro", "others_title": "playbook.others_title",
    "why_you": "playbook.why_title", "needs": "playbook.needs_title", "modes_title": "playbook.modes_title",
    "steps": "playbook.steps_title", "say": "playbook.say_title", "avoid": "playbook.avoid_title",
    "escalate": "playbook.escalate_title", "safety": "playbook.safety", "sources": "playbook.sources",
    "principles_title": "playbook.principles_title", "why": "scenario_results.why",
    "about_choice": "scenario_results.about_choice", 
    "team_map": "dashboard.map_title", "dominant_title": "dashboard.dominant_title",
    "col_mean": "dashboard.col_mean", "col_top": "dashboard.members_col", "blind_title": "dashboard.blind_title",
    "no_blind_spots": "dashboard.no_blind_spots", "strengths_title": "dashboard.strengths_title",
    "no_strengths": "dashboard.no_strengths", "strengths_caption": "dashboard.strengths_caption",
    "col_situation": "dashboard.situation_col", "col_strongest": "dashboard.strongest_col",
    "col_this": "dashboard.col_this", "col_other": "dashboard.col_other",
    "col_difference": "dashboard.col_difference", "col_note": "dashboard.col_note",
    "col_chosen": "scenario_results.your_choice", "col_recommended": "scenario_results.recommended",
}


def _labels(catalog: Catalog) -> dict[str, str]:
    """The ``[report]`` texts and the shared ones a template needs, keyed without prefix."""
    labels = {key.split(".", 1)[1]: plain_text(value) for key, value in catalog.texts.items()
              if key.startswith("report.")}
    labels.update({name: plain_text(catalog.t(key)) for name, key in _SHARED.items()})
    return labels


@dataclass(frozen=True)
class RankRow:
    rank: str  # "1" or "2 (tied)"
    mode: str
    name: str
    score: int
    band: str
    color: str


@dataclass(frozen=True)
class ModeSection:
    mode: str
    name: str
    tagline: str
    score_line: str
    looks_like: str
    helps_when: tuple[str, ...]
    questions_title: str
    questions: tuple[str, ...]
    color: str


@dataclass(frozen=True)
class Card:
    """A playbook situation in full."""
    title: str
    summary: str
    reasons: tuple[str, ...]
    needs: str
    modes: tuple[tuple[str, str, int], ...]  # (mode name, why, fit -2..2), best first
    steps: tuple[str, ...]
    say: tuple[str, ...]
    avoid: tuple[str, ...]
    escalate: str
    safety: bool
    sources: str


@dataclass(frozen=True)
class ShortCard:
    """A playbook situation condensed: what it is, why it matters for this person, first steps."""
    title: str
    summary: str
    reason: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    number: int
    title: str
    prompt: str
    chosen: str  # "Your choice (Competing): ..." or ""
    chosen_mode: str  # the chosen mode's name ("" when skipped)
    recommended_mode: str
    matched: bool
    risky: bool  # the chosen response works badly in this situation (fit below zero)
    recommended: str  # "" when matched
    why: str
    about_choice: str


@dataclass(frozen=True)
class Part2:
    headline: str
    matched: str
    chart: go.Figure
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class IndividualReport:
    lang: str
    name: str  # as typed; "" when the person gave none
    team: str  # "" outside a team
    round_label: str
    finished_on: str  # the day of the result, ISO
    printed_on: str
    version: str  # the questionnaire version the result was answered on ("" when not known)
    headline: str
    caution: str  # why the profile may say little (answers that follow one pattern), or ""
    scores: Mapping[str, int]
    profile_chart: go.Figure
    map_chart: go.Figure
    ranking: tuple[RankRow, ...]
    most_used: tuple[ModeSection, ...]
    least_used: tuple[ModeSection, ...]
    featured: tuple[Card, ...]
    condensed: tuple[ShortCard, ...]
    principles: tuple[tuple[str, str], ...]  # (title, text), those stressed for this profile first
    part2: Part2 | None
    about: tuple[str, ...]
    action_prompts: tuple[str, ...]
    labels: Mapping[str, str] = field(repr=False)

    @property
    def display_name(self) -> str:
        return self.name or self.labels["no_name"]


def _band(catalog: Catalog, band: str) -> str:
    return catalog.t("band." + band)


def _mode_section(reading, catalog: Catalog, questions_key: str, questions: Sequence[str]) -> ModeSection:
    return ModeSection(
        mode=reading.mode, name=reading.text.name, tagline=reading.text.tagline,
        score_line=catalog.t("report.score_line", score=reading.score, max=12, band=_band(catalog, reading.band)),
        looks_like=reading.text.looks_like, helps_when=tuple(reading.text.helps_when),
        questions_title=catalog.t(questions_key), questions=tuple(questions), color=MODE_COLORS[reading.mode],
    )


def _sources(seeds) -> str:
    """The articles an entry draws on, by title and language (their publishers are described
    in English in the playbook's data, which a Nordic report should not print)."""
    return "; ".join(f"“{seed.title}” ({seed.language})" for seed in seeds)


def _decimal(value: float, lang: str, sign: bool = False) -> str:
    """One decimal, with a decimal comma in Swedish, Norwegian and Danish."""
    return load_catalog(lang).number(value, sign=sign)


def _card(results, card, names: Mapping[str, str]) -> Card:
    situation = card.situation
    ranked = sorted(situation.modes, key=lambda m: -m.fit)
    return Card(
        title=situation.title, summary=situation.summary,
        reasons=tuple(r.sentence for r in results.shown_reasons(card)), needs=situation.needs,
        modes=tuple((names[m.mode], m.why, m.fit) for m in ranked), steps=tuple(situation.steps),
        say=tuple(situation.say), avoid=tuple(situation.avoid), escalate=situation.escalate,
        safety=situation.safety, sources=_sources(situation.seeds),
    )


def _part2(results, catalog: Catalog, names: Mapping[str, str]) -> Part2 | None:
    reading = results.scenarios
    if reading is None:
        return None
    outcomes = []
    for number, outcome in enumerate(reading.outcomes, start=1):
        scenario = outcome.scenario
        recommended = outcome.recommended.mode
        chosen = ""
        if outcome.chosen:
            chosen = (f"{catalog.t('scenario_results.your_choice')} ({names[outcome.chosen]}): "
                      f"{scenario.responses[outcome.chosen]}")
        outcomes.append(Outcome(
            number=number, title=outcome.situation.title, prompt=scenario.prompt, chosen=chosen,
            chosen_mode=names[outcome.chosen] if outcome.chosen else "", recommended_mode=names[recommended],
            matched=outcome.matched, risky=bool(outcome.chosen_fit and outcome.chosen_fit.fit < 0),
            recommended="" if outcome.matched else (f"{catalog.t('scenario_results.recommended')} "
                                                    f"({names[recommended]}): {scenario.responses[recommended]}"),
            why=scenario.why,
            about_choice=outcome.chosen_fit.why if outcome.chosen_fit and not outcome.matched else "",
        ))
    return Part2(
        headline=plain_text(reading.headline),
        matched=plain_text(catalog.t("scenario_results.matched", matched=reading.matched, total=reading.answered)),
        chart=scenario_chart(reading, results.texts, catalog), outcomes=tuple(outcomes),
    )


def individual_report(results, lang: str, *, team: str = "", round_label: str = "", finished_on: date | None = None,
                      printed_on: date | None = None) -> IndividualReport:
    """The personal report of one result (``results``: services.agent.Results), in ``lang``."""
    catalog = load_catalog(lang)
    names = {m: text.name for m, text in results.texts.items()}
    reading = results.reading
    ranking = tuple(
        RankRow(rank=f"{r.rank}" + (f" ({catalog.t('results.tied')})" if r.tied else ""), mode=r.mode,
                name=r.text.name, score=r.score, band=_band(catalog, r.band), color=MODE_COLORS[r.mode])
        for r in reading.ranked
    )
    principles = tuple((item.principle.title, item.principle.text) for item in results.principles)
    printed = printed_on or date.today()
    return IndividualReport(
        lang=lang, name=results.name or "", team=team, round_label=round_label,
        finished_on=(finished_on or printed).isoformat(), printed_on=printed.isoformat(),
        version=results.version,
        headline=plain_text(reading.headline), scores=dict(results.profile.scores),
        caution=catalog.t(f"report.pattern_caution_{results.pattern}")
        if results.pattern else "",
        profile_chart=profile_chart(results.profile, results.texts, catalog, results.norms),
        map_chart=mode_map(results.profile, results.texts, catalog),
        ranking=ranking,
        most_used=tuple(_mode_section(r, catalog, "results.overuse", r.text.overuse) for r in reading.most_used),
        least_used=tuple(_mode_section(r, catalog, "results.underuse", r.text.underuse)
                         for r in reading.least_used),
        featured=tuple(_card(results, card, names) for card in results.featured),
        condensed=tuple(ShortCard(card.situation.title, card.situation.summary, card.reasons[0].sentence,
                                  tuple(card.situation.steps[:2])) for card in results.other_cards),
        principles=principles, part2=_part2(results, catalog, names),
        about=tuple(plain_text(line.removeprefix("- ")) for line in catalog.t("results.about").splitlines()
                    if line.strip()),
        action_prompts=tuple(catalog.t(f"report.action_{n}") for n in range(1, 5)),
        labels=_labels(catalog),
    )


# -- the team workshop report ------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    this: str
    other: str
    difference: str
    note: str


@dataclass(frozen=True)
class FocusSituation:
    title: str
    why: str  # why the workshop works on this one
    questions: tuple[str, ...]
    exercise_title: str
    minutes: int
    steps: tuple[str, ...]
    debrief: str


@dataclass(frozen=True)
class TeamWorkshopReport:
    lang: str
    team: str
    round_label: str
    printed_on: str
    completion: tuple[tuple[str, int], ...]  # (label, count)
    included: str  # which results the figures include, or why there are none
    team_chart: go.Figure | None
    map_chart: go.Figure | None
    means: tuple[tuple[str, str, int, str], ...]  # (mode name, mean, members for whom it is the top, colour)
    blind_spots: tuple[str, ...]
    strengths: tuple[tuple[str, str], ...]  # (situation, names)
    comparison_title: str
    comparison: tuple[ComparisonRow, ...]
    comparison_note: str
    intro_title: str
    purpose: str
    agenda: tuple[str, ...]
    ground_rules: tuple[str, ...]
    focus: tuple[FocusSituation, ...]
    mode_questions: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, questions)
    closing: tuple[str, ...]
    labels: Mapping[str, str] = field(repr=False)


def _weakest(means: Mapping[str, float] | None, playbook) -> list:
    """The situations the team's mean profile suits least (all of them with no figures)."""
    situations = list(playbook.situations)
    if means is None:
        return situations
    return sorted(situations, key=lambda s: situation_fit(means, s))[:FOCUS_SITUATIONS]


def team_workshop_report(report, team: str, round_label: str, lang: str, *, norms, texts, comparison=None,
                         comparison_label: str = "", printed_on: date | None = None) -> TeamWorkshopReport:
    """The workshop report of one round. ``report``: analysis.TeamReport, as the lead sees it
    (the privacy rules are applied already); ``comparison``: analysis.Comparison or None."""
    catalog = load_catalog(lang)
    names = {m: text.name for m, text in texts.items()}
    playbook = load_playbook(lang)
    workshop = load_workshop(lang)
    figures = report.figures
    completion = ((catalog.t("dashboard.started"), report.started), (catalog.t("dashboard.finished"), report.finished),
                  (catalog.t("report.sharing_label"), report.sharing))
    if figures is None:
        included = catalog.t("dashboard.no_figures", min=report.min_group)
    elif report.waiting:
        included = catalog.t("dashboard.included_waiting", count=figures.count, min=report.min_group)
    else:
        included = catalog.t("dashboard.included_all", count=figures.count)
    blind = tuple(
        catalog.t("dashboard.blind_spot", mode=names[spot.mode], users=spot.users, included=figures.count,
                  situations=catalog.join(s.title[:1].lower() + s.title[1:] for s in spot.situations))
        for spot in (figures.blind_spots if figures else ())
    )
    focus = []
    for situation in _weakest(figures.means if figures else None, playbook):
        material = workshop.situations[situation.id]
        best = max(situation.modes, key=lambda m: m.fit)
        why = (catalog.t("report.focus_why", mode=names[best.mode]) if figures
               else catalog.t("report.focus_all"))
        focus.append(FocusSituation(situation.title, why, material.questions, material.exercise_title,
                                    material.minutes, material.exercise_steps, material.debrief))
    mode_questions = []
    if figures:
        for spot in figures.blind_spots:
            mode_questions.append((catalog.t("report.rare_mode", mode=names[spot.mode]),
                                   workshop.modes[spot.mode].rare))
        top = max(MODES, key=lambda m: figures.means[m])
        mode_questions.append((catalog.t("report.common_mode", mode=names[top]), workshop.modes[top].common))
    rows = ()
    note = ""
    if comparison is not None and comparison.modes is not None:
        rows = tuple(ComparisonRow(names[d.mode], _decimal(d.mean_a, lang), _decimal(d.mean_b, lang),
                                   _decimal(d.difference, lang, sign=True),
                                   catalog.t("dashboard.within_noise") if d.within_noise
                                   else catalog.t("dashboard.clear_difference")) for d in comparison.modes)
        note = catalog.t("dashboard.compare_caption", noise=_decimal(max(d.noise for d in comparison.modes), lang))
    elif comparison is not None:
        note = catalog.t("dashboard.compare_hidden", min=report.min_group)
    return TeamWorkshopReport(
        lang=lang, team=team, round_label=round_label, printed_on=(printed_on or date.today()).isoformat(),
        completion=completion, included=plain_text(included),
        team_chart=team_chart(report.visible, figures, texts, catalog, norms) if figures else None,
        map_chart=position_map(figures.position, catalog.t("dashboard.team"), texts, catalog) if figures else None,
        means=tuple((names[m], _decimal(figures.means[m], lang), figures.dominant[m], MODE_COLORS[m]) for m in MODES)
        if figures else (),
        blind_spots=tuple(plain_text(b) for b in blind),
        strengths=tuple((s.situation.title, ", ".join(s.names)) for s in report.strengths),
        comparison_title=comparison_label, comparison=rows, comparison_note=plain_text(note),
        intro_title=workshop.intro.title, purpose=workshop.intro.purpose, agenda=workshop.intro.agenda,
        ground_rules=workshop.intro.ground_rules, focus=tuple(focus), mode_questions=tuple(mode_questions),
        closing=workshop.closing, labels=_labels(catalog),
    )


# -- the paper answer form -------------------------------------------------------------------


@dataclass(frozen=True)
class PaperForm:
    lang: str
    items: tuple[tuple[str, str, str], ...]  # (id, statement A, statement B) in questionnaire order
    labels: Mapping[str, str] = field(repr=False)


def paper_form(lang: str) -> PaperForm:
    """The 30 pairs with tick boxes; the ids are the import file's columns (P01..P30)."""
    instrument = load_instrument(lang)
    return PaperForm(lang, tuple((item.id, item.a.text, item.b.text) for item in instrument.items),
                     _labels(load_catalog(lang)))
