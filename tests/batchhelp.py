"""Helpers for the batch tests: a small corpus (the bundled sample, a second report of each
incident from another source, a duplicate and bad lines) and single-process references."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conflictwire.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "conflictwire" / "data" / "sample-news.jsonl"


def write_corpus(path: Path, copies: int = 1) -> Path:
    """``copies`` rounds of: every sample report, then a second report of each from another
    wire (same incident, another source: merged into the same incident); plus a duplicate, a
    malformed line and an empty report (rejected when read)."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    lines: list[str] = []
    for k in range(copies):
        for r in records:
            lines.append(json.dumps({**r, "id": f"{r['id']}-{k}"}))
        for r in records:
            more = " Residents said the area was calm later in the day."
            second = {**r, "id": f"{r['id']}-{k}-b", "source": "Second Wire"}
            second["text"] = r["text"] + more
            lines.append(json.dumps(second))
    lines.insert(3, lines[0])  # the same report twice
    lines.insert(5, '{"id": "broken", "text": ')
    lines.insert(9, json.dumps({"id": "empty", "text": ""}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*args: str) -> Any:
    """Run the command line in this process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(app, list(args))


def rejected_lines(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if line.startswith("rejected "))


def parquet_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def store_dump(url: str) -> dict[str, Any]:
    """Everything a store holds that a reader sees: totals, and every incident with its fields,
    member events and reports (but when it was written: ``*_at``)."""
    from conflictwire.store import Store

    def timeless(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if not k.endswith("_at")}

    with Store(url, create=False) as store:
        ids = sorted(r["id"] for r in store.query(limit=None))
        incidents = [timeless(store.incident(i) or {}) for i in ids]
        return {"totals": store.totals(), "incidents": incidents}
