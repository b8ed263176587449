"""An organisation's installation on one machine, for the tests: a PostgreSQL server of the
test's own (so it can be stopped and restarted without touching anyone else's databases), app
replicas (`streamlit run server.py`, as in the container) and nginx from Debian's package with
the very proxy configuration that compose.yaml uses (deploy/nginx/csc.conf.template).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, func, select

from services import open_store
from storage.schema import answers, respondents, results
from storage.sql import hash_token

ROOT = Path(__file__).resolve().parents[2]
CADDYFILE = ROOT / "deploy" / "Caddyfile"
PG_BIN = Path("/usr/lib/postgresql")
STICKY_COOKIE = "csc_replica"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(0.2)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def postgres_bin() -> Path | None:
    versions = sorted(PG_BIN.glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def unavailable_reason() -> str | None:
    """Why this machine cannot run the installation, or None."""
    if postgres_bin() is None:
        return "PostgreSQL's server programs are not installed (/usr/lib/postgresql/*/bin)"
    if os.geteuid() != 0 and shutil.which("runuser") is None:
        return "a private PostgreSQL server must run as an ordinary user: run the tests as root (as CI does)"
    if shutil.which("caddy") is None:
        return "caddy is not installed (apt-get install -y caddy)"
    return None


class PrivatePostgres:
    """A throwaway PostgreSQL cluster in a temporary folder, on its own port."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="csc-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        as_root = os.geteuid() == 0
        self._prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        if as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self._prefix, str(self.bin / program), *args], check=True, capture_output=True,
                       cwd=self.folder)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def tool(self, program: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        """pg_dump, pg_restore, psql... against this server, as an operator would run them."""
        return subprocess.run([str(self.bin / program), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                               *args], check=True, capture_output=True, **kwargs)

    def close(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


class Replica:
    """One app process, started as the container starts it: `streamlit run server.py`."""

    def __init__(self, name: str, database_url: str, cookie_secret: str, logs: Path) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.address = f"127.0.0.1:{self.port}"
        # As in the container (Dockerfile): the same cookie secret everywhere, no file watcher.
        self.env = {**os.environ, "CSC_DATABASE_URL": database_url, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
                    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
        self.instance: str | None = None
        self.log_path = logs / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        try:
            wait_until(lambda: healthy(self.url) or self.process.poll() is not None, 90, f"{self.name} starting")
        except TimeoutError:
            self.process.kill()
            raise
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited: {self.log_path.read_text()[-2000:]}")
        with urllib.request.urlopen(f"{self.url}/api/instance", timeout=5) as response:
            self.instance = json.loads(response.read())["instance"]

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """As a crash or an OOM kill: no goodbye to the browsers."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Proxy:
    """Debian's caddy running deploy/Caddyfile, the file compose.yaml gives the proxy container."""

    def __init__(self, replicas: list[Replica], folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.replicas = replicas
        self.access_log = folder / "access.log"
        self.env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder), "XDG_CONFIG_HOME": str(folder),
                    "CSC_SITE_ADDRESS": self.url, "CSC_REPLICAS": " ".join(r.address for r in replicas),
                    "CSC_PROXY_SECRET": secrets.token_urlsafe(24), "CSC_PROXY_LOG": f"file {self.access_log}"}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        caddy = shutil.which("caddy") or "/usr/bin/caddy"
        config = ["--config", str(CADDYFILE), "--adapter", "caddyfile"]
        subprocess.run([caddy, "validate", *config], check=True, capture_output=True, env=self.env, cwd=self.folder)
        log = open(self.folder / "caddy.log", "w")
        self.process = subprocess.Popen([caddy, "run", *config], env=self.env, cwd=self.folder, stdout=log,
                                        stderr=subprocess.STDOUT)
        log.close()
        wait_until(lambda: healthy(self.url) or self.process.poll() is not None, 30, "caddy answering")
        if self.process.poll() is not None:
            raise RuntimeError((self.folder / "caddy.log").read_text()[-2000:])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def replica_for(self, cookie: str | None) -> tuple[Replica, str]:
        """Which replica a browser with this sticky cookie reaches, and the cookie it holds after."""
        request = urllib.request.Request(f"{self.url}/api/instance")
        if cookie:
            request.add_header("Cookie", f"{STICKY_COOKIE}={cookie}")
        with urllib.request.urlopen(request, timeout=10) as response:
            instance = json.loads(response.read())["instance"]
            issued = response.headers.get("Set-Cookie") or ""
        match = re.search(rf"{STICKY_COOKIE}=([^;]+)", issued)
        replica = next(r for r in self.replicas if r.instance == instance)
        return replica, match.group(1) if match else cookie

    def reaches_all(self) -> bool:
        """Whether new browsers are sent to every replica (a few tries each)."""
        return {self.replica_for(None)[0] for _ in range(16)} == set(self.replicas)

    def cookie_for(self, replica: Replica) -> str:
        """A sticky cookie that leads to this replica, as Caddy hands it out."""
        for _ in range(64):
            reached, cookie = self.replica_for(None)
            if reached is replica:
                return cookie
        raise AssertionError(f"no new browser was sent to {replica.name}")


class Installation:
    """compose.yaml on one machine: PostgreSQL, two replicas with one cookie secret, Caddy."""

    def __init__(self, folder: Path):
        self.postgres = PrivatePostgres()
        self.postgres.start()
        self.database_url = self.postgres.create_database("csc")
        self.store = open_store(self.database_url)  # migrated once, as the first replica would
        secret = secrets.token_urlsafe(32)
        self.replicas = [Replica(f"app{n}", self.database_url, secret, folder) for n in (1, 2)]
        for replica in self.replicas:
            replica.start()
        self.proxy = Proxy(self.replicas, folder / "proxy")
        self.proxy.start()

    def heal(self) -> None:
        """Every replica up and every database reachable again, for the next journey."""
        if not healthy_db(self.database_url):
            self.postgres.start()
        for replica in self.replicas:
            if not replica.alive():
                replica.start()
        # Until the proxy sends new browsers to every replica again (a restarted one: after its
        # next health check and the fail_duration of deploy/Caddyfile, about 10 s).
        wait_until(self.proxy.reaches_all, 60, "the proxy using every replica again")

    def stored(self, token: str) -> tuple[int, int]:
        """(answers, results) stored for this resume token."""
        with self.store.engine.connect() as conn:
            respondent = conn.execute(select(respondents.c.id)
                                      .where(respondents.c.token_hash == hash_token(token))).scalar_one()
            given = conn.execute(select(func.count()).select_from(answers)
                                 .where(answers.c.respondent_id == respondent)).scalar_one()
            made = conn.execute(select(func.count()).select_from(results)
                                .where(results.c.respondent_id == respondent)).scalar_one()
        return given, made

    def close(self) -> None:
        self.proxy.stop()
        for replica in self.replicas:
            replica.stop()
        self.store.engine.dispose()
        self.postgres.close()


def healthy_db(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect():
            return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    finally:
        engine.dispose()
