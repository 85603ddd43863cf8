"""The one rule that halves every gold set into a part to tune on and a part to report on."""

from __future__ import annotations

import zlib


def half(key: str, names: tuple[str, str] = ("tune", "held-out")) -> str:
    """``names[0]`` when ``zlib.crc32(key) % 2 == 0`` (the half tuned on), else ``names[1]``."""
    return names[0] if zlib.crc32(key.encode()) % 2 == 0 else names[1]
