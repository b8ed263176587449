"""Interface texts and choosing the user's language.

One catalog per language in ``data/ui/<lang>.toml``. Keys may be grouped in
tables (``[results]`` -> ``results.title``). Every catalog must have exactly the
keys of the English one, with the same ``{placeholders}``, which the loader
checks so a missing translation fails the tests rather than a user's page.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .content import DATA_DIR, ContentError, read_toml
from .modes import DEFAULT_LANGUAGE, LANGUAGES

__all__ = ["Catalog", "load_catalog", "negotiate_language", "LANGUAGE_NAMES", "UI_DIR"]

UI_DIR = DATA_DIR / "ui"

# Each language named in itself, for the language switch.
LANGUAGE_NAMES = {"en": "English", "sv": "Svenska", "nb": "Norsk (bokmål)", "da": "Dansk"}

# Browser language tags that map onto our languages. Norwegian browsers send
# "nb", "no" or "nn"; we serve bokmål to all three, as Norwegian users expect.
_ALIASES = {"en": "en", "sv": "sv", "nb": "nb", "no": "nb", "nn": "nb", "da": "da"}


@dataclass(frozen=True)
class Catalog:
    lang: str
    texts: dict[str, str]

    def t(self, key: str, **values: object) -> str:
        """The text for ``key``, with ``{placeholders}`` filled in. A text with a ``{count}`` has
        its singular under ``<key>_one`` where the plural would read wrong ("1 results"): that
        one is used when the count is 1."""
        if str(values.get("count")) == "1" and f"{key}_one" in self.texts:  # 1, or "1" as a notice keeps it
            key = f"{key}_one"
        try:
            text = self.texts[key]
        except KeyError:
            raise KeyError(f"no interface text {key!r} in the {self.lang!r} catalog") from None
        return text.format(**values) if values else text

    __call__ = t

    def number(self, value: float, digits: int = 1, sign: bool = False) -> str:
        """A decimal number as this language writes it: "1.5" in English, "1,5" in Swedish,
        Norwegian and Danish (with a true minus sign, as their typography has it)."""
        if round(value, digits) == 0:
            value, sign = 0.0, False  # no "+0.0" or "-0.0"
        text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
        return text if self.lang == "en" else text.replace(".", ",").replace("-", "\u2212")

    def join(self, names) -> str:
        """"A", "A and B", "A, B and C" in this language."""
        names = list(names)
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self.t('common.and')} {names[-1]}"


def load_catalog(lang: str = DEFAULT_LANGUAGE, directory: Path | None = None) -> Catalog:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return _load_all(directory or UI_DIR)[lang]


@lru_cache(maxsize=4)
def _load_all(directory: Path) -> dict[str, Catalog]:
    catalogs = {}
    for lang in LANGUAGES:
        path = directory / f"{lang}.toml"
        catalogs[lang] = Catalog(lang, _flatten(path, read_toml(path)))
    reference = catalogs[DEFAULT_LANGUAGE].texts
    for lang, catalog in catalogs.items():
        path = directory / f"{lang}.toml"
        missing = sorted(set(reference) - set(catalog.texts))
        extra = sorted(set(catalog.texts) - set(reference))
        if missing:
            raise ContentError(path, f"key '{missing[0]}'", f"missing ({len(missing)} missing in all)")
        if extra:
            raise ContentError(path, f"key '{extra[0]}'", f"not in {DEFAULT_LANGUAGE}.toml")
        for key, text in catalog.texts.items():
            if _placeholders(text) != _placeholders(reference[key]):
                raise ContentError(
                    path, f"key '{key}'",
                    f"placeholders {sorted(_placeholders(text))} differ from "
                    f"{sorted(_placeholders(reference[key]))} in {DEFAULT_LANGUAGE}.toml",
                )
    return catalogs


def _flatten(path: Path, table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(path, value, f"{full}."))
        elif isinstance(value, str) and value.strip():
            flat[full] = value.strip()
        else:
            raise ContentError(path, f"key '{full}'", "expected a non-empty text")
    return flat


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def negotiate_language(*preferences: str | None) -> str:
    """Pick our language from browser preferences, best first.

    Each argument may be a single tag (``navigator.language``, e.g. "sv-SE")
    or a whole Accept-Language header ("nb-NO,nb;q=0.9,en;q=0.5"). The first
    argument that names a language we speak wins; otherwise English.
    """
    for preference in preferences:
        if not preference:
            continue
        ranked = []
        for position, part in enumerate(preference.split(",")):
            match = _TAG.match(part)
            if not match:
                continue
            try:
                quality = float(match.group(2)) if match.group(2) else 1.0
            except ValueError:
                continue
            if quality <= 0:  # q=0 means "not acceptable"
                continue
            ranked.append((-quality, position, match.group(1).lower()))
        for _, _, primary in sorted(ranked):
            if primary in _ALIASES:
                return _ALIASES[primary]
    return DEFAULT_LANGUAGE
