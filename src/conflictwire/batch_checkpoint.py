"""The checkpoint of a ``batch --out FILE.parquet`` run: a folder beside the output
(``FILE.parquet.parts/``) holding one Parquet part a finished chunk and a manifest.

The manifest (``manifest.jsonl``) starts with a header (the options that shape the output: chunk
size, historical events) and then has one line a finished chunk: its index, the fingerprint of its
reports (``chunk_fingerprint``) and its rejections. A part is written under a temporary name and
renamed before its manifest line is appended (and synced), so a line always names a complete part;
an interrupted line at the end is ignored. A rerun skips the chunks whose index, fingerprint and
part agree and redoes the others; a checkpoint of other options is thrown away.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictwire.event_parquet import write_event_parquet
from conflictwire.ingest import Rejection, Sourced
from conflictwire.model import Event

VERSION = 2
MANIFEST = "manifest.jsonl"


def chunk_fingerprint(items: Sequence[Sourced]) -> str:
    """A digest of the chunk's reports (where each came from and what it says)."""
    h = hashlib.sha256()
    for s in items:
        a = s.article
        text = hashlib.sha256(a.text.encode("utf-8", "replace")).hexdigest()
        day = a.published.isoformat() if a.published else None
        key = [s.input, s.line, s.item, a.id, day, a.source, a.url, a.title, text]
        h.update(json.dumps(key, ensure_ascii=False).encode("utf-8", "replace") + b"\n")
    return h.hexdigest()


@dataclass(frozen=True)
class Finished:
    """A chunk the manifest lists as done."""

    index: int
    fingerprint: str
    events: int
    rejections: tuple[Rejection, ...]
    gated: int = 0


def parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


class Checkpoint:
    """The parts folder of one output; ``options`` are the header a resumable run must match."""

    def __init__(self, out: Path, options: dict[str, Any], restart: bool = False) -> None:
        self.dir = parts_dir(out)
        self.manifest = self.dir / MANIFEST
        self.header = {"version": VERSION, **options}
        self.discarded = False  # an earlier checkpoint was thrown away (other options)
        if restart:
            self.remove()
        self.finished = self._load()
        if not self.manifest.exists():
            self.dir.mkdir(exist_ok=True)
            self._append(self.header)

    def _load(self) -> dict[int, Finished]:
        if not self.manifest.exists():
            return {}
        text = self.manifest.read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines()
        if text and not text.endswith("\n"):  # cut short: drop the partial line
            lines = lines[:-1]
            self.manifest.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        try:
            header = json.loads(lines[0]) if lines else None
        except json.JSONDecodeError:
            header = None
        if header != self.header:
            self.remove()
            self.discarded = True
            return {}
        done: dict[int, Finished] = {}
        for line in lines[1:]:
            try:
                rec = json.loads(line)
                rejections = tuple(Rejection(*r) for r in rec["rejections"])
                done[rec["chunk"]] = Finished(
                    rec["chunk"], rec["fingerprint"], rec["events"], rejections, rec["gated"]
                )
            except (json.JSONDecodeError, KeyError, TypeError):
                continue  # a line cut short by an interruption: that chunk is redone
        return done

    def part(self, index: int) -> Path:
        return self.dir / f"chunk-{index:07d}.parquet"

    def done(self, index: int, fingerprint: str) -> Finished | None:
        """The chunk's record when it is finished with these very reports."""
        rec = self.finished.get(index)
        if rec is None or rec.fingerprint != fingerprint or not self.part(index).exists():
            return None
        return rec

    def save(
        self,
        index: int,
        fingerprint: str,
        events: Sequence[Event],
        rejections: Sequence[Rejection],
        gated: int = 0,
    ) -> None:
        """Write the chunk's part, then record it in the manifest."""
        part = self.part(index)
        tmp = part.with_name(part.name + ".tmp")
        write_event_parquet(events, tmp)
        os.replace(tmp, part)
        rec = {"chunk": index, "fingerprint": fingerprint, "events": len(events),
               "rejections": [[r.input, r.line, r.reason] for r in rejections],
               "gated": gated}  # fmt: skip
        self._append(rec)
        self.finished[index] = Finished(index, fingerprint, len(events), tuple(rejections), gated)

    def _append(self, rec: dict[str, Any]) -> None:
        with self.manifest.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.dir)
