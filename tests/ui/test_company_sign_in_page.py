"""The lead's page with company sign-in (OpenID Connect), in AppTest: what it offers when the
operator configured it and when not, what a person coming back from the provider sees, and
sign-out. ``at.user`` stands for what Streamlit's st.user holds after its callback checked the
ID token; the real protocol runs in tests/e2e/test_oidc.py."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from questionnaire import load_catalog
from services import accounts
from storage import Store
from storage.schema import lead_identities, lead_sessions, leads
from views import company_sign_in

LEAD_PAGE = """
from views import lead, session
session.init_language()
lead.render()
"""
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a-long-random-secret-for-tests",
        "client_id": "csc-app", "client_secret": "s3cret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
PASSWORD = "blue ferry lantern moss"


def _claims(minutes_ago: float = 0, **changes) -> dict:
    now = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    claims = {"is_logged_in": True, "iss": "https://login.example.se", "sub": "anna-1", "aud": ["csc-app"],
              "iat": int(now.timestamp()), "exp": int(now.timestamp()) + 3600, "email": "anna@example.se",
              "email_verified": True, "name": "Anna Lind", "provider": "default"}
    claims.update(changes)
    return claims


@pytest.fixture
def page(db_url):
    def _open(lang="en", *, auth=AUTH, user=None, back=None) -> AppTest:
        at = AppTest.from_string(LEAD_PAGE, default_timeout=30)
        at.query_params["lang"] = lang
        if auth is not None:
            at.secrets["auth"] = auth
        at.user = user if user is not None else {"is_logged_in": False}
        if back:
            at.session_state[company_sign_in.RETURN] = back
        return at.run()
    return _open


def _count(db_url, table) -> int:
    store = Store(db_url)
    try:
        with store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()
    finally:
        store.engine.dispose()


def _texts(at: AppTest) -> str:
    return "\n".join(e.value for kind in (at.error, at.success, at.caption, at.markdown) for e in kind)


def _keys(at: AppTest) -> set:
    return {widget.key for kind in (at.button, at.text_input) for widget in kind}


def test_without_company_sign_in_the_page_is_as_before(page):
    at = page(auth=None, user={})
    assert not at.exception
    assert company_sign_in.BUTTON not in _keys(at)
    assert {"sign-in", "signin-email", "signin-password", "sign-up"} <= _keys(at)


@pytest.mark.parametrize("lang,name,label", [
    ("en", "Contoso ID", "Sign in with Contoso ID"),
    ("sv", None, "Logga in med ditt jobbkonto"),
])
def test_configured_it_offers_the_providers_button_above_the_password_form(page, monkeypatch, lang, name, label):
    if name:
        monkeypatch.setenv("CSC_OIDC_NAME", name)
    at = page(lang)
    assert not at.exception
    assert at.button(key=company_sign_in.BUTTON).label == label
    assert at.button(key=company_sign_in.BUTTON).proto.type == "primary"
    t = load_catalog(lang)
    assert t.t("oidc.first_time") in _texts(at) and t.t("oidc.or_password") in _texts(at)
    assert {"sign-in", "signin-password", "sign-up"} <= _keys(at)  # passwords stay by default


def test_with_local_passwords_off_only_the_provider_signs_in(page, monkeypatch):
    monkeypatch.setenv("CSC_LOCAL_PASSWORDS", "false")
    at = page()
    assert company_sign_in.BUTTON in _keys(at)
    assert not {"sign-in", "signin-email", "signin-password", "sign-up"} & _keys(at)


def test_a_half_configured_provider_shows_nothing_new(page):
    at = page(auth={key: value for key, value in AUTH.items() if key != "server_metadata_url"})
    assert not at.exception and company_sign_in.BUTTON not in _keys(at)


def test_a_named_provider_section_is_found(page):
    at = page(auth={"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
                    "microsoft": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}})
    assert company_sign_in.BUTTON in _keys(at)


@pytest.mark.parametrize("lang", ["en", "da"])
def test_back_from_the_provider_a_new_lead_is_signed_in(page, db_url, lang):
    at = page(lang, user=_claims(name="**Boss** <i>Anna</i>"), back="in")
    assert not at.exception and not at.error
    t = load_catalog(lang)
    assert t.t("lead.signed_in_as", name=r"\*\*Boss\*\* \<i\>Anna\</i\>") in _texts(at)  # as typed, no bold
    assert "sign-out" in _keys(at) and company_sign_in.BUTTON not in _keys(at)
    lead = Store(db_url).accounts.identity_lead("https://login.example.se", "anna-1")
    assert (lead.name, lead.email, lead.role) == ("**Boss** <i>Anna</i>", "anna@example.se", "lead")


@pytest.mark.parametrize("lang,start", [
    ("en", "Signing in with your work account did not work"),
    ("sv", "Inloggningen med ditt jobbkonto gick inte igenom"),
])
def test_a_sign_in_that_failed_at_the_callback_says_so_and_creates_nothing(page, db_url, lang, start):
    """Streamlit's callback refused the token (a wrong audience, say): the person comes back
    signed out, and the page says so in their language."""
    at = page(lang, back="in")
    assert [e.value for e in at.error] == [load_catalog(lang).t("oidc.error_failed",
                                                                provider=load_catalog(lang).t("oidc.generic_name"))]
    assert at.error[0].value.startswith(start)
    assert company_sign_in.BUTTON in _keys(at) and _count(db_url, leads) == 0


def test_a_wrong_audience_that_got_past_the_callback_is_refused_here(page, db_url):
    at = page(user=_claims(aud="another-app", azp="csc-app"), back="in")
    assert [e.value for e in at.error] == [load_catalog("en").t("oidc.error_wrong_audience",
                                                                provider="your work account")]
    assert "sign-out" not in _keys(at) and _count(db_url, leads) == 0 and _count(db_url, lead_sessions) == 0


def test_an_unverified_address_of_an_existing_account_is_refused_with_the_address_as_typed(page, db_url):
    store = Store(db_url)
    accounts.create_lead(store, "Anna", "anna_b@example.se", PASSWORD)
    at = page("nb", user=_claims(email="anna_b@example.se", email_verified=False), back="in")
    assert len(at.error) == 1 and r"anna\_b@" in at.error[0].value and "Logg inn med passordet ditt" in at.error[0].value
    assert _count(db_url, lead_identities) == 0 and _count(db_url, lead_sessions) == 0
    assert {"sign-in", "signin-password"} <= _keys(at)


def test_an_old_sign_in_in_streamlits_cookie_signs_nobody_in_and_says_nothing(page, db_url):
    at = page(user=_claims(minutes_ago=90))
    assert not at.error and company_sign_in.BUTTON in _keys(at) and _count(db_url, leads) == 0


def test_signing_out_ends_our_session_and_the_providers(page, db_url):
    at = page(user=_claims(), back="in")
    assert _count(db_url, lead_sessions) == 1
    at.button(key="sign-out").click().run()
    assert not at.exception
    assert at.user == {"is_logged_in": False}  # st.logout() was called
    assert _count(db_url, lead_sessions) == 0
    assert "sign-out" not in _keys(at) and company_sign_in.BUTTON in _keys(at)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_back_from_signing_out_at_the_provider_the_page_says_so(page, lang):
    at = page(lang, back="out")
    assert [e.value for e in at.success] == [load_catalog(lang).t("lead.signed_out")]
    assert company_sign_in.BUTTON in _keys(at)
