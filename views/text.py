"""Showing user-typed text exactly as typed, in any Markdown context.

Streamlit renders labels, captions, alerts and Markdown with GitHub-flavoured Markdown.
Escaping every Markdown character stops ``**boss**``, ``[x](javascript:…)``, ``:red[...]``
or ``$x$`` from becoming formatting, links or maths. It does not stop GFM's *autolinks*:
``https://…``, ``www.…`` and ``name@host.tld`` are turned into links after escapes are
resolved. So a WORD JOINER (U+2060, invisible and without width) is put where those
patterns start ("https:⁠//", "www⁠.", "name@⁠host"), which breaks the pattern and leaves
what the reader sees unchanged.
"""
from __future__ import annotations

import re

__all__ = ["distinct", "plain", "WORD_JOINER"]

WORD_JOINER = "\u2060"
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:=^\"'])")
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):")  # https: mailto: xmpp: javascript:
_WWW = re.compile(r"(?i)\b(www)\.")
_AT = re.compile(r"@")


def plain(text: str | None) -> str:
    """``text`` for a Markdown context, shown as typed: no formatting, no link."""
    if not text:
        return ""
    text = _SCHEME.sub(lambda m: f"{m.group(1)}:{WORD_JOINER}", text)
    text = _WWW.sub(lambda m: f"{m.group(1)}{WORD_JOINER}.", text)
    text = _AT.sub(f"@{WORD_JOINER}", text)
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("\n", " ")


def distinct(labels: dict) -> dict:
    """Option labels made unique. A selectbox tells its options apart by their text (Streamlit
    keeps the chosen option as its label), so two equal labels would always open the same
    option, whichever was picked: a repeated label gets " (2)", " (3)"... in option order."""
    seen: dict[str, int] = {}
    unique = {}
    for key, label in labels.items():
        seen[label] = seen.get(label, 0) + 1
        candidate = label if seen[label] == 1 else f"{label} ({seen[label]})"
        while candidate in unique.values():
            seen[label] += 1
            candidate = f"{label} ({seen[label]})"
        unique[key] = candidate
    return unique
