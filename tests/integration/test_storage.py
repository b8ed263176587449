"""Storage against a real database: SQLite always, PostgreSQL when reachable (always in CI)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from analysis import answers_for_order, score
from questionnaire import MODES, load_instrument
from storage import AlreadyFinished, Refused, Store
from storage.schema import answers, respondents

INSTRUMENT = load_instrument()
ORDER = ("collaborating", "compromising", "accommodating", "avoiding", "competing")


def _count(store, table, **where):
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with store.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def test_a_new_respondent_is_found_by_their_token(store):
    token = store.create_respondent("sv", "Åsa Lind")
    respondent = store.find(token)
    assert (respondent.name, respondent.lang, respondent.finished) == ("Åsa Lind", "sv", False)


def test_tokens_are_long_random_and_stored_only_as_a_hash(store):
    tokens = {store.create_respondent("en") for _ in range(20)}
    assert len(tokens) == 20 and all(len(t) >= 43 for t in tokens)
    with store.engine.connect() as conn:
        stored = set(conn.execute(select(respondents.c.token_hash)).scalars())
    assert not stored & tokens


@pytest.mark.parametrize("token", [None, "", "short", "x" * 43, "'; DROP TABLE answers; --" + "a" * 20, "ä" * 43])
def test_unknown_or_malformed_tokens_find_nobody(store, token):
    store.create_respondent("en")
    assert store.find(token) is None


def test_saving_the_same_answer_twice_leaves_one_row(store):
    token = store.create_respondent("en")
    store.save_answer(token, "P01", "A")
    store.save_answer(token, "P01", "A")
    assert _count(store, answers) == 1
    assert store.answers(token) == {"P01": "A"}


def test_changing_an_answer_replaces_it(store):
    token = store.create_respondent("en")
    store.save_answer(token, "P04", "A")
    store.save_answer(token, "P04", "B")
    assert store.answers(token) == {"P04": "B"} and _count(store, answers) == 1


def test_answers_belong_to_their_respondent_only(store):
    first, second = store.create_respondent("en"), store.create_respondent("da")
    store.save_answer(first, "P01", "A")
    store.save_answer(second, "P01", "B")
    assert store.answers(first) == {"P01": "A"} and store.answers(second) == {"P01": "B"}


@pytest.mark.parametrize("item_id,choice,message", [
    ("P31", "A", "unknown item 'P31'"), ("p01", "A", "unknown item 'p01'"),
    ("P01", "C", "item P01: answer must be 'A' or 'B'"), ("P01", "", "item P01: answer must be 'A' or 'B'"),
])
def test_tampered_answers_are_refused_and_nothing_is_written(store, item_id, choice, message):
    token = store.create_respondent("en")
    store.save_answer(token, "P02", "B")
    with pytest.raises(ValueError, match=message):
        store.save_answer(token, item_id, choice)
    assert store.answers(token) == {"P02": "B"}


def test_the_database_refuses_an_invalid_choice_even_without_the_store(store):
    token = store.create_respondent("en")
    respondent_id = store.find(token).id
    with pytest.raises(Exception):
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO answers (respondent_id, item_id, choice, answered_at) "
                              "VALUES (:r, 'P01', 'X', CURRENT_TIMESTAMP)"), {"r": respondent_id})
    assert store.answers(token) == {}


def test_answers_survive_a_server_restart(database_url):
    first = Store(database_url)
    token = first.create_respondent("nb")
    for item_id in INSTRUMENT.ids[:12]:
        first.save_answer(token, item_id, "B")
    first.engine.dispose()
    restarted = Store(database_url)
    assert restarted.answers(token) == {item_id: "B" for item_id in INSTRUMENT.ids[:12]}
    assert restarted.find(token).lang == "nb"
    restarted.engine.dispose()


def test_submission_stores_the_scores_and_locks_the_answers(store):
    token = store.create_respondent("en")
    given = answers_for_order(INSTRUMENT, ORDER)
    for item_id, choice in given.items():
        store.save_answer(token, item_id, choice)
    profile = score(INSTRUMENT, store.answers(token))
    store.finish(token, INSTRUMENT.version, profile.scores)
    result = store.result(token)
    assert [result.scores[m] for m in ORDER] == [12, 9, 6, 3, 0]
    assert result.instrument_version == INSTRUMENT.version and store.find(token).finished
    with pytest.raises(AlreadyFinished):
        store.save_answer(token, "P01", "B" if given["P01"] == "A" else "A")
    assert store.answers(token) == given


def test_finishing_twice_is_harmless(store):
    token = store.create_respondent("en")
    scores = {m: 6 for m in MODES}
    store.finish(token, INSTRUMENT.version, scores)
    store.finish(token, INSTRUMENT.version, {**scores, "competing": 7, "avoiding": 5})
    assert dict(store.result(token).scores) == scores


def test_concurrent_answers_from_two_tabs_all_arrive(store):
    token = store.create_respondent("en")
    errors = []

    def answer(ids, choice):
        try:
            for item_id in ids:
                store.save_answer(token, item_id, choice)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(INSTRUMENT.ids[:15], "A")),
               threading.Thread(target=answer, args=(INSTRUMENT.ids[15:], "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.answers(token)) == 30


def test_names_are_stored_cleaned_but_as_typed_and_language_can_change(store):
    token = store.create_respondent("en", "  <b>Ola</b>  Nordmann ")
    store.set_language(token, "nb")
    respondent = store.find(token)
    assert (respondent.name, respondent.lang) == ("<b>Ola</b> Nordmann", "nb")


def test_unknown_language_is_refused(store):
    with pytest.raises(ValueError, match="unknown language 'fi'"):
        store.create_respondent("fi")


def test_writes_with_an_unknown_token_are_refused(store):
    with pytest.raises(Refused) as refused:
        store.save_answer("A" * 43, "P01", "A")
    assert refused.value.code == "bad_link"
    assert _count(store, answers) == 0


def test_answers_of_an_unknown_token_are_empty(store):
    token = store.create_respondent("en")
    store.save_answer(token, "P01", "A")
    assert store.answers("B" * 43) == {} and store.answers("") == {}
