"""Where gazetteer files live: the embedded default and the user's own (built or imported)."""

from __future__ import annotations

import os
from pathlib import Path

EMBEDDED = Path(__file__).with_name("default.sqlite")
FILE_NAME = "gazetteer.sqlite"


def user_dir() -> Path:
    """The user data directory (``$XDG_DATA_HOME/conflictwire``, else ``~/.local/share/...``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflictwire"


def user_path() -> Path:
    """The user's gazetteer file (``conflictwire gazetteer build``/``import`` write it)."""
    return user_dir() / FILE_NAME


def default_path() -> Path:
    """The gazetteer to open when none is named: the user's when present, else the embedded one.
    ``$CONFLICTWIRE_GAZETTEER`` names a file explicitly."""
    env = os.environ.get("CONFLICTWIRE_GAZETTEER")
    if env:
        return Path(env)
    up = user_path()
    return up if up.is_file() else EMBEDDED
