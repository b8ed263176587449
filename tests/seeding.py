"""A team with members who answered, through the same use cases the pages call: for the
report tests, the benchmarks and the README's pictures."""
from __future__ import annotations

import random
from dataclasses import dataclass

from analysis.synthetic import answers_for_weights
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
