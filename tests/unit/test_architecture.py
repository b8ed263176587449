"""The functional core never imports Streamlit (DESIGN.md section 7)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ["questionnaire", "analysis", "reports", "storage"]


@pytest.mark.parametrize("package", CORE)
def test_core_package_source_never_imports_streamlit(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("streamlit", "views")]
    assert offenders == []


def test_importing_the_core_loads_no_streamlit():
    code = ("import sys, questionnaire, analysis, reports, storage; "
            "sys.exit(1 if any(m.split('.')[0] == 'streamlit' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
