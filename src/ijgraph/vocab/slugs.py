"""File names for entities: a safe, injective slug of an IRI's local name.

>>> slug("FY2022-23"), slug("Tōdai_ji")
('FY2022-23', 'T_C5_8Ddai_5Fji')
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["slug"]

_SAFE = re.compile(r"[A-Za-z0-9-]")
_ALL_SAFE = re.compile(r"[A-Za-z0-9-]+")


def slug(name: str) -> str:
    """A file-name-safe, injective form of an entity's local name.

    ASCII letters, digits and ``-`` are kept; every other character becomes
    ``_`` and the hex of its UTF-8 bytes (``_`` itself too, so no two names clash).
    """
    if _ALL_SAFE.fullmatch(name):
        text = name  # the common case, without a look at each character
    else:
        text = "".join(
            ch if _SAFE.fullmatch(ch) else "".join(f"_{b:02X}" for b in ch.encode("utf-8"))
            for ch in name
        )
    text = text or "_"
    if len(text) <= 150:
        return text
    # Keep file names short on every file system; the digest keeps them distinct.
    return text[:120] + "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
