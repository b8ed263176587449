"""What an agent does: start, answer Part 1 and Part 2, read the results, share, delete, leave.

One function per screen or action. Plain inputs (a resume token, a language, the values a
widget gave), a plain model or ``Refused`` / ``Unavailable`` back. The pages only render.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analysis import (
    MAX_SCORE, AdviceCard, Interpretation, Norms, PrincipleCard, Profile, ScenarioReading, advise, interpret, load_norms,
    principles_for, profile_from_scores, read_scenarios, score,
)
from analysis.patterns import answer_pattern
from questionnaire import Item, LANGUAGES, ModeText, Progress, load_instrument, load_mode_texts, progress
from questionnaire.playbook import Scenario, Situation, load_playbook
from storage import NAME_MAX, Invite, Respondent, Store

from .errors import Refused
from .instrument import LocalReference, local_reference

__all__ = [
    "Membership", "PatternFound", "QuestionnaireScreen", "Results", "ScenarioScreen", "Welcome", "answer", "delete",
    "finish_part1", "finish_part2", "language_of", "leave", "open_assessment", "pick", "reopen", "results_for",
    "set_language", "set_sharing", "start",
    "FEATURED_CARDS", "MAX_SCORE", "NAME_MAX", "SHOWN_REASONS",
]

FEATURED_CARDS = 3  # playbook cards shown first, as the ones this profile needs most
SHOWN_REASONS = 3  # reasons shown on a card (a Part 2 choice that hurt is always shown as well)


@dataclass(frozen=True)
class Welcome:
    invite: Invite | None  # the team the invite link opens
    bad_invite: bool  # an invite code that opens nothing
    bad_link: bool  # a resume link that opens nothing (or no longer does)


@dataclass(frozen=True)
class QuestionnaireScreen:
    items: tuple[Item, ...]  # in the user's language, in questionnaire order
    answers: Mapping[str, str]  # item id -> "A" / "B"
    progress: Progress
    first_open: int  # index of the first unanswered item (the last item when all are answered)


@dataclass(frozen=True)
class ScenarioScreen:
    scenarios: tuple[tuple[Scenario, Situation], ...]
    answers: Mapping[str, str]  # scenario id -> mode of the chosen response
    missing: tuple[int, ...]  # 1-based numbers of the unanswered scenarios
    first_open: int


@dataclass(frozen=True)
class Membership:
    team_name: str
    lead_name: str
    number: int  # the round
    sharing: bool  # the member's decision
    shown: bool  # the lead can see the result now (False while held back, see analysis.privacy)
    coaches: tuple[str, ...] = ()  # coaches the lead granted the team to: they see what the lead sees


@dataclass(frozen=True)
class PatternFound:
    """Finishing was held back: the complete answers follow a pattern that says little about
    the person (analysis.patterns), and the agent has not yet said to finish anyway."""
    pattern: str  # "same" or "alternating"


@dataclass(frozen=True)
class Results:
    name: str | None
    profile: Profile
    norms: Norms
    reading: Interpretation
    texts: Mapping[str, ModeText]
    featured: tuple[AdviceCard, ...]
    other_cards: tuple[AdviceCard, ...]
    principles: tuple[PrincipleCard, ...]
    scenarios: ScenarioReading | None  # None until Part 2 is finished
    scenarios_answered: int
    scenarios_total: int
    membership: Membership | None
    # The answers follow a pattern (analysis.patterns: "same", "alternating"), so the profile
    # may say little about the person; None for a result that does not.
    pattern: str | None = None
    version: str = ""  # the questionnaire version the result was answered on
    # The organisation's own norms for that version, when it has enough results (the page
    # offers them); the bands above use them when ``reference`` is "local".
    local: LocalReference | None = None
    reference: str = "neutral"

    def percentile(self, mode: str) -> float | None:
        """Where the score lies among the organisation's agents (0..100), with local norms."""
        if self.reference != "local" or self.local is None:
            return None
        return self.local.norms.percentile(mode, self.profile.scores[mode])

    def shown_reasons(self, card: AdviceCard):
        """The reasons a card shows: the weightiest, and every Part 2 choice that hurt."""
        return (*card.reasons[:SHOWN_REASONS],
                *(r for r in card.reasons[SHOWN_REASONS:] if r.kind == "scenario"))


