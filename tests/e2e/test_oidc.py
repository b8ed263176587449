"""Company sign-in end to end: the app as `make run` serves it, configured like an operator would
(a secrets file outside the repository, named by STREAMLIT_SECRETS_FILES), against a real
OpenID Connect provider started in the test (oidc-provider-mock, on this machine), in Chromium.

The provider signs in whoever the tester picks on its page; its users' claims go into the ID
tokens it issues, so a user whose claims carry another ``aud`` gets an ID token addressed to
another application: the "wrong audience" cases are the provider's own tokens, checked by the
app as any token (nothing in the app knows it is a test)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from questionnaire import load_catalog
from storage import Store
from storage.schema import lead_identities, lead_sessions, leads

from .conftest import ARTIFACTS, WAIT_MS, _free_port, _serve, settle
from .test_accessibility import Look
from .test_accessibility import _inspect as inspect_page

pytestmark = pytest.mark.browser

CLIENT = "csc-app"
PROVIDER_NAME = "Contoso ID"
USERS = {
    # A colleague the organisation knows; her name is user text (shown as typed, never as HTML).
    "anna": {"email": "Anna.Lind@example.se", "email_verified": True, "name": "Anna <b>Lind</b>"},
    # ID tokens for another application: Authlib (in Streamlit's callback) refuses the first,
    # which names no authorised party; the second names us as ``azp``, which Authlib accepts and
    # the app must refuse itself.
    "eve": {"email": "eve@example.se", "email_verified": True, "name": "Eve", "aud": "another-app"},
    "mallory": {"email": "mallory@example.se", "email_verified": True, "name": "Mallory", "aud": "another-app",
                "azp": CLIENT},
}


@pytest.fixture
def provider():
    pytest.importorskip("oidc_provider_mock")
    from oidc_provider_mock import User, run_server_in_thread

    with run_server_in_thread(user_claims=[User(sub=sub, claims=claims) for sub, claims in USERS.items()]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc_app(tmp_path, provider):
    """server.py with company sign-in configured: (its address, the database's URL)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    secrets = tmp_path / "secrets" / "secrets.toml"  # outside the repository, as an operator keeps it
    secrets.parent.mkdir()
    secrets.write_text(f'''[auth]
redirect_uri = "{url}/oauth2callback"
cookie_secret = "e2e-cookie-secret-0123456789abcdef0123456789"
client_id = "{CLIENT}"
client_secret = "e2e-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
''')
    database = f"sqlite:///{tmp_path / 'oidc.db'}"
    for served in _serve(tmp_path, database, port=port,
                         env={"STREAMLIT_SECRETS_FILES": str(secrets), "CSC_OIDC_NAME": PROVIDER_NAME}):
        yield served, database


def _count(database, table, **where) -> int:
    store = Store(database)
    try:
        query = select(func.count()).select_from(table)
        for column, value in where.items():
            query = query.where(table.c[column] == value)
        with store.engine.connect() as conn:
            return conn.execute(query).scalar_one()
    finally:
        store.engine.dispose()


def _context(browser, locale="en-GB"):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    # The provider's pages load a stylesheet from a CDN; this machine is offline.
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    return context


def _wait_for_cookie(page, name, present=True):
    for _ in range(WAIT_MS // 100):
        if (name in {c["name"] for c in page.context.cookies()}) == present:
            return
        page.wait_for_timeout(100)
    pytest.fail(f"the browser never {'got' if present else 'dropped'} the cookie {name}")


def _sign_in_at_provider(page, url, t, user):
    """From the lead's page: the button, the provider's page (pick ``user``), and back."""
    page.get_by_role("button", name=t("oidc.sign_in", provider=PROVIDER_NAME)).click()
    page.get_by_role("button", name=user, exact=True).click()  # the provider's page: "Authenticate" as user
    page.wait_for_url(f"{url}/lead**")  # back at the app, and on to the lead's page
    settle(page)
    _wait_for_cookie(page, "csc_signin", present=False)  # the page dropped its note that a sign-in was under way


def test_a_lead_signs_in_with_the_provider_is_created_once_and_signs_out_of_both(oidc_app, browser):
    url, database = oidc_app
    t = load_catalog("en")
    page = _context(browser).new_page()
    page.goto(f"{url}/lead")
    settle(page)
    # Local passwords stay (the default): the provider's button, then the password form.
    page.get_by_role("tab", name=t("lead.sign_in")).wait_for()
    problems: list[str] = []  # the page with the button meets WCAG AA like every other (axe)
    inspect_page(page, Look("en", 1280, 900, "light"), "lead-company-sign-in", problems)
    assert problems == []

    _sign_in_at_provider(page, url, t, "anna")
    signed_in = page.get_by_text(t("lead.signed_in_as", name="Anna <b>Lind</b>"))
    signed_in.wait_for()
    assert page.locator("b", has_text="Lind").count() == 0  # the name as typed, not as HTML
    page.get_by_text(t("lead.create_team")).first.wait_for()  # the lead's own page, as after a password
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "oidc-signed-in.png"))
    # A new lead, with the provider's identity and no usable password.
    assert _count(database, leads, email="anna.lind@example.se", role="lead") == 1
    assert _count(database, lead_identities, subject="anna") == 1
    assert _count(database, lead_sessions) == 1

    # A reload keeps her signed in (our HttpOnly cookie, which the browser fetches just after
    # signing in: a reload before it would find the provider's sign-in spent), with no second session.
    _wait_for_cookie(page, "csc_session")
    page.reload()
    settle(page)
    signed_in.wait_for()
    assert _count(database, lead_sessions) == 1

    # Sign out: our session ends, then Streamlit's sign-in and the provider's session (its page
    # asks to confirm), and the browser comes back to the lead's page, signed out.
    page.locator(".st-key-sign-out button").click()
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{url}/lead**")
    settle(page)
    _wait_for_cookie(page, "csc_signin", present=False)
    page.get_by_text(t("lead.signed_out")).first.wait_for()
    assert _count(database, lead_sessions) == 0
    assert "_streamlit_user" not in {c["name"] for c in page.context.cookies()}
    # A reload does not sign her back in: whoever sits down at this browser next must sign in.
    page.reload()
    settle(page)
    page.get_by_role("button", name=t("oidc.sign_in", provider=PROVIDER_NAME)).wait_for()
    assert signed_in.count() == 0

    # Signing in again finds the same account: one lead, one identity.
    _sign_in_at_provider(page, url, t, "anna")
    signed_in.wait_for()
    assert _count(database, leads) == 1 and _count(database, lead_identities) == 1


def test_an_id_token_for_another_application_is_refused_and_creates_no_lead(oidc_app, browser):
    url, database = oidc_app
    page = _context(browser).new_page()

    # Refused by Streamlit's callback (Authlib): the person is back, told, in English.
    t = load_catalog("en")
    page.goto(f"{url}/lead")
    settle(page)
    _sign_in_at_provider(page, url, t, "eve")
    page.get_by_text(t("oidc.error_failed", provider=PROVIDER_NAME)).wait_for()

    # Accepted by Authlib (it names us as authorised party), refused by the app's own check of
    # ``aud``; the person left in Swedish and comes back to Swedish.
    t = load_catalog("sv")
    page.goto(f"{url}/lead?lang=sv")
    settle(page)
    _sign_in_at_provider(page, url, t, "mallory")
    page.get_by_text(t("oidc.error_wrong_audience", provider=PROVIDER_NAME)).wait_for()
    page.screenshot(path=str(ARTIFACTS / "oidc-wrong-audience-sv.png"))

    assert page.locator(".st-key-sign-out").count() == 0
    assert _count(database, leads) == 0 and _count(database, lead_identities) == 0
    assert _count(database, lead_sessions) == 0
