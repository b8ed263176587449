"""Showing user-typed text safely.

Streamlit already refuses raw HTML in Markdown, but Markdown itself would still
turn a name like ``**boss**`` or ``[x](javascript:…)`` into formatting or a link.
Escaping every Markdown character shows the text exactly as typed.
"""
from __future__ import annotations

import re

__all__ = ["escape_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def escape_markdown(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)