def _respondent(store: Store, token: str | None) -> Respondent:
    respondent = store.find(token)
    if respondent is None:
        raise Refused("bad_link")
    return respondent


def open_assessment(store: Store, token: str | None, invite_code: str | None, lang: str, part2: bool,
                    reference: str = "neutral") -> Welcome | QuestionnaireScreen | ScenarioScreen | Results:
    """The screen an agent opening the assessment page should see. ``reference``: the bands
    of the results read against the neutral reference ("neutral", the default) or, when the
    organisation has enough results of that version, against its own agents ("local")."""
    respondent = store.find(token) if token else None
    if respondent is None:
        invite = store.teams.invite(invite_code) if invite_code else None
        return Welcome(invite, bad_invite=bool(invite_code) and invite is None, bad_link=bool(token))
    if not respondent.finished:
        return _questionnaire(store, token, respondent, lang)
    if part2 and not respondent.scenarios_finished:
        return _scenarios(store, token, lang)
    return _results(store, token, respondent, lang, reference)


def start(store: Store, lang: str, name: str | None, invite_code: str | None, share: bool) -> str:
    """A new assessment; its resume token. An invite code that opens nothing joins no team (the
    welcome page has said so); a link its lead has closed is Refused("invite_closed")."""
    invite = store.teams.invite(invite_code) if invite_code else None
    if invite is not None and invite.closed:
        # Closed while the agent was reading the welcome page, which showed it open: say so
        # rather than start an assessment outside the team they meant to join.
        raise Refused("invite_closed", team=invite.team_name, lead=invite.lead_name)
    return store.create_respondent(lang, name, round_id=invite.round_id if invite else None,
                                   share=bool(share) and invite is not None)


def _questionnaire(store: Store, token: str, respondent: Respondent, lang: str) -> QuestionnaireScreen:
    # An assessment started before the questionnaire was revised is finished on its own version.
    instrument = load_instrument(lang, version=respondent.instrument_version)
    answers = store.answers(token)
    status = progress(instrument, answers)
    ids = instrument.ids
    first_open = ids.index(status.missing[0]) if status.missing else len(ids) - 1
    return QuestionnaireScreen(instrument.items, answers, status, first_open)


def answer(store: Store, token: str, item_id: str, choice: str) -> None:
    """Save one Part 1 answer (Refused "answers_locked" once Part 1 is finished)."""
    store.save_answer(token, item_id, choice)


def finish_part1(store: Store, token: str, confirm_pattern: bool = False) -> tuple[int, ...] | PatternFound:
    """Score and store the result. Returns the numbers of the unanswered questions, empty
    when the result was stored (or already was).

    Complete answers that follow a pattern (all A, all B, alternating: analysis.patterns)
    are not stored at first: ``PatternFound`` comes back, so the agent can review them. With
    ``confirm_pattern`` (they chose to finish anyway) the result is stored, flagged."""
    respondent = _respondent(store, token)
    if respondent.finished:
        return ()
    instrument = load_instrument(version=respondent.instrument_version)
    answers = store.answers(token)
    status = progress(instrument, answers)
    if not status.complete:
        return status.missing_numbers(instrument)
    pattern = answer_pattern(answers, instrument.ids)
    if pattern is not None and not confirm_pattern:
        return PatternFound(pattern)
    store.finish(token, instrument.version, score(instrument, answers).scores, pattern=pattern)
    return ()


def reopen(store: Store, token: str) -> None:
    """Review the answers behind a flagged result: Part 1 opens again with every answer kept
    and changeable, and finishing again stores the new result (Part 2 stays as it is). For a
    team member the old result leaves the team's page as a deleted one would (storage
    Store.reopen). Only a flagged result reopens; for any other (a stale page in another tab)
    nothing changes."""
    respondent = _respondent(store, token)
    if not respondent.finished:
        return
    stored = store.result(token)
    if stored is None or stored.pattern is None:
        return
    store.reopen(token)


def _scenarios(store: Store, token: str, lang: str) -> ScenarioScreen:
    playbook = load_playbook(lang)
    answers = store.scenario_answers(token)
    pairs = tuple((s, playbook.situation(s.situation)) for s in playbook.scenarios)
    missing = tuple(n for n, s in enumerate(playbook.scenarios, start=1) if s.id not in answers)
    return ScenarioScreen(pairs, answers, missing, (missing[0] - 1) if missing else len(pairs) - 1)


