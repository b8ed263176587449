"""Every interface text the code asks for exists in all four languages, with exactly the
placeholders the code fills in; every error code has its message (read from the source)."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from analysis.norms import BANDS
from analysis.patterns import PATTERNS
from questionnaire import LANGUAGES, load_catalog
from services import ERROR_CODES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for folder in ("views", "services", "analysis", "reports", "storage") for p in (ROOT / folder).rglob("*.py")]
SOURCES += [ROOT / "app.py", ROOT / "server.py"]
# Calls that look a text up: t("key"), catalog.t("key"), session.catalog().t("key"), t.t("key").
_LOOKUP_NAMES = {"t"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _lookups():
    """(file, line, key, keywords or None when the call passes **values)."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in _LOOKUP_NAMES:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
                splat = any(k.arg is None for k in node.keywords)
                found.append((path.relative_to(ROOT), node.lineno, first.value,
                              None if splat else {k.arg for k in node.keywords}))
    return found


LOOKUPS = _lookups()


def test_the_source_scan_finds_the_lookups():
    assert len(LOOKUPS) > 150  # a broken scan would make the tests below pass vacuously


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_used_in_code_has_a_text_with_the_placeholders_the_code_fills(lang):
    texts = load_catalog(lang).texts
    problems = []
    for path, line, key, keywords in LOOKUPS:
        if key not in texts:
            problems.append(f"{path}:{line}: no text {key!r}")
        elif keywords is not None and _placeholders(texts[key]) != keywords:
            problems.append(f"{path}:{line}: {key!r} wants {sorted(_placeholders(texts[key]))}, "
                            f"the code gives {sorted(keywords)}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_error_code_has_a_message_with_its_values(lang):
    texts = load_catalog(lang).texts
    for code, values in ERROR_CODES.items():
        assert _placeholders(texts[f"errors.{code}"]) == set(values), code


def test_every_code_raised_anywhere_is_a_known_error_code():
    raised = set()
    for path in SOURCES:
        raised |= set(re.findall(r"Refused\(\"([a-z_0-9]+)\"", path.read_text(encoding="utf-8")))
        raised |= set(re.findall(r"(?:AlreadyFinished|NotReady)\(\"([a-z_0-9]+)\"", path.read_text(encoding="utf-8")))
    raised |= set(re.findall(r"return \"(password_[a-z]+)\"", (ROOT / "services/accounts.py").read_text()))
    raised |= {"password_" + p for p in ("personal", "common", "repeats", "sequence", "keyboard", "date")}
    raised |= {"unavailable", "unexpected", "save_failed"}  # views/messages.py's own
    assert raised and raised <= set(ERROR_CODES), raised - set(ERROR_CODES)


def test_every_import_problem_has_a_message_with_its_values():
    source = (ROOT / "analysis/importing.py").read_text(encoding="utf-8")
    codes = dict.fromkeys(re.findall(r'ImportProblem\([^,]+, "([a-z_]+)"', source))
    assert len(codes) >= 12
    for lang in LANGUAGES:
        texts = load_catalog(lang).texts
        for code in codes:
            assert f"import.{code}" in texts, (lang, code)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keys_built_at_run_time_exist(lang):
    texts = load_catalog(lang).texts
    for key in [*(f"band.{band}" for band in BANDS),
                *(f"playbook.{k}" for k in ("fit_plus2", "fit_plus1", "fit_zero", "fit_minus1", "fit_minus2")),
                *(f"pattern.{p}" for p in PATTERNS), "results.overuse", "results.underuse"]:
        assert key in texts, key
