"""An organisation's installation, as compose.yaml builds it, on this machine without Docker: two
app processes on loopback sharing one PostgreSQL, behind Caddy (Debian's package) running
deploy/Caddyfile, with real Chromium going through the proxy.

What an operator needs to be true: an agent whose replica dies carries on on the other and loses
nothing; a lead sees results saved through either replica and stays signed in when one restarts;
a PostgreSQL restart while agents answer gives a message, not a crash loop, and nothing
half-written; the same Finish sent twice (two tabs, two replicas, one moment) makes one result.
"""
from __future__ import annotations

import pytest

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument
from services import accounts, teams

from .cluster import STICKY_COOKIE, Installation, Replica, healthy, healthy_db, unavailable_reason
from .conftest import ARTIFACTS, REQUIRE_BROWSER, settle

# One installation for the module, so its tests run in one test process (make test: --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.xdist_group("replicas")]

ORDER = ("compromising", "collaborating", "accommodating", "competing", "avoiding")
ANSWERS = list(answers_for_order(load_instrument(), ORDER).items())
SV = load_catalog("sv")
PASSWORD = "blue ferry lantern moss"


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    reason = unavailable_reason()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(reason)
        pytest.skip(reason)
    built = Installation(tmp_path_factory.mktemp("installation"))
    yield built
    built.close()


@pytest.fixture
def cluster(installation):
    installation.heal()
    return installation


def browser_on(browser, cluster, replica: Replica | None = None, **options):
    """A browser whose sticky cookie leads to ``replica`` (any replica when None)."""
    context = browser.new_context(**{"locale": "sv-SE", "viewport": {"width": 1280, "height": 900}, **options})
    if replica is not None:
        context.add_cookies([{"name": STICKY_COOKIE, "value": cluster.proxy.cookie_for(replica),
                              "url": cluster.proxy.url}])
    return context


def serving(page, cluster) -> Replica:
    """The replica behind this page now (asked through the proxy, with the page's own cookies)."""
    instance = page.evaluate("() => fetch('/api/instance').then(r => r.json()).then(b => b.instance)")
    return next(r for r in cluster.replicas if r.instance == instance)


def choose(page, number: int) -> None:
    item_id, choice = ANSWERS[number - 1]
    page.locator(f".st-key-choice-{item_id}-{choice} button").click()
    if number < len(ANSWERS):
        page.get_by_role("heading", name=SV("questionnaire.heading", number=number + 1, total=30)).wait_for()
    else:
        page.get_by_text(SV("questionnaire.answered", answered=30, total=30)).wait_for()


def start(page, url: str, name: str | None = None, share_with: str | None = None) -> str:
    page.goto(url)
    page.get_by_role("heading", name=SV("welcome.title")).wait_for()
    if share_with:
        page.get_by_text(SV("team.share_label", lead=share_with)).click()
        settle(page)
    if name:
        page.locator(".st-key-name input").fill(name)
        page.locator(".st-key-name input").press("Enter")
        settle(page)
    page.locator(".st-key-start button").click()
    page.get_by_role("heading", name=SV("questionnaire.heading", number=1, total=30)).wait_for()
    return page.evaluate("() => new URLSearchParams(location.search).get('r')")


def test_an_agent_whose_replica_dies_resumes_on_the_other_and_loses_nothing(cluster, browser):
    context = browser_on(browser, cluster, cluster.replicas[0], viewport={"width": 390, "height": 844})
    page = context.new_page()
    token = start(page, cluster.proxy.url)
    for number in range(1, 11):
        choose(page, number)
    first = serving(page, cluster)
    assert first is cluster.replicas[0]
    assert cluster.stored(token) == (10, 0)

    # SIGKILL, no goodbye to the browser. The page notices that another process answers now and
    # reloads on its own (Streamlit alone would keep the old screen, whose first click is lost) ...
    with page.expect_event("load"):
        first.kill()
    # ... landing on the first unanswered question.
    page.get_by_role("heading", name=SV("questionnaire.heading", number=11, total=30)).wait_for()
    page.get_by_text(SV("questionnaire.answered", answered=10, total=30)).wait_for()
    assert serving(page, cluster) is cluster.replicas[1]
    for number in range(11, 31):
        choose(page, number)
    page.locator(".st-key-finish button").click()
    page.get_by_role("heading", name=SV("results.title")).wait_for()
    assert cluster.stored(token) == (30, 1)

    # The replica comes back; the browser stays where its session now lives (Caddy re-issued its cookie).
    first.start()
    page.reload()
    page.get_by_role("heading", name=SV("results.title")).wait_for()
    assert serving(page, cluster) is cluster.replicas[1]
    context.close()


def _sign_in(page, url: str) -> None:
    page.goto(f"{url}/lead")
    page.get_by_role("heading", name=SV("lead.title")).wait_for()
    page.locator(".st-key-signin-email input").fill("karin@example.se")
    page.locator(".st-key-signin-password input").fill(PASSWORD)
    page.locator(".st-key-sign-in button").click()
    page.get_by_text(SV("lead.signed_in_as", name="Karin Berg")).wait_for()


