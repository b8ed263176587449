"""Part 2 (the scenarios) and the playbook on the results page (Streamlit AppTest)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis import advise, answers_for_order, score
from questionnaire import load_catalog, load_instrument, load_mode_texts, number_ranges
from questionnaire.playbook import load_playbook
from storage import Store

from .conftest import answer, position, start

INSTRUMENT = load_instrument()
ORDER = ("avoiding", "accommodating", "compromising", "collaborating", "competing")
PROFILE = score(INSTRUMENT, answers_for_order(INSTRUMENT, ORDER))


def _finish_part1(open_app, lang: str) -> AppTest:
    at = open_app(lang=lang)
    start(at, "Kari")
    answer(at, answers_for_order(INSTRUMENT, ORDER))
    at.button(key="finish").click().run()
    assert not at.exception
    return at


def _pick(at: AppTest, scenario, mode: str) -> AppTest:
    place = scenario.order.index(mode) + 1
    at.button(key=f"pick-{scenario.id}-{place}").click().run()
    assert not at.exception, at.exception
    return at


def _expander_labels(at: AppTest) -> list[str]:
    return [e.label for e in at.expander]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_playbook_puts_this_profiles_three_situations_first_and_says_why(open_app, lang):
    at = _finish_part1(open_app, lang)
    t = load_catalog(lang)
    cards = advise(PROFILE, lang)
    labels = _expander_labels(at)
    titles = [c.situation.title for c in cards]
    assert [label for label in labels if label in titles] == titles  # every situation, most needed first
    markdown = " ".join(m.value for m in at.markdown)
    assert t("playbook.top_title") in markdown and t("playbook.others_title") in markdown
    infos = [i.value for i in at.info]
    assert len(infos) == len(cards)  # one "why this applies to you" box per card
    top = cards[0]
    assert top.reason.sentence in infos[0] and top.reason.note in infos[0]
    avoiding = load_mode_texts(lang)["avoiding"].name
    assert avoiding in infos[0]  # this agent leans on avoiding, and the advice says so
    principles = [p.title for p in load_playbook(lang).principles]
    assert set(principles) <= set(labels)


def test_contrasting_profiles_read_different_playbooks(open_app):
    other = ("competing", "collaborating", "compromising", "avoiding", "accommodating")
    first = _finish_part1(open_app, "da")
    at = open_app(lang="da")
    start(at)
    answer(at, answers_for_order(INSTRUMENT, other))
    at.button(key="finish").click().run()
    first_infos, second_infos = [i.value for i in first.info], [i.value for i in at.info]
    assert first_infos[0] != second_infos[0]
    assert set(first_infos).isdisjoint(second_infos)
    names = load_mode_texts("da")
    assert names["avoiding"].name in first_infos[0] and names["competing"].name in second_infos[0]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_an_agent_goes_through_part2_and_sees_each_choice_beside_the_recommendation(open_app, db_url, lang):
    at = _finish_part1(open_app, lang)
    t = load_catalog(lang)
    playbook = load_playbook(lang)
    at.button(key="start-part2").click().run()
    assert at.title[0].value == t("scenarios.invite_title")
    assert at.query_params["view"] == "part2"

    # follow the recommendation in even scenarios, always avoid in the odd ones
    choices = {}
    for number, scenario in enumerate(playbook.scenarios, start=1):
        mode = scenario.recommended if number % 2 == 0 else "avoiding"
        choices[scenario.id] = mode
        assert scenario.prompt in " ".join(m.value for m in at.markdown)
        _pick(at, scenario, mode)
    assert Store(db_url).scenario_answers(at.query_params["r"]) == choices
    at.button(key="s-finish").click().run()
    assert not at.exception
    assert "view" not in at.query_params
    assert at.title[0].value == t("results.title")

    matched = sum(1 for s in playbook.scenarios if choices[s.id] == s.recommended)
    texts = " ".join(m.value for m in at.markdown)
    assert t("scenario_results.matched", matched=matched, total=len(playbook.scenarios)) in texts
    assert len(at.get("plotly_chart")) == 3  # profile, map, and the scenario profile
    # Each scenario's label says in words whether the choice was the recommended one (not by icon only).
    verdict = {True: t("scenario_results.outcome_same"), False: t("scenario_results.outcome_other")}
    outcome_labels = [f"{n}. {playbook.situation(s.situation).title} · {verdict[choices[s.id] == s.recommended]}"
                      for n, s in enumerate(playbook.scenarios, 1)]
    assert set(outcome_labels) <= set(_expander_labels(at))
    for scenario in playbook.scenarios:
        if choices[scenario.id] != scenario.recommended:
            assert scenario.responses[scenario.recommended] in texts
        assert scenario.why in texts
    # the Part 2 choices now also sharpen the playbook: a harmful choice is named as a reason
    infos = " ".join(i.value for i in at.info)
    assert t("scenarios.invite_title") not in texts  # no more invitation once finished
    assert load_playbook(lang).reasons["scenario"].format(mode=load_mode_texts(lang)["avoiding"].name) in infos


def test_part2_is_optional_and_resumes_where_the_agent_left(open_app, db_url):
    at = _finish_part1(open_app, "en")
    token = at.query_params["r"]
    playbook = load_playbook("en")
    t = load_catalog("en")
    assert at.button(key="start-part2").label == t("scenarios.start")
    at.button(key="start-part2").click().run()
    for scenario in playbook.scenarios[:3]:
        _pick(at, scenario, "compromising")
    at.button(key="leave-part2").click().run()
    assert at.title[0].value == t("results.title")  # Part 1 results without finishing Part 2
    total = len(playbook.scenarios)
    assert at.button(key="start-part2").label == t("scenarios.continue", answered=3, total=total)

    # a new session from the resume link, straight into Part 2: scenario 4, earlier choices kept
    again = open_app(r=token, view="part2")
    assert position(again) == (t("scenarios.heading", number=4, total=total), t("questionnaire.answered", answered=3, total=total))
    again.button(key="s-back").click().run()
    third = playbook.scenarios[2]
    place = third.order.index("compromising") + 1
    assert again.button(key=f"pick-{third.id}-{place}").proto.type == "primary"
    assert Store(db_url).scenario_answers(token) == {s.id: "compromising" for s in playbook.scenarios[:3]}


def test_finishing_part2_with_gaps_is_refused_and_names_them(open_app):
    at = _finish_part1(open_app, "sv")
    t = load_catalog("sv")
    playbook = load_playbook("sv")
    at.button(key="start-part2").click().run()
    _pick(at, playbook.scenarios[0], "avoiding")
    at.button(key="s-finish").click().run()
    missing = number_ranges(list(range(2, len(playbook.scenarios) + 1)))
    assert at.warning[0].value == t("scenarios.missing", numbers=missing)
    at.button(key="s-goto-missing").click().run()
    assert position(at) == (t("scenarios.heading", number=2, total=len(playbook.scenarios)),
                           t("questionnaire.answered", answered=1, total=len(playbook.scenarios)))
    assert at.query_params["view"] == "part2"


def test_part2_cannot_be_opened_before_part1_or_changed_after_it_is_finished(open_app, db_url):
    at = start(open_app())
    token = at.query_params["r"]
    early = open_app(r=token, view="part2")
    assert any(b.key and b.key.startswith("choice-") for b in early.button)  # still Part 1
    assert not any(b.key and b.key.startswith("pick-") for b in early.button)

    done = _finish_part1(open_app, "en")
    token = done.query_params["r"]
    store = Store(db_url)
    playbook = load_playbook("en")
    stale = open_app(r=token, view="part2")  # a second tab left open in Part 2
    for scenario in playbook.scenarios:
        store.save_scenario_answer(token, scenario.id, scenario.recommended)
    store.finish_scenarios(token)
    _pick(stale, playbook.scenarios[0], "competing")
    assert stale.error[0].value == load_catalog("en")("errors.part2_locked")
    assert store.scenario_answers(token)[playbook.scenarios[0].id] == playbook.scenarios[0].recommended
    assert stale.title[0].value == load_catalog("en")("results.title")
    assert open_app(r=token, view="part2").title[0].value == load_catalog("en")("results.title")


def test_switching_language_in_part2_keeps_the_place_and_the_choices(open_app, db_url):
    at = _finish_part1(open_app, "en")
    token = at.query_params["r"]
    playbook = load_playbook("en")
    at.button(key="start-part2").click().run()
    for scenario in playbook.scenarios[:2]:
        _pick(at, scenario, "collaborating")
    at.selectbox(key="lang").select("nb").run()
    t = load_catalog("nb")
    assert at.title[0].value == t("scenarios.invite_title")
    total = len(playbook.scenarios)
    assert position(at) == (t("scenarios.heading", number=3, total=total), t("questionnaire.answered", answered=2, total=total))
    third = load_playbook("nb").scenarios[2]
    assert third.prompt in " ".join(m.value for m in at.markdown)
    assert Store(db_url).scenario_answers(token) == {s.id: "collaborating" for s in playbook.scenarios[:2]}


def test_the_playbook_follows_a_language_switch_on_the_results_page(open_app):
    at = _finish_part1(open_app, "en")
    at.selectbox(key="lang").select("sv").run()
    cards = advise(PROFILE, "sv")
    labels = _expander_labels(at)
    assert [label for label in labels if label in {c.situation.title for c in cards}] == [
        c.situation.title for c in cards]
    assert cards[0].reason.sentence in at.info[0].value


def test_the_results_page_offers_the_agents_own_report_in_a4_or_letter(open_app):
    at = _finish_part1(open_app, "da")
    t = load_catalog("da")
    button = at.get("download_button")
    assert [b.key for b in button] == ["own-report-pdf"]
    assert button[0].proto.label == t("report.own_button")
    paper = at.get("button_group")
    assert paper and list(paper[0].proto.options[i].content for i in range(2)) == [t("report.paper_a4"),
                                                                                 t("report.paper_letter")]
