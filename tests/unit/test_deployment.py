"""The files an operator deploys with: Dockerfile, compose.yaml, deploy/Caddyfile.

No Docker engine runs on the test machines, so the image is not built here. What can be checked
without one is: the image runs as an unprivileged user, checks its health on Streamlit's
endpoint, holds every file the app needs (the app is started from exactly the files the
Dockerfile copies), and carries no secret; compose.yaml runs at least two replicas with the same
cookie secret, every secret from the environment, and a proxy that knows every replica (Caddy
itself reads the proxy's file with compose's settings). tests/e2e/test_replicas.py runs the same
Caddyfile in front of two real app processes.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APPS = {name: service for name, service in SERVICES.items() if service.get("build") == "."}
SECRET_NAMES = ("POSTGRES_PASSWORD", "CSC_COOKIE_SECRET", "CSC_PROXY_SECRET")


def instructions(keyword: str) -> list[str]:
    """The arguments of every Dockerfile instruction of this kind (continuation lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.upper().startswith(keyword + " ")]


def test_the_image_runs_as_an_unprivileged_user():
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")
    uid = re.search(r"--uid (\d+)", DOCKERFILE)
    assert uid and int(uid.group(1)) >= 1000


def test_the_image_checks_its_health_on_streamlits_endpoint():
    (check,) = instructions("HEALTHCHECK")
    assert "/_stcore/health" in check and "8501" in check
    assert instructions("EXPOSE") == ["8501"]


def test_the_image_holds_no_secret_and_no_development_extras():
    env = " ".join(instructions("ENV"))
    for name in (*SECRET_NAMES, "STREAMLIT_SERVER_COOKIE_SECRET", "CSC_DATABASE_URL"):
        assert name not in env
    assert "FILE_WATCHER_TYPE=none" in env  # a server does not watch its own files
    ignored = (ROOT / ".dockerignore").read_text().split()
    for private in (".env", ".git", ".venv", "var", "tests"):
        assert private in ignored


def copied_paths() -> list[str]:
    paths = []
    for arguments in instructions("COPY"):
        parts = [p for p in arguments.split() if not p.startswith("--")]
        sources, destination = parts[:-1], parts[-1]
        paths += sources
        assert destination in ("./", ".") or destination == sources[0]
    return paths


def test_the_image_copies_every_package_the_project_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    tops = {package.split(".")[0] for package in project["tool"]["setuptools"]["packages"]}
    modules = {f"{module}.py" for module in project["tool"]["setuptools"]["py-modules"]}
    copied = set(copied_paths())
    assert tops <= copied and modules <= copied
    assert ".streamlit" in copied  # the theme and "no error details" settings


def test_the_app_starts_from_exactly_the_files_the_image_copies(tmp_path):
    """A copy of only those files, with the editable install of this checkout switched off: the
    server module imports and the first page renders without an exception."""
    image = tmp_path / "app"
    image.mkdir()
    for path in copied_paths():
        source = ROOT / path
        if source.is_dir():
            shutil.copytree(source, image / path, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, image / path)
    probe = f"""
import sys
sys.meta_path = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path = [p for p in sys.path if p.rstrip("/") != {str(ROOT)!r}]
import server, views, storage
assert server.__file__.startswith({str(image)!r}), server.__file__
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=60)
at.query_params["lang"] = "sv"
at.run()
assert not at.exception, at.exception
print(at.title[0].value)
"""
    env = {**os.environ, "CSC_DATABASE_URL": f"sqlite:///{tmp_path / 'coach.db'}", "PYTHONPATH": ""}
    done = subprocess.run([sys.executable, "-c", probe], cwd=image, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    from questionnaire import load_catalog

    assert done.stdout.strip().splitlines()[-1] == load_catalog("sv").t("welcome.title")


def test_compose_runs_two_replicas_of_one_image_with_one_cookie_secret():
    assert len(APPS) >= 2
    environments = [service["environment"] for service in APPS.values()]
    assert all(env == environments[0] for env in environments)
    env = environments[0]
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"].startswith("${CSC_COOKIE_SECRET:?")
    assert env["CSC_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert all(service["depends_on"]["db"]["condition"] == "service_healthy" for service in APPS.values())


def test_every_secret_comes_from_the_environment_and_must_be_set():
    text = (ROOT / "compose.yaml").read_text()
    for name in SECRET_NAMES:
        uses = re.findall(r"\$\{" + name + r"([^}]*)\}", text)
        assert uses, name
        assert all(use.startswith(":?") for use in uses), f"{name} has a default: {uses}"
    example = (ROOT / "deploy" / "example.env").read_text()
    for name in SECRET_NAMES:
        assert re.search(rf"^{name}=$", example, re.M), f"deploy/example.env must leave {name} empty"


def test_the_proxy_knows_every_replica_and_caddy_accepts_its_file():
    proxy = SERVICES["proxy"]
    env = proxy["environment"]
    assert sorted(env["CSC_REPLICAS"].split()) == sorted(f"{name}:8501" for name in APPS)
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy is not installed (apt-get install -y caddy); its reading of the file was not checked")
    settings = {**os.environ, "CSC_SITE_ADDRESS": ":8080", "CSC_REPLICAS": env["CSC_REPLICAS"],
                "CSC_PROXY_SECRET": "not-a-real-secret", "CSC_PROXY_LOG": "stdout"}
    adapted = subprocess.run([caddy, "adapt", "--config", str(ROOT / "deploy" / "Caddyfile")], env=settings,
                             capture_output=True, text=True, check=True)
    config = json.loads(adapted.stdout)
    server = next(iter(config["apps"]["http"]["servers"].values()))
    assert server["listen"] == [":8080"]
    handlers = json.dumps(server["routes"])
    proxy_handler = next(h for route in server["routes"] for sub in route["handle"]
                         for r in sub.get("routes", [sub]) for h in r.get("handle", [r])
                         if h.get("handler") == "reverse_proxy")
    assert sorted(u["dial"] for u in proxy_handler["upstreams"]) == sorted(env["CSC_REPLICAS"].split())
    policy = proxy_handler["load_balancing"]["selection_policy"]
    assert policy == {"policy": "cookie", "name": "csc_replica", "secret": "not-a-real-secret"}
    assert proxy_handler["health_checks"]["active"]["uri"] == "/_stcore/health"
    assert "not-a-real-secret" in handlers
