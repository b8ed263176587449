"""server.py's two routes, which hand a lead's session to the browser as an HttpOnly cookie
and take it back (against SQLite and PostgreSQL, with Starlette's test client)."""
from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import server
from services import accounts

PASSWORD = "blue ferry lantern moss"
SAME_ORIGIN = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}


@pytest.fixture
def client(store, database_url, monkeypatch):
    monkeypatch.setenv("CSC_DATABASE_URL", database_url)
    monkeypatch.setattr(server, "_STORES", {database_url: store})
    with TestClient(Starlette(routes=server.routes)) as client:
        yield client


@pytest.fixture
def signed(store):
    store.accounts.create_lead("Anna Lind", "anna@example.se", PASSWORD)
    return accounts.sign_in(store, "anna@example.se", PASSWORD)


def test_the_hand_over_code_becomes_an_httponly_strict_cookie_once(client, store, signed):
    response = client.post("/api/session", json={"handoff": signed.handoff}, headers=SAME_ORIGIN)
    assert response.status_code == 200 and response.json() == {"ok": True}
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{accounts.SESSION_COOKIE}=")
    lowered = cookie.lower()
    assert "httponly" in lowered and "samesite=strict" in lowered and "path=/" in lowered and "expires=" in lowered
    token = cookie.split(";")[0].split("=", 1)[1]
    assert token not in response.text  # only in the cookie, never in the body
    assert accounts.current_session(store, None, token).lead.name == "Anna Lind"
    again = client.post("/api/session", json={"handoff": signed.handoff}, headers=SAME_ORIGIN)
    assert again.status_code == 400 and "set-cookie" not in again.headers


@pytest.mark.parametrize("headers", [
    {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {"origin": "https://evil.example"},
    {},
])
def test_another_site_cannot_sign_a_browser_in(client, signed, headers):
    response = client.post("/api/session", json={"handoff": signed.handoff}, headers=headers)
    assert response.status_code == 403 and "set-cookie" not in response.headers


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"handoff": 5}', b'{"handoff": "x"}', b"{}"])
def test_a_bad_request_gets_a_plain_refusal(client, body):
    response = client.post("/api/session", content=body, headers={**SAME_ORIGIN, "content-type": "application/json"})
    assert response.status_code == 400 and response.json() == {"ok": False}


def test_ending_the_session_clears_the_cookie_and_the_session(client, store, signed):
    response = client.post("/api/session", json={"handoff": signed.handoff}, headers=SAME_ORIGIN)
    token = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    ended = client.post("/api/session/end", headers=SAME_ORIGIN)
    assert ended.status_code == 200
    cleared = ended.headers["set-cookie"].lower()
    assert cleared.startswith(f"{accounts.SESSION_COOKIE}=") and ("max-age=0" in cleared or "expires=" in cleared)
    assert accounts.current_session(store, None, token) is None


def test_the_cookie_is_secure_behind_https(client, signed, monkeypatch):
    monkeypatch.setenv("CSC_COOKIE_SECURE", "true")
    response = client.post("/api/session", json={"handoff": signed.handoff}, headers=SAME_ORIGIN)
    assert "secure" in response.headers["set-cookie"].lower()


def test_a_get_does_nothing(client, signed):
    assert client.get(f"/api/session?handoff={signed.handoff}").status_code == 405


def test_the_instance_route_names_this_process_only(client):
    """A page compares it before and after its connection comes back (views/browser.py): the same
    id every time from one process, never cached, and nothing else about the server."""
    first, second = client.get("/api/instance"), client.get("/api/instance")
    assert first.status_code == 200 and first.json() == second.json() == {"instance": server.INSTANCE}
    assert len(server.INSTANCE) == 16 and int(server.INSTANCE, 16) >= 0
    assert first.headers["cache-control"] == "no-store"
    assert "set-cookie" not in first.headers
