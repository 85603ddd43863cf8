"""Benchmark of ``conflictwire batch``: ``python -m conflictwire.batch_bench FILE [--limit N]``.

On one machine in one run, on the first ``--limit`` reports of FILE: reports/s of ``batch`` (Parquet
out, no checkpoint) with 1 and 2 workers, end to end (cluster start and model loads included) and
after the first event; spaCy's ``nlp.pipe`` alone on the same texts (the model the pipeline uses);
a tokenizer-only pass (``nlp.make_doc``) as the floor; their ratios; the peak memory (RSS) of each
worker process (sampled every 0.1 s); the time from the command's start to its first event (the
first chunk's part written); and the reports a day a core this projects.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

DAY = 86_400


@dataclass
class Run:
    workers: int
    seconds: float
    first_event: float | None
    peak_rss: list[int]  # bytes, a worker process each
    client_rss: int


def _descendants_rss(pid: int) -> dict[int, int]:
    import psutil

    try:
        procs = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return {}
    out = {}
    for p in procs:
        try:
            out[p.pid] = p.memory_info().rss
        except psutil.Error:
            continue
    return out


def _has_event(manifest: Path) -> bool:
    """Whether a finished chunk holding at least one event is in the manifest (a chunk is named
    there once its part is written)."""
    import json

    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()[1:]  # after the header
    except OSError:
        return False
    for line in lines:
        try:
            if json.loads(line).get("events", 0) > 0:
                return True
        except (ValueError, AttributeError):
            continue  # a line being written
    return False


def run_batch(corpus: Path, workers: int, tmp: Path) -> Run:
    """One ``conflictwire batch`` run as its own process, watched from outside."""
    import psutil

    from conflictwire.batch_checkpoint import MANIFEST, parts_dir

    out = tmp / f"events-{workers}.parquet"
    parts = parts_dir(out)
    manifest = parts / MANIFEST
    shutil.rmtree(parts, ignore_errors=True)
    exe = Path(sys.executable).with_name("conflictwire")
    cmd = [str(exe), "batch", str(corpus), "--out", str(out), "--workers", str(workers),
           "--quiet", "--restart"]  # fmt: skip
    peaks: dict[int, int] = {}
    client_peak = 0
    first = None
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    me = psutil.Process(proc.pid)
    while proc.poll() is None:
        for pid, rss in _descendants_rss(proc.pid).items():
            peaks[pid] = max(peaks.get(pid, 0), rss)
        with contextlib.suppress(psutil.Error):
            client_peak = max(client_peak, me.memory_info().rss)
        for _ in range(5):  # the first event: a chunk with an event in the manifest
            if first is None and _has_event(manifest):
                first = time.perf_counter() - t0
            time.sleep(0.02)
    seconds = time.perf_counter() - t0
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"batch with {workers} worker(s) failed:\n{stderr}")
    # the workers are the big children (a spaCy model each); the rest are small helpers
    workers_rss = sorted(peaks.values(), reverse=True)[:workers]
    return Run(workers, seconds, first, workers_rss, client_peak)


def _subset(path: Path, limit: int | None, tmp: Path) -> tuple[Path, list[str]]:
    """The first ``limit`` usable reports of ``path`` as a JSONL file, and their texts."""
    import json

    from conflictwire.ingest import Sourced, read_sourced

    items = (s for s in read_sourced([str(path)]) if isinstance(s, Sourced))
    chosen = list(islice(items, limit)) if limit else list(items)
    out = tmp / "corpus.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for s in chosen:
            a = s.article
            rec = {"id": a.id, "text": a.text, "published": a.published and a.published.isoformat(),
                   "source": a.source, "url": a.url, "title": a.title}  # fmt: skip
            fh.write(json.dumps({k: v for k, v in rec.items() if v is not None}) + "\n")
    return out, [s.article.text for s in chosen]


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def _steady(n: int, run: Run) -> float | None:
    """Reports/s after the first chunk came back (start-up and the first chunk left out)."""
    from conflictwire.batch import FIRST

    if run.first_event is None or run.seconds <= run.first_event or n <= FIRST:
        return None
    return _rate(n - FIRST, run.seconds - run.first_event)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m conflictwire.batch_bench", description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="Only the first N reports.")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cw-batch-bench-") as d:
        tmp = Path(d)
        corpus, texts = _subset(args.corpus, args.limit, tmp)
        n = len(texts)
        chars = sum(len(t) for t in texts)
        print(f"corpus: {n} reports, {chars / n if n else 0:,.0f} characters a report on average")
        runs = [run_batch(corpus, w, tmp) for w in (1, 2)]

    from conflictwire.nlp import load_nlp

    nlp = load_nlp()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    pipe_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        nlp.make_doc(t)
    tok_s = time.perf_counter() - t0

    mb = 1024 * 1024
    pipe_rate, tok_rate = _rate(n, pipe_s), _rate(n, tok_s)
    for r in runs:
        total = _rate(n, r.seconds)
        steady = _steady(n, r)
        after = f", {steady:.1f} reports/s after the first event" if steady else ""
        print(f"batch, {r.workers} worker(s): {total:7.1f} reports/s end to end "
              f"({r.seconds:.1f} s, cluster start and model loads included){after}")  # fmt: skip
        first = f"{r.first_event:.2f} s" if r.first_event is not None else "n/a"
        peaks = ", ".join(f"{p / mb:.0f} MB" for p in r.peak_rss) or "n/a"
        print(f"    time to first event {first}; peak RSS a worker: {peaks} "
              f"(client {r.client_rss / mb:.0f} MB)")  # fmt: skip
    print(f"spaCy nlp.pipe alone:      {pipe_rate:7.1f} reports/s ({pipe_s:.1f} s)")
    print(f"tokenizer only (make_doc): {tok_rate:7.1f} reports/s ({tok_s:.2f} s), the floor")
    one, two = runs
    one_rate, two_rate = _rate(n, one.seconds), _rate(n, two.seconds)
    print(f"ratios: batch 1 worker / nlp.pipe = {one_rate / pipe_rate:.2f}; "
          f"batch 2 workers / 1 worker = {two_rate / one_rate:.2f}; "
          f"nlp.pipe / tokenizer = {pipe_rate / tok_rate:.3f}")  # fmt: skip
    per_core = _steady(n, one) or one_rate  # start-up (cluster, model) is once a day
    print(f"projected: {per_core * DAY:,.0f} reports a day a core "
          f"(batch with 1 worker, after start-up); "
          f"{two_rate / 2 * DAY:,.0f} a day a core with 2 workers end to end on this machine")
    over = [p for r in runs for p in r.peak_rss if p >= 1024 * mb]
    print(f"peak memory a worker under 1 GB: {'yes' if not over else 'NO'}")


if __name__ == "__main__":
    main()
