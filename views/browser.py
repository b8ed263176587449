"""What a page asks the browser itself to do: store a lead's session in its cookie jar after
signing in, drop it after signing out, and reload when its server process has changed.

The first two are a same-origin POST to server.py's routes, whose responses set or clear the
HttpOnly cookie. The script carries only the one-time hand-over code (useless once used,
or after a minute); the session token itself is never in a page, a script or an address.
"""
from __future__ import annotations

import json

import streamlit as st

CLAIM_PATH = "/api/session"
END_PATH = "/api/session/end"
INSTANCE_PATH = "/api/instance"

# When the connection comes back after a replica died (or restarted), Streamlit's page keeps
# showing the old screen on a server process that has never run it: that process knows none of
# the page's buttons, so the first click after the failover would do nothing. The page reloads
# instead, once, when the process answering is not the one that served it; the address keeps
# the resume link, so the agent lands on the first unanswered question and a lead stays signed
# in (the session is in the database). A reconnection to the same process changes nothing.
# (No "<" in it: st.html's sanitizer drops a script with anything tag-like.)
_FOLLOW = """(function () {
  if (window.cscFollowsReplica) { return; }
  window.cscFollowsReplica = true;
  var path = %s;
  function instance() {
    return fetch(path, {credentials: 'same-origin', cache: 'no-store'})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { return body ? body.instance : null; })
      .catch(function () { return null; });
  }
  var served = null;
  instance().then(function (id) { served = id; });
  var Native = window.WebSocket;
  function Watched(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).indexOf('/_stcore/stream') !== -1) {
      socket.addEventListener('open', function () {
        instance().then(function (id) {
          if (served && id && id !== served) { window.location.reload(); }
        });
      });
    }
    return socket;
  }
  Watched.prototype = Native.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) { Watched[name] = Native[name]; });
  window.WebSocket = Watched;
})();"""


def _post(path: str, payload: dict) -> None:
    body = json.dumps(payload)
    st.html(
        "<script>fetch(" + json.dumps(path) + ", {method: 'POST', credentials: 'same-origin', "
        "headers: {'Content-Type': 'application/json'}, body: " + json.dumps(body) + "});</script>",
        unsafe_allow_javascript=True, width="content",
    )


def keep_session(handoff: str) -> None:
    """Have the browser trade the hand-over code for the session cookie."""
    _post(CLAIM_PATH, {"handoff": handoff})


def forget_session() -> None:
    """Have the browser drop the session cookie (the session itself has already ended)."""
    _post(END_PATH, {})


def follow_replica() -> None:
    """Every page: reload when the connection comes back to another server process (above)."""
    st.html("<script>" + _FOLLOW % json.dumps(INSTANCE_PATH) + "</script>", unsafe_allow_javascript=True,
            width="content")
