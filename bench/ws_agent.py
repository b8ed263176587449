"""One simulated agent on Streamlit's WebSocket protocol: what the browser says and hears, without
the browser. Used by bench/load_agents.py.

The conversation, as the browser's own client has it (Streamlit 1.67):

- ``GET /_stcore/health`` and ``GET /_stcore/host-config`` (the browser's ping before it
  connects), then the WebSocket ``/_stcore/stream`` with the subprotocols ``streamlit`` and
  ``PLACEHOLDER_AUTH_TOKEN`` (no XSRF cookie: no sign-in) and the page's Origin;
- a ``BackMsg`` ``rerun_script`` with the page's query string (``lang=sv``), no page hash, the
  context (address, locale, time zone) and the hashes of the cached messages it holds;
- ``ForwardMsg``s back: ``new_session`` when a run starts, ``navigation`` (the page's script hash,
  sent back on every later rerun), ``page_info_changed`` (the app set a query parameter: the
  resume token ``r``; the browser puts it in its address and sends it back), ``delta``s (elements
  and blocks, at a ``delta_path``), and ``script_finished``;
- a click is another ``rerun_script``: every widget's current value (the language select's
  option, the name field's text) plus ``trigger_value`` on the button that was pressed.

Only the protobuf modules of Streamlit are imported (``streamlit.proto``), never the runtime.
"""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

SUBPROTOCOLS = ["streamlit", "PLACEHOLDER_AUTH_TOKEN"]
ID_PREFIX = "$$ID"  # Streamlit's element ids: "$$ID-<hash>-<user key>"
CHOICE_KEY = re.compile(r"^choice-(?P<item>[A-Za-z0-9_]+)-(?P<choice>[AB])$")


class ProtocolError(Exception):
    """The page did not become what the flow expects (a widget missing, a wrong screen)."""


class ClickTimeout(Exception):
    """No answer to a click (no script_finished) within the timeout."""


def user_key(element_id: str) -> str | None:
    """The key the page gave a widget, from its element id (as streamlit.runtime.state.common)."""
    if not element_id.startswith(ID_PREFIX):
        return None
    key = element_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


@dataclass
class Click:
    """One click and what came back: the times are seconds after the BackMsg was sent."""
    kind: str  # "load" (the page opened), "start", "answer", "finish"
    step: int  # the question number answered (answer), else 0
    sent: float  # perf_counter when the BackMsg went out
    shown: float | None = None  # the delta with the next screen's heading arrived
    buttons: float | None = None  # ... and the delta with its first answer button (questions only)
    finished: float | None = None  # script_finished of that rerun
    deltas: int = 0  # ForwardMsgs with a delta in that rerun
    received_bytes: int = 0


@dataclass
class Widget:
    kind: str  # the Element field: "button", "selectbox", "text_input", "checkbox", ...
    proto: object


@dataclass
class PageState:
    """What the browser would hold: the elements of the runs, widget values, address, caches."""
    query_string: str
    page_script_hash: str = ""
    runs_finished: int = 0  # script_finished messages seen (any status)
    last_status: int = -1
    headings: list[tuple[str, float]] = field(default_factory=list)  # this run's heading bodies, with arrival
    widgets_run: dict[str, Widget] = field(default_factory=dict)  # widgets sent in the running script run
    widgets: dict[str, Widget] = field(default_factory=dict)  # widgets on the screen after the last run
    values: dict[str, tuple[str, object]] = field(default_factory=dict)  # widget id -> (state field, value)
    errors: list[str] = field(default_factory=list)  # st.error texts and exceptions shown by the page
    warnings: list[str] = field(default_factory=list)
    cache: dict[str, ForwardMsg] = field(default_factory=dict)  # cacheable messages by hash
    first_button: float | None = None  # arrival of the first choice button of this run


