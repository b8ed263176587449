"""QR codes for links: PNG for the screen, SVG for printing (pure; made once per link)."""
from __future__ import annotations

import functools
import io

import segno

__all__ = ["qr_code"]


@functools.lru_cache(maxsize=64)
def qr_code(url: str) -> tuple[bytes, bytes]:
    qr = segno.make(url, error="m")
    png, svg = io.BytesIO(), io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    qr.save(svg, kind="svg", scale=4, border=2)
    return png.getvalue(), svg.getvalue()
