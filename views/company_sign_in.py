"""Company sign-in with OpenID Connect, through Streamlit's own ``st.login`` and ``st.user``.

Streamlit does the protocol: ``st.login`` sends the browser to the provider, its
``/oauth2callback`` checks the ID token (Authlib) and keeps the claims in a signed cookie that
``st.user`` reads, and ``st.logout`` clears it (and ends the provider's session where it can).
This module turns that into our own lead session (services.accounts.sign_in_with_provider), so
everything after signing in is as with a password.

What Streamlit does not do: its callback always lands on the app's first page, in a new
session, and says nothing when the sign-in failed (a refused token, a wrong audience, a
cancelled sign-in: the person is simply not signed in). So the moment a person leaves for the
provider, a click handler in their browser sets a short-lived cookie, ``csc_signin``, that says
what they went to do and in which language ("in-sv", "out-da"). Coming back, the app reads it
once, goes on to the lead's page in that language and tells them how it went; the page then
clears the cookie. It carries no secret: it only says that a sign-in was started.

Configured by the operator in Streamlit's secrets (``[auth]``, see the README) plus
CSC_OIDC_PROVIDER, CSC_OIDC_NAME and CSC_LOCAL_PASSWORDS; without an ``[auth]`` section nothing
here shows.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from questionnaire import LANGUAGES
from services import accounts

from . import messages, session
from .text import plain

log = logging.getLogger(__name__)

MARK = "csc_signin"  # the browser's cookie: "in-<lang>" or "out-<lang>" while at the provider
MARK_MINUTES = 10  # how long it waits for the person to come back
RETURN = "provider_return"  # session key: "in" or "out", what the person came back from (once)
READ = "provider_mark_read"  # session key: this session has read the cookie (st.context keeps its first value)
SHOWN = "provider_denial_shown"  # session key: a refusal already shown in this session
BUTTON = "oidc-sign-in"  # widget key of the "Sign in with ..." button
SIGN_OUT_BUTTONS = ("sign-out", "sign-out-everywhere")  # the lead page's sign-out buttons

# Sets the cookie when one of the named buttons is clicked (by mouse, touch or keyboard: all
# make a click), before Streamlit's own handler sends the click to the server; with ``clear``
# removes it. Nothing in it looks like a tag (the sanitizer of st.html would drop the script).
_SCRIPT = """
(function (spec) {
  window.cscSignInSpec = spec;
  if (!window.cscSignInWatching) {
    window.cscSignInWatching = true;
    document.addEventListener("click", function (event) {
      var now = window.cscSignInSpec, target = event.target;
      if (!now || !target || !target.closest) { return; }
      Object.keys(now.buttons).forEach(function (key) {
        if (target.closest(".st-key-" + key + " button")) {
          document.cookie = now.name + "=" + now.buttons[key] + "-" + now.lang + "; path=/; max-age=" +
            now.seconds + "; samesite=lax";
        }
      });
    }, true);
  }
  if (spec.clear) { document.cookie = spec.name + "=; path=/; max-age=0; samesite=lax"; }
})
"""


@dataclass(frozen=True)
class Provider:
    key: str  # the name st.login takes: "default", or <name> of an [auth.<name>] section
    client_id: str  # ours at the provider: an ID token must be addressed to it
    name: str | None  # what the button calls it (CSC_OIDC_NAME); None: "your organisation's account"


def provider() -> Provider | None:
    """The provider leads sign in with, or None when company sign-in is not configured (then
    the lead's page is as it always was)."""
    try:
        auth = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file at all
        return None
    if not isinstance(auth, Mapping):
        return None
    chosen, name = accounts.provider_setting()
    sections = {key: value for key, value in auth.items() if isinstance(value, Mapping) and "client_id" in value}
    if chosen is None:
        chosen = "default" if auth.get("client_id") or "default" in sections else \
            next(iter(sections)) if len(sections) == 1 else None
    # Streamlit's own rules: a [auth.default] section wins over the keys of [auth] itself.
    section = sections.get(chosen) if chosen in sections else auth if chosen == "default" else None
    required = ("client_id", "client_secret", "server_metadata_url")
    if (chosen is None or "_" in chosen or section is None or not auth.get("redirect_uri")
            or not auth.get("cookie_secret") or not all(section.get(key) for key in required)):
        _warn_once(f"the [auth] secrets do not configure the provider {chosen or '(none chosen)'}; "
                   "company sign-in is off")
        return None
    return Provider(chosen, str(section["client_id"]), name)


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning(message)


def _name(chosen: Provider) -> str:
    """The provider's name for a text (the operator's, shown as written)."""
    return plain(chosen.name) if chosen.name else session.catalog().t("oidc.generic_name")


def signed_in_there() -> bool:
    """Whether Streamlit holds a provider sign-in for this session (st.user)."""
    return bool(st.user.get("is_logged_in"))


def came_back(lead_page) -> None:
    """Back from the provider (app.py, before any page): once per session, on to the lead's
    page in the language the person left in. Streamlit's callback always lands on the app's
    first page."""
    if st.session_state.get(READ):
        return
    st.session_state[READ] = True
    value = st.context.cookies.get(MARK)
    what, _, lang = value.partition("-") if isinstance(value, str) else ("", "", "")
    if what not in ("in", "out"):
        return
    st.session_state[RETURN] = what
    if lang in LANGUAGES:
        st.session_state[session.LANG] = lang
    st.switch_page(lead_page)


def _script(clear: bool, sign_out: bool) -> None:
    spec = {"name": MARK, "lang": session.lang(), "seconds": MARK_MINUTES * 60, "clear": clear,
            "buttons": {BUTTON: "in", **({key: "out" for key in SIGN_OUT_BUTTONS} if sign_out else {})}}
    st.html("<script>" + _SCRIPT + "(" + json.dumps(spec) + ");</script>", unsafe_allow_javascript=True,
            width="content")


def arrive(chosen: Provider | None) -> str | None:
    """On the lead's page, first thing: what the person came back from ("in", "out" or None),
    once; and the click handler for the buttons that leave for the provider."""
    back = st.session_state.pop(RETURN, None)
    if chosen is not None or back:
        _script(clear=back is not None, sign_out=chosen is not None and signed_in_there())
    return back


def sign_in(chosen: Provider, attempted: bool) -> accounts.SignedIn | None:
    """Our session for the person Streamlit has signed in with the provider, or None (with a
    message in the user's language when a sign-in they started did not succeed)."""
    if not signed_in_there():
        if attempted:  # Streamlit's callback failed: refused token, wrong audience, cancelled, unreachable
            _denied(chosen, "failed", {})
        return None
    try:
        return accounts.sign_in_with_provider(session.store(), dict(st.user), chosen.client_id)
    except accounts.ProviderDenied as denied:
        log.info("company sign-in refused: %s", denied.code)
        # An old sign-in still in Streamlit's cookie (our session ended, or was signed out
        # elsewhere) is no sign-in: the button is there. A refusal is said once per session.
        if attempted or (denied.code != "stale" and not st.session_state.get(SHOWN)):
            _denied(chosen, denied.code, denied.values)
        return None


def _denied(chosen: Provider, code: str, values: dict) -> None:
    st.session_state[SHOWN] = True
    text = session.catalog().t(f"oidc.error_{code}", provider=_name(chosen),
                               **{key: plain(str(value)) for key, value in values.items()})
    st.error(text, icon=":material/error:")


@messages.guarded
def _start(chosen: Provider) -> None:
    st.login(chosen.key)  # the browser leaves for the provider


def offer(chosen: Provider) -> None:
    """The "Sign in with ..." button, and what it does the first time."""
    t = session.catalog()
    st.button(t("oidc.sign_in", provider=_name(chosen)), key=BUTTON, type="primary", on_click=_start,
              args=(chosen,), icon=":material/badge:")
    if accounts.signup_open():
        st.caption(t("oidc.first_time"))


def sign_out() -> None:
    """End the provider's sign-in too (st.logout: Streamlit's cookie, then the provider's
    session where it offers one); the browser comes back to the lead's page."""
    if signed_in_there():
        st.logout()
