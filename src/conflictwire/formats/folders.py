"""Directories -> the files in them to read, recursively, in a stable order.

``walk`` lists every file under a directory with its format (``formats.kind``), sorted by name at
each level (files and folders together, as ``ls`` shows them), so a rerun reads the same files in
the same order. A file whose name tells no format is listed with the kind None, for the caller to
pass over with a note. Hidden files and folders (``.name``) are not looked at; symbolic links to
folders are not followed (no loops), links to files are. A folder that cannot be listed (no
permission, removed meanwhile) is listed as a ``FolderError``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from conflictwire.formats import kind


@dataclass(frozen=True)
class FolderError:
    """A folder that could not be listed, and why."""

    path: str
    reason: str


def walk(folder: str) -> Iterator[tuple[str, str | None] | FolderError]:
    """(path, kind) for each file under ``folder`` (see the module's doc)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        yield FolderError(folder, f"cannot read the directory: {e.strerror or e}")
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from walk(entry.path)
        else:
            yield entry.path, kind(entry.name)
