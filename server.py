"""The web server: the Streamlit app (app.py) plus two routes that keep a team lead signed in.

``make run`` starts it (``streamlit run server.py``, which serves it with uvicorn). The
routes exist because only an HTTP response can set a cookie that scripts cannot read:

- ``POST /api/session`` with ``{"handoff": code}`` trades the one-time code the page got at
  sign-in for the session token, set as an HttpOnly, SameSite=Strict cookie;
- ``POST /api/session/end`` ends the session named by that cookie and clears it.

and one that tells a page which server process answers it, ``GET /api/instance``: a random id
per process, so a page whose connection came back to another replica (or a restarted one)
knows to reload (views/browser.py). It says nothing else about the server.

Both accept only same-origin requests (a page of another site cannot sign a browser in or
out), never put the token in a body or an address, and answer nothing but a status.
"""
from __future__ import annotations

import gc
import os
import secrets

import streamlit as st
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from services import Store, Unavailable, accounts, database_url, open_store
from views.messages import on_script_error

_STORES: dict[str, Store] = {}
INSTANCE = secrets.token_hex(8)  # this process; a restarted or another replica has another


def _store() -> Store:
    url = database_url()
    if url not in _STORES:
        _STORES[url] = open_store(url)
    return _STORES[url]


def _same_origin(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    return bool(origin and host) and origin.split("://", 1)[-1] == host


def _secure(request: Request) -> bool:
    forced = os.environ.get("CSC_COOKIE_SECURE", "").strip().lower()
    if forced in ("true", "1", "yes"):
        return True
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def claim(request: Request) -> JSONResponse:
    if not _same_origin(request):
        return JSONResponse({"ok": False}, status_code=403)
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"ok": False}, status_code=400)
    handoff = body.get("handoff") if isinstance(body, dict) else None
    try:
        claimed = accounts.claim(_store(), handoff) if isinstance(handoff, str) else None
    except Unavailable:
        return JSONResponse({"ok": False}, status_code=503)
    if claimed is None:
        return JSONResponse({"ok": False}, status_code=400)
    token, expires_at = claimed
    response = JSONResponse({"ok": True})
    response.set_cookie(accounts.SESSION_COOKIE, token, expires=expires_at, path="/", httponly=True, samesite="strict",
                        secure=_secure(request))
    return response


async def end(request: Request) -> JSONResponse:
    if not _same_origin(request):
        return JSONResponse({"ok": False}, status_code=403)
    token = request.cookies.get(accounts.SESSION_COOKIE)
    if token:
        try:
            accounts.sign_out(_store(), None, token)
        except Unavailable:
            pass  # the cookie goes anyway; the session row ends with its expiry
    response = JSONResponse({"ok": True})
    response.delete_cookie(accounts.SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


async def instance(_request: Request) -> JSONResponse:
    return JSONResponse({"instance": INSTANCE}, headers={"Cache-Control": "no-store"})


routes = [Route("/api/session", claim, methods=["POST"]), Route("/api/session/end", end, methods=["POST"]),
          Route("/api/instance", instance, methods=["GET"])]

# Anything that fails before a page's own guard (a widget value of the wrong type sent over the
# websocket) is shown as a message in the user's language; config.toml hides error details.
app = st.App("app.py", routes=routes, on_script_error=on_script_error)

# What is imported by now (Streamlit, pandas, Plotly, the database layer, the content: some 160,000
# objects) lives as long as the process. Frozen, it is no longer walked by the collector, so the
# full collections Python still makes now and then under load walk only what sessions created,
# instead of holding every session up for ~50 ms each (bench/README.md, "Many agents at once").
gc.freeze()
