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

__all__ = ["ContentError", "read_toml", "require", "DATA_DIR"]

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


def require(path: Path, where: str, table: Any, field: str, kind: type = str) -> Any:
    """Return ``table[field]``, raising a ContentError naming ``where`` and ``field``."""
    if not isinstance(table, dict):
        raise ContentError(path, where, "expected a table")
    if field not in table:
        raise ContentError(path, f"{where}, field '{field}'", "missing")
    value = table[field]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise ContentError(path, f"{where}, field '{field}'", f"expected a non-empty {kind.__name__}")
    return value
