"""The five conflict modes and the languages the product speaks.

These two tuples are the vocabulary every data file is checked against.
"""
from __future__ import annotations

__all__ = ["MODES", "LANGUAGES", "DEFAULT_LANGUAGE"]

# Order is the conventional one (assertive/uncooperative first); it is also the
# order in which charts list the modes.
MODES: tuple[str, ...] = ("competing", "collaborating", "compromising", "avoiding", "accommodating")

# English, Swedish, Norwegian bokmål, Danish.
LANGUAGES: tuple[str, ...] = ("en", "sv", "nb", "da")
DEFAULT_LANGUAGE = "en"
