"""File names for entities: a safe, injective slug of an IRI's local name.

>>> slug("FY2022-23"), slug("Tōdai_ji")
('FY2022-23', 'T_C5_8Ddai_5Fji')
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["slug"]

_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


def _hex(match: re.Match[str]) -> str:
    return "".join(f"_{b:02X}" for b in match.group().encode("utf-8"))


def slug(name: str) -> str:
    """A file-name-safe, injective form of an entity's local name.

    ASCII letters, digits and ``-`` are kept; every other character becomes
    ``_`` and the hex of its UTF-8 bytes (``_`` itself too, so no two names clash).
    """
    text = _UNSAFE.sub(_hex, name) or "_"
    if len(text) <= 150:
        return text
    # Keep file names short on every file system; the digest keeps them distinct.
    return text[:120] + "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