class AgentSession:
    """One browser tab: a WebSocket to the server and the state its messages build."""

    def __init__(self, base_url: str, query: str, *, locale: str = "en-US", click_timeout: float = 60.0,
                 fetch_page: bool = True):
        self.base_url = base_url.rstrip("/")
        self.state = PageState(query_string=query)
        self.locale = locale
        self.click_timeout = click_timeout
        self.fetch_page = fetch_page
        self.ws = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self._closed_reason: str | None = None
        self._current: Click | None = None
        self._expect_heading: str | None = None
        self.received_messages = 0
        self.received_bytes = 0

    # -- the connection --------------------------------------------------------------------

    async def open(self) -> Click:
        """Connect and load the page as a browser does; the load's timing."""
        host = self.base_url.split("://", 1)[1]
        if self.fetch_page:  # the page's HTML, then the ping the browser's client makes before connecting
            for path in (f"/?{self.state.query_string}", "/_stcore/health", "/_stcore/host-config"):
                await http_get(host, path)
        self.ws = await websockets.connect(
            f"ws://{host}/_stcore/stream", subprotocols=SUBPROTOCOLS, origin=self.base_url,
            max_size=None, open_timeout=self.click_timeout, ping_interval=20, ping_timeout=60,
        )
        self._reader = asyncio.create_task(self._read(), name="agent-reader")
        return await self._rerun("load", 0, trigger=None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - closing anyway
                self._reader.cancel()

    @property
    def url(self) -> str:
        return f"{self.base_url}/?{self.state.query_string}" if self.state.query_string else f"{self.base_url}/"

    # -- clicks --------------------------------------------------------------------------

    def widget_id(self, key: str) -> str:
        for element_id in self.state.widgets:
            if user_key(element_id) == key:
                return element_id
        raise ProtocolError(f"no widget with key {key!r} on the screen (keys: {sorted(self.keys())})")

    def keys(self) -> set[str]:
        return {k for k in (user_key(i) for i in self.state.widgets) if k}

    def has(self, key: str) -> bool:
        return key in self.keys()

    async def click(self, key: str, kind: str, step: int = 0, expect_heading: str | None = None) -> Click:
        """Press the button with this key; returns when its rerun has finished."""
        return await self._rerun(kind, step, trigger=self.widget_id(key), expect_heading=expect_heading)

    async def _rerun(self, kind: str, step: int, trigger: str | None, expect_heading: str | None = None) -> Click:
        if self._closed_reason:
            raise ConnectionError(self._closed_reason)
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.state.query_string
        rerun.page_script_hash = self.state.page_script_hash
        rerun.page_name = ""
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = "Europe/Stockholm", -60, self.locale
        info.url, info.is_embedded, info.color_scheme = self.url, False, "light"
        rerun.cached_message_hashes.extend(self.state.cache)
        for element_id, (field_name, value) in self.state.values.items():
            if element_id == trigger or element_id not in self.state.widgets:
                continue
            state = rerun.widget_states.widgets.add()
            state.id = element_id
            _set_value(state, field_name, value)
        if trigger is not None:
            state = rerun.widget_states.widgets.add()
            state.id = trigger
            state.trigger_value = True
        before = self.state.runs_finished
        self.state.headings.clear()
        self.state.first_button = None
        click = Click(kind, step, time.perf_counter())
        self._current, self._expect_heading = click, expect_heading
        await self.ws.send(msg.SerializeToString())
        deadline = click.sent + self.click_timeout
        while self.state.runs_finished == before or self.state.last_status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            if self._closed_reason:
                raise ConnectionError(self._closed_reason)
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ClickTimeout(f"{kind} {step}: no script_finished within {self.click_timeout:.0f} s")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                continue
        self._current = None
        return click

    def heading_shown(self, text: str) -> bool:
        return any(body == text for body, _ in self.state.headings)

    # -- what the server sends -----------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.received_messages += 1
                self.received_bytes += len(raw)
                if self._current is not None:
                    self._current.received_bytes += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg, time.perf_counter())
                self._changed.set()
            self._closed_reason = f"closed by the server ({self.ws.close_code})"
        except websockets.ConnectionClosed as closed:
            self._closed_reason = f"connection lost ({closed})"
        except Exception as error:  # noqa: BLE001 - reported as this agent's failure
            self._closed_reason = f"reader failed: {error!r}"
        finally:
            self._changed.set()

    def _handle(self, msg: ForwardMsg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":  # a message the browser said it has cached
            cached = self.state.cache.get(msg.ref_hash)
            if cached is None:
                self.state.errors.append(f"unknown cached message {msg.ref_hash}")
                return
            metadata = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached)
            msg.metadata.CopyFrom(metadata)
            kind = msg.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self.state.cache[msg.hash] = msg
        state = self.state
        if kind == "new_session":
            state.widgets_run = {}
            if msg.new_session.page_script_hash:
                state.page_script_hash = msg.new_session.page_script_hash
        elif kind == "navigation":
            state.page_script_hash = msg.navigation.page_script_hash or state.page_script_hash
        elif kind == "page_info_changed":
            state.query_string = msg.page_info_changed.query_string
        elif kind == "delta":
            if self._current is not None:
                self._current.deltas += 1
            delta = msg.delta
            if delta.WhichOneof("type") == "new_element":
                self._element(delta.new_element, now)
        elif kind == "script_finished":
            state.last_status = msg.script_finished
            if msg.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                state.widgets = dict(state.widgets_run)  # what is left on the screen
            if self._current is not None:
                self._current.finished = now - self._current.sent
                self._current.buttons = (state.first_button - self._current.sent) if state.first_button else None
            state.runs_finished += 1

    def _element(self, element, now: float) -> None:
        state = self.state
        kind = element.WhichOneof("type")
        if kind == "heading":
            state.headings.append((element.heading.body, now))
            if (self._current is not None and self._current.shown is None
                    and self._expect_heading is not None and element.heading.body == self._expect_heading):
                self._current.shown = now - self._current.sent
        elif kind == "alert":
            if element.alert.format == Alert.ERROR:
                state.errors.append(element.alert.body)
            elif element.alert.format == Alert.WARNING:
                state.warnings.append(element.alert.body)
        elif kind == "exception":
            state.errors.append(f"{element.exception.type}: {element.exception.message}")
        widget = getattr(element, kind, None) if kind else None
        element_id = getattr(widget, "id", "") if widget is not None else ""
        if element_id.startswith(ID_PREFIX):
            state.widgets_run[element_id] = Widget(kind, widget)
            if kind == "button" and state.first_button is None and CHOICE_KEY.match(user_key(element_id) or ""):
                state.first_button = now
            _remember_value(state.values, element_id, kind, widget)