def pick(store: Store, token: str, scenario_id: str, mode: str) -> None:
    """Save the response chosen in one scenario (Refused "part2_locked" / "part2_not_ready")."""
    store.save_scenario_answer(token, scenario_id, mode)


def finish_part2(store: Store, token: str) -> tuple[int, ...]:
    """Finish Part 2; the numbers of the unanswered scenarios, empty when it is finished."""
    respondent = _respondent(store, token)
    if respondent.scenarios_finished:
        return ()
    answered = store.scenario_answers(token)
    missing = tuple(n for n, sid in enumerate(store.scenario_ids, start=1) if sid not in answered)
    if missing:
        return missing
    store.finish_scenarios(token)
    return ()


def _results(store: Store, token: str, respondent: Respondent, lang: str, reference: str = "neutral") -> Results:
    stored = store.result(token)
    choices = store.scenario_answers(token)
    return results_for(respondent.name, stored.scores, choices if respondent.scenarios_finished else None, lang,
                       scenarios_answered=len(choices), scenarios_total=len(store.scenario_ids),
                       membership=_membership(store, respondent), pattern=stored.pattern,
                       version=stored.instrument_version, local=local_reference(store, stored.instrument_version),
                       reference=reference)


def results_for(name: str | None, scores: Mapping[str, int], choices: Mapping[str, str] | None, lang: str, *,
                scenarios_answered: int = 0, scenarios_total: int = 0, membership: Membership | None = None,
                pattern: str | None = None, version: str = "", local: LocalReference | None = None,
                reference: str = "neutral") -> Results:
    """A result read in ``lang``: the page, the agent's own report and a coach's reports all
    read it here. ``choices``: the Part 2 choices once Part 2 is finished, else None;
    ``pattern``: the answer pattern the result is flagged with, if any; ``version``: the
    questionnaire version it was answered on; ``local``: the organisation's norms for that
    version, used for the bands when ``reference`` is "local"."""
    if reference not in ("neutral", "local"):
        raise ValueError(f"unknown reference {reference!r}")
    if local is None:
        reference = "neutral"
    norms = local.norms.norms if reference == "local" else load_norms()
    profile = profile_from_scores(scores, norms)
    # Part 2 choices sharpen the playbook once Part 2 is finished.
    cards = advise(profile, lang, choices)
    return Results(
        name=name, profile=profile, norms=norms, reading=interpret(profile, lang),
        texts=load_mode_texts(lang), featured=cards[:FEATURED_CARDS], other_cards=cards[FEATURED_CARDS:],
        principles=principles_for(profile, lang),
        scenarios=read_scenarios(choices, profile, lang) if choices is not None else None,
        scenarios_answered=len(choices) if choices is not None else scenarios_answered,
        scenarios_total=scenarios_total, membership=membership, pattern=pattern,
        version=version, local=local, reference=reference,
    )


def _membership(store: Store, respondent: Respondent) -> Membership | None:
    if respondent.round_id is None:
        return None
    invite = store.teams.membership(respondent.round_id)
    if invite is None:
        return None
    return Membership(invite.team_name, invite.lead_name, invite.number, respondent.share_with_lead,
                      respondent.share_with_lead and respondent.revealed, store.teams.coach_names(respondent.round_id))


def set_sharing(store: Store, token: str, share: bool) -> Membership:
    """The member decides again what their lead may see; what they see now comes back."""
    membership = _membership(store, store.set_sharing(token, bool(share)))
    if membership is None:
        raise Refused("not_a_member")
    return membership


def delete(store: Store, token: str) -> None:
    """Delete the agent's answers, result and Part 2 choices for good."""
    store.delete(token)


def leave(store: Store, token: str) -> str:
    """Leave a shared computer: the resume link this browser knows stops working, and a new
    one is returned, to be shown once (as a QR code) for the agent's own phone."""
    return store.replace_token(token)


def language_of(store: Store, token: str | None) -> str | None:
    """The language an assessment was last used in (None for no or an unknown token)."""
    respondent = store.find(token) if token else None
    return respondent.lang if respondent else None


def set_language(store: Store, token: str | None, lang: str) -> None:
    """Remember the chosen language with the assessment, when there is one."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if token and store.find(token) is not None:
        store.set_language(token, lang)
