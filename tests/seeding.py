"""A team with members who answered, through the same use cases the pages call: for the
report tests, the benchmarks and the README's pictures."""
from __future__ import annotations

import random
from dataclasses import dataclass

from analysis.synthetic import answers_for_order, answers_for_weights
from questionnaire import MODES, load_instrument
from questionnaire.playbook import load_playbook
from services import agent, teams

SWEDISH_NAMES = ("Åsa Lindqvist", "Björn Öberg", "Märta Ek", "Jörgen Sjöström", "Linnéa Håkansson",
                 "Ola Nordström", "Karin Ängström", "Per-Erik Wåhlin", "Sofia Al-Sayed", "Tove Ådahl",
                 "Zoë Lindgren", "Mattias Björk")


@dataclass(frozen=True)
class SeededTeam:
    team_id: int
    round_id: int
    invite: str
    tokens: dict[str, str]  # member name -> resume token


def seed_team(store, lead_id: int, team_name: str, names, *, lang: str = "sv", share=lambda i: True,
              part2=lambda i: i % 2 == 0, seed: int = 7) -> SeededTeam:
    """A team whose members each answered Part 1 (and Part 2 when ``part2(i)``), sharing with
    the lead when ``share(i)``. Seeded: the same call gives the same answers."""
    rng = random.Random(seed)
    instrument = load_instrument()
    scenario_ids = [s.id for s in load_playbook("en").scenarios]
    team = teams.create_team(store, lead_id, team_name)
    code = team.latest.invite_code
    tokens = {}
    for i, name in enumerate(names):
        token = agent.start(store, lang, name, code, share(i))
        weights = {m: rng.uniform(0.3, 3.0) for m in MODES}
        for item_id, choice in answers_for_weights(instrument, weights, rng).items():
            agent.answer(store, token, item_id, choice)
        assert agent.finish_part1(store, token) == ()
        if part2(i):
            for scenario_id in scenario_ids:
                agent.pick(store, token, scenario_id, rng.choice(MODES))
            assert agent.finish_part2(store, token) == ()
        tokens[name] = token
    return SeededTeam(team.id, team.latest.id, code, tokens)


def bulk_results(store, count: int, *, langs=("sv",), version: str | None = None, seed: int = 1) -> None:
    """``count`` finished assessments answered in the app, written in one transaction: the pool
    the organisation's figures are made from (local norms, the item report), without paying for
    thousands of single saves. Answers and scores agree, as the app would store them."""
    from datetime import datetime, timezone

    from sqlalchemy import insert, select

    from analysis import score
    from storage.schema import answers, respondents, results
    from storage.sql import hash_token

    rng = random.Random(seed)
    forms = {lang: load_instrument(lang, version=version) for lang in langs}
    now = datetime.now(timezone.utc)
    with store.engine.begin() as conn:
        first = conn.execute(select(respondents.c.id).order_by(respondents.c.id.desc()).limit(1)).scalar() or 0
        people = []
        for n in range(count):
            lang = langs[n % len(langs)]
            form = forms[lang]
            chosen = answers_for_weights(form, {m: rng.uniform(0.2, 3.0) for m in MODES}, rng)
            people.append((lang, form.version, chosen, score(form, chosen).scores))
        conn.execute(insert(respondents), [
            {"token_hash": hash_token(f"bulk-{seed}-{first}-{n}"), "name": None, "lang": lang,
             "instrument_version": v, "created_at": now, "updated_at": now, "finished_at": now, "source": "web"}
            for n, (lang, v, _a, _s) in enumerate(people)])
        ids = list(conn.execute(select(respondents.c.id).where(respondents.c.id > first)
                                .order_by(respondents.c.id)).scalars())
        conn.execute(insert(answers), [{"respondent_id": rid, "item_id": item_id, "choice": choice, "answered_at": now}
                                       for rid, (_l, _v, chosen, _s) in zip(ids, people)
                                       for item_id, choice in chosen.items()])
        conn.execute(insert(results), [{"respondent_id": rid, "instrument_version": v, "created_at": now,
                                        **{m: int(scores[m]) for m in MODES}}
                                       for rid, (_l, v, _a, scores) in zip(ids, people)])


def finished_assessment(store, lang: str, name: str | None, order, invite_code: str | None = None,
                        part2: bool = False) -> str:
    """An assessment finished through the same use cases the pages call (Part 2 too, if asked:
    every other scenario the recommended approach, the rest avoiding); its resume token."""
    token = agent.start(store, lang, name, invite_code, share=invite_code is not None)
    for item_id, choice in answers_for_order(load_instrument(), order).items():
        agent.answer(store, token, item_id, choice)
    assert agent.finish_part1(store, token) == ()
    if part2:
        for n, scenario in enumerate(load_playbook(lang).scenarios):
            agent.pick(store, token, scenario.id, scenario.recommended if n % 2 else "avoiding")
        assert agent.finish_part2(store, token) == ()
    return token
