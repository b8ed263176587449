"""The layers of DESIGN.md section 7: a functional core that never imports Streamlit, and pages
that reach the core only through the use-case layer (services)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ["questionnaire", "analysis", "reports", "storage", "services"]
# What a page may import besides the standard library: the use cases, the figures it draws,
# interface texts and formatting, and its own helpers. Never storage, analysis or SQLAlchemy.
PAGE_ALLOWED = {"streamlit", "pandas", "services", "reports", "questionnaire", "views"}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("package", CORE)
def test_core_package_source_never_imports_streamlit(package):
    offenders = [f"{path.relative_to(ROOT)}: {name}" for path in (ROOT / package).rglob("*.py")
                 for name in _imports(path) if name.split(".")[0] in ("streamlit", "views")]
    assert offenders == []


def test_importing_the_core_loads_no_streamlit():
    code = ("import sys, questionnaire, analysis, reports, storage, services; "
            "sys.exit(1 if any(m.split('.')[0] == 'streamlit' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_pages_reach_the_core_only_through_services():
    offenders = []
    for path in [*(ROOT / "views").glob("*.py"), ROOT / "app.py"]:
        for name in _imports(path):
            top = name.split(".")[0]
            if top not in PAGE_ALLOWED and top not in sys.stdlib_module_names:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
            if top == "reports" and name not in ("reports.charts", "reports.alt_text", "reports.qr"):
                offenders.append(f"{path.relative_to(ROOT)}: {name} (pages draw; services build files)")
    assert offenders == []


def test_no_page_touches_the_database_or_catches_its_errors():
    for path in [*(ROOT / "views").glob("*.py"), ROOT / "app.py", ROOT / "server.py"]:
        source = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in source.lower(), path
        assert ".engine" not in source, path


def test_session_state_keys_are_declared_once():
    """A literal key used by more than one page module belongs in views/session.py."""
    import re
    uses: dict[str, set[str]] = {}
    for path in (ROOT / "views").glob("*.py"):
        if path.name == "session.py":
            continue
        for key in re.findall(r"st\.session_state(?:\.get\(|\.pop\(|\[)\"([a-z_\-]+)\"", path.read_text()):
            uses.setdefault(key, set()).add(path.name)
    shared = {key: files for key, files in uses.items() if len(files) > 1}
    assert shared == {}