def _remember_value(values: dict, element_id: str, kind: str, widget) -> None:
    """A widget's value as the browser keeps it: its own once it has one, the server's when the
    server sets it (``set_value``), the default otherwise. Buttons have none (a trigger)."""
    set_value = getattr(widget, "set_value", False)
    if element_id in values and not set_value:
        return
    if kind == "selectbox":
        if widget.HasField("raw_value"):
            values[element_id] = ("string_value", widget.raw_value)
        elif widget.HasField("default") and 0 <= widget.default < len(widget.options):
            values[element_id] = ("string_value", widget.options[widget.default])
    elif kind in ("text_input", "text_area"):
        if widget.HasField("value"):
            values[element_id] = ("string_value", widget.value)
        elif widget.HasField("default"):
            values[element_id] = ("string_value", widget.default)
    elif kind == "checkbox":  # st.checkbox and st.toggle
        values[element_id] = ("bool_value", widget.value if set_value else widget.default)


def _set_value(state: WidgetState, field_name: str, value) -> None:
    setattr(state, field_name, value)


async def http_get(host: str, path: str, timeout: float = 30.0) -> int:
    """A minimal HTTP/1.1 GET (status code); the body is read and dropped."""
    hostname, _, port = host.partition(":")
    reader, writer = await asyncio.wait_for(asyncio.open_connection(hostname, int(port or 80)), timeout)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    status_line = data.split(b"\r\n", 1)[0].split()
    status = int(status_line[1]) if len(status_line) > 1 else 0
    if status != 200:
        raise ProtocolError(f"GET {path}: HTTP {status}")
    return status