def test_a_lead_sees_results_saved_through_either_replica_and_stays_signed_in(cluster, browser):
    lead = accounts.create_lead(cluster.store, "Karin Berg", "karin@example.se", PASSWORD)
    team = teams.create_team(cluster.store, lead.id, "Kundtjänst Luleå")
    invite = f"{cluster.proxy.url}/?join={team.latest.invite_code}"

    for number, replica in enumerate(cluster.replicas, start=1):
        context = browser_on(browser, cluster, replica)
        page = context.new_page()
        token = start(page, invite, name=f"Agent via app{number}", share_with="Karin Berg")
        for question in range(1, 31):
            choose(page, question)
        page.locator(".st-key-finish button").click()
        page.get_by_role("heading", name=SV("results.title")).wait_for()
        assert serving(page, cluster) is replica
        assert cluster.stored(token) == (30, 1)
        context.close()

    context = browser_on(browser, cluster, cluster.replicas[0])
    page = context.new_page()
    _sign_in(page, cluster.proxy.url)
    assert serving(page, cluster) is cluster.replicas[0]
    exported = _export(page)
    assert "Agent via app1" in exported and "Agent via app2" in exported

    # The replica restarts (an upgrade, say): the lead reloads and is still signed in.
    cluster.replicas[0].stop()
    cluster.replicas[0].start()
    page.reload()
    page.get_by_text(SV("lead.signed_in_as", name="Karin Berg")).wait_for()
    assert "Agent via app2" in _export(page)

    # It dies outright: the page follows to the other replica by itself, still signed in.
    with page.expect_event("load"):
        serving(page, cluster).kill()
    page.get_by_text(SV("lead.signed_in_as", name="Karin Berg")).wait_for()
    assert "Agent via app1" in _export(page)
    context.close()


def _export(page) -> str:
    with page.expect_download() as download:
        page.locator(".st-key-export-csv button").click()
    return open(download.value.path(), "rb").read().decode("utf-8-sig")


def test_a_postgres_restart_while_agents_answer_gives_a_message_and_heals(cluster, browser):
    context = browser_on(browser, cluster)
    page = context.new_page()
    token = start(page, cluster.proxy.url)
    for number in range(1, 6):
        choose(page, number)
    pids = [replica.pid for replica in cluster.replicas]

    cluster.postgres.stop()
    item_id, choice = ANSWERS[5]
    page.locator(f".st-key-choice-{item_id}-{choice} button").click()
    # The answer was not saved and the page says why, in Swedish, with a way to try again.
    page.get_by_text(SV("errors.save_failed")).first.wait_for()
    page.get_by_text(SV("errors.unavailable")).first.wait_for()
    page.get_by_role("button", name=SV("errors.retry")).wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "replicas-postgres-down-sv.png"), full_page=True)
    assert not healthy_db(cluster.database_url)  # the database really is down
    # No crash loop: the same processes, still answering their health checks and the proxy.
    assert [replica.pid for replica in cluster.replicas] == pids
    assert all(replica.alive() and healthy(replica.url) for replica in cluster.replicas)
    assert healthy(cluster.proxy.url)
    # A page opened during the outage says so too, instead of failing.
    other = context.new_page()
    other.goto(f"{cluster.proxy.url}/?r={token}")
    other.get_by_text(SV("errors.unavailable")).first.wait_for()

    cluster.postgres.start()
    # Recovery on its own: both pages find the database again without anyone clicking, and
    # come back on the question the agent was on.
    for waiting in (page, other):
        waiting.get_by_role("heading", name=SV("questionnaire.heading", number=6, total=30)).wait_for()
    assert cluster.stored(token) == (5, 0)  # the refused answer left nothing half-written
    page.locator(f".st-key-choice-{item_id}-{choice} button").click()
    page.get_by_role("heading", name=SV("questionnaire.heading", number=7, total=30)).wait_for()
    assert cluster.stored(token) == (6, 0)  # the refused answer was not half-written; then it was saved
    for number in range(7, 31):
        choose(page, number)
    page.locator(".st-key-finish button").click()
    page.get_by_role("heading", name=SV("results.title")).wait_for()
    assert cluster.stored(token) == (30, 1)
    assert [replica.pid for replica in cluster.replicas] == pids
    context.close()


def test_the_same_finish_sent_through_both_replicas_at_once_makes_one_result(cluster, browser):
    contexts = [browser_on(browser, cluster, replica) for replica in cluster.replicas]
    first = contexts[0].new_page()
    token = start(first, cluster.proxy.url)
    for number in range(1, 31):
        choose(first, number)
    second = contexts[1].new_page()  # the same resume link in a second browser, on the other replica
    second.goto(f"{cluster.proxy.url}/?r={token}")
    second.get_by_text(SV("questionnaire.answered", answered=30, total=30)).wait_for()
    assert {serving(first, cluster), serving(second, cluster)} == set(cluster.replicas)

    # Both press Finish at once (a double submission across two processes): neither click waits
    # for its page to finish before the other is sent.
    buttons = [page.locator(".st-key-finish button") for page in (first, second)]
    for button in buttons:
        button.wait_for()
    for button in buttons:
        button.click(no_wait_after=True)
    for page in (first, second):
        page.get_by_role("heading", name=SV("results.title")).wait_for()
    assert cluster.stored(token) == (30, 1)
    for context in contexts:
        context.close()


def test_the_proxy_issues_a_signed_sticky_cookie_and_refuses_a_forged_one_by_rerouting(cluster):
    """A browser cannot choose its replica: a made-up cookie is not a replica's, so Caddy picks
    one itself and hands out a proper cookie."""
    replica, cookie = cluster.proxy.replica_for(None)
    assert cookie and len(cookie) == 64  # an HMAC-SHA256 of the replica's address, in hex
    assert cluster.proxy.replica_for(cookie) == (replica, cookie)
    forged = "0" * 64
    rerouted, reissued = cluster.proxy.replica_for(forged)
    assert reissued != forged and len(reissued) == 64
    assert cluster.proxy.replica_for(reissued) == (rerouted, reissued)  # and the new one holds
