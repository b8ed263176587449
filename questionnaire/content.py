"""Reading the content files, with errors that say where the problem is.

Every content file (items, mode texts, norms, interface texts) is TOML. A
mistake in one must be found when the app starts or the tests run, and the
message must name the file, the entry and the field, so that a translator can
fix it without reading Python.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

__all__ = ["ContentError", "exact_keys", "read_toml", "require", "DATA_DIR"]

DATA_DIR = Path(__file__).resolve().parent / "data"


class ContentError(ValueError):
    """A content file is missing something or holds a wrong value."""

    def __init__(self, path: Path | str, where: str, message: str):
        self.path = Path(path)
        self.where = where
        super().__init__(f"{self.path.name}: {where}: {message}")


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ContentError(path, "file", "not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(path, "file", f"not valid TOML ({exc})") from None


def exact_keys(path: Path, where: str, table: dict, expected) -> None:
    """``table`` must hold exactly the keys ``expected``: the first missing or unknown one is
    named (an unknown one is usually a misspelling or an id that does not exist)."""
    if not isinstance(table, dict):
        raise ContentError(path, where, "expected a table")
    missing = [k for k in expected if k not in table]
    if missing:
        raise ContentError(path, f"{where}, field '{missing[0]}'", "missing")
    extra = sorted(set(table) - set(expected))
    if extra:
        raise ContentError(path, f"{where}, field '{extra[0]}'", "not expected here (unknown id or misspelt key)")


_KIND_NAMES = {str: "text", dict: "table", list: "list", int: "number", float: "number"}


def require(path: Path, where: str, table: Any, field: str, kind: type | tuple[type, ...] = str) -> Any:
    """Return ``table[field]``, raising a ContentError naming ``where`` and ``field``."""
    if not isinstance(table, dict):
        raise ContentError(path, where, "expected a table")
    if field not in table:
        raise ContentError(path, f"{where}, field '{field}'", "missing")
    value = table[field]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # bool is an int in Python, but `true` is never a valid number in our files.
    wrong_kind = not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
    if wrong_kind:
        expected = " or ".join(dict.fromkeys(_KIND_NAMES.get(k, k.__name__) for k in kinds))
        raise ContentError(path, f"{where}, field '{field}'", f"expected a {expected}, got {value!r}")
    if isinstance(value, str) and not value.strip():
        raise ContentError(path, f"{where}, field '{field}'", "expected a non-empty text")
    return value
