"""Speed benchmark: reports per second of ``Pipeline.pipe`` against spaCy's ``nlp.pipe`` alone.

Both run in the same process on the same texts after a warm-up, so the ratio says what the
conflictwire stages cost on top of parsing. The per-stage split comes from ``doc.timings``.

``long_reports`` checks that cost stays linear in a report's length: in a fresh process, the time
per KB of a 10 KB report and of a long one (the bundled sample's reports, one after another, as
one report), and the process's peak memory.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from conflictwire.model import Article

WARMUP = 16


def load_corpus(corpus_path: str | Path, limit: int | None = None) -> list[Article]:
    """Articles of a JSONL corpus (``id``, ``text``, optional ``title``, ``url``), or of an ACLED
    CSV (``.csv``: each event's notes, the coder's annotations stripped, as one report)."""
    if str(corpus_path).lower().endswith(".csv"):
        from conflictwire.evaluate.annotations import strip_annotations
        from conflictwire.evaluate.handcoded import read_gold

        notes = [strip_annotations(r.notes) for r in read_gold(Path(corpus_path))]
        return [Article(text=t, id=f"note-{i}") for i, t in enumerate(notes, 1) if t.strip()][
            :limit
        ]
    arts: list[Article] = []
    with Path(corpus_path).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec.get("text") or ""
            if not text.strip():
                continue
            arts.append(
                Article(
                    text=text,
                    id=str(rec.get("id") or i),
                    url=rec.get("url"),
                    title=rec.get("title"),
                )
            )
            if limit is not None and len(arts) >= limit:
                break
    return arts


_GAZ_PROBE = """
import json, re, resource, time
t = time.perf_counter()
from conflictwire.gazetteer.lookup import Gazetteer
g = Gazetteer.open()
for name in ("Kirkuk", "Daquq", "Springfield", "Paris", "Ali Saray"):
    g.exact(name)
g.lookup("Ali Saray", "IQ")
secs = time.perf_counter() - t
try:  # peak resident memory of this process (ru_maxrss would include the forking parent's)
    with open("/proc/self/status") as fh:
        mb = int(re.search(r"VmHWM:\\s+(\\d+)", fh.read()).group(1)) / 1024
except (OSError, AttributeError):
    mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": secs, "mb": mb}))
"""


def gazetteer_load() -> dict[str, float]:
    """Cost of loading the gazetteer in a fresh process: import, open and the first lookups
    (seconds), and the process's peak memory (MB)."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _GAZ_PROBE], capture_output=True, text=True, check=True
    ).stdout
    got = json.loads(out.strip().splitlines()[-1])
    return {"seconds": round(got["seconds"], 3), "mb": round(got["mb"], 1)}


SHORT_CHARS = 10_000
LONG_MB = 2.0  # `conflictwire bench --long-mb 5` for the 5 MB target (about 4 minutes)
SAMPLE = Path(__file__).parent / "data" / "sample-news.jsonl"


def synthetic_report(chars: int, corpus: Path = SAMPLE) -> str:
    """A report of ``chars`` characters: the corpus's reports as paragraphs, over and over."""
    paras = [a.text.strip() for a in load_corpus(corpus)]
    out: list[str] = []
    n = 0
    while n < chars:
        p = paras[len(out) % len(paras)]
        out.append(p)
        n += len(p) + 2
    return "\n\n".join(out)[:chars]


_LONG_PROBE = """
import json, re, resource, sys, time
from datetime import date
from conflictwire.bench import synthetic_report
from conflictwire.model import Article
from conflictwire.pipeline import Pipeline
short_chars, long_chars = int(sys.argv[1]), int(sys.argv[2])
p = Pipeline()
def per_kb(chars, times=1):
    text = synthetic_report(chars)
    t = time.perf_counter()
    for _ in range(times):
        n = len(p.extract(Article(text=text, id="long", published=date(2023, 8, 14))))
    return 1000 * (time.perf_counter() - t) / times / (chars / 1000), n
per_kb(short_chars)  # warm-up: lazy resources
short_ms, _ = per_kb(short_chars, 3)
long_ms, events = per_kb(long_chars)
try:  # peak resident memory of this process
    with open("/proc/self/status") as fh:
        mb = int(re.search(r"VmHWM:\\s+(\\d+)", fh.read()).group(1)) / 1024
except (OSError, AttributeError):
    mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"short_ms_per_kb": short_ms, "long_ms_per_kb": long_ms, "events": events,
                  "mb": mb}))
"""


def long_reports(long_mb: float = LONG_MB, short_chars: int = SHORT_CHARS) -> dict[str, Any]:
    """Time per KB of a ``short_chars`` report and of a ``long_mb`` MB one (synthetic, see
    ``synthetic_report``), in a fresh process, and that process's peak memory (MB)."""
    import subprocess
    import sys

    long_chars = int(long_mb * 1_000_000)
    out = subprocess.run(
        [sys.executable, "-c", _LONG_PROBE, str(short_chars), str(long_chars)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    got = json.loads(out.strip().splitlines()[-1])
    return {
        "short_chars": short_chars,
        "long_chars": long_chars,
        "short_ms_per_kb": round(got["short_ms_per_kb"], 1),
        "long_ms_per_kb": round(got["long_ms_per_kb"], 1),
        "ratio": round(got["long_ms_per_kb"] / got["short_ms_per_kb"], 2),
        "long_events": got["events"],
        "peak_mb": round(got["mb"], 1),
    }


def run_bench(
    corpus_path: str | Path,
    limit: int | None = None,
    console: Any = None,
    batch_size: int = 32,
    pipeline: Any = None,
    long_mb: float = LONG_MB,
) -> dict[str, Any]:
    """Time ``Pipeline.pipe`` (+ event assembly) and ``nlp.pipe`` on the corpus; print a table.

    Returns a dict: counts, seconds, reports/s of both, the ratio, seconds per stage, and (unless
    ``long_mb`` is 0) the time per KB of a 10 KB and of a ``long_mb`` MB report.
    ``console`` (a ``rich.console.Console``) receives the table; None prints nothing.
    """
    from conflictwire.nlp import load_nlp

    articles = load_corpus(corpus_path, limit)
    if not articles:
        raise ValueError(f"{corpus_path}: no articles")
    if pipeline is None:
        from conflictwire.pipeline import Pipeline

        pipeline = Pipeline()
    nlp = load_nlp()
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)

    # Warm-up: load lazy resources and let spaCy allocate, on a few texts.
    warm = articles[:WARMUP]
    for doc in pipeline.pipe(warm, batch_size=batch_size):
        pipeline.events(doc)
    list(nlp.pipe([a.text for a in warm], batch_size=batch_size))

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    spacy_s = time.perf_counter() - t0

    stages: dict[str, float] = defaultdict(float)
    n_events = n_gated = 0
    t0 = time.perf_counter()
    for doc in pipeline.pipe(articles, batch_size=batch_size):
        n_gated += doc.gated
        t1 = time.perf_counter()
        n_events += len(pipeline.events(doc))
        stages["assemble"] += time.perf_counter() - t1
        for name, secs in doc.timings.items():
            stages[name] += secs
    pipe_s = time.perf_counter() - t0

    n = len(articles)
    result: dict[str, Any] = {
        "corpus": str(corpus_path),
        "articles": n,
        "characters": chars,
        "events": n_events,
        "gated": n_gated,  # reports the relevance gate stopped before the parse
        "batch_size": batch_size,
        "pipeline_seconds": round(pipe_s, 3),
        "spacy_seconds": round(spacy_s, 3),
        "pipeline_per_second": round(n / pipe_s, 2) if pipe_s else None,
        "spacy_per_second": round(n / spacy_s, 2) if spacy_s else None,
        "slowdown": round(pipe_s / spacy_s, 2) if spacy_s else None,
        "stages": {k: round(v, 3) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])},
        "gazetteer_load": gazetteer_load(),
    }
    if long_mb > 0:
        result["long_report"] = long_reports(long_mb)
    if console is not None:
        print_bench(result, console)
    return result


def print_bench(result: dict[str, Any], console: Any) -> None:
    """Two small tables: throughput, then the time per stage."""
    from rich.table import Table

    t = Table(title=f"Speed: {result['articles']} articles, {result['characters']:,} characters")
    t.add_column("run")
    t.add_column("seconds", justify="right")
    t.add_column("reports/s", justify="right")
    t.add_row(
        "spaCy nlp.pipe alone",
        f"{result['spacy_seconds']:.2f}",
        f"{result['spacy_per_second']:.1f}",
    )
    t.add_row(
        "conflictwire Pipeline.pipe",
        f"{result['pipeline_seconds']:.2f}",
        f"{result['pipeline_per_second']:.1f}",
    )
    t.add_row("ratio (pipeline / spaCy time)", f"{result['slowdown']:.2f}x", "")
    console.print(t)
    if "gated" in result:
        console.print(
            f"Stopped by the relevance gate before the parse: {result['gated']} of "
            f"{result['articles']} reports ({result['gated'] / result['articles']:.1%})"
        )

    total = sum(result["stages"].values()) or 1.0
    s = Table(title="Time by stage")
    s.add_column("stage")
    s.add_column("seconds", justify="right")
    s.add_column("share", justify="right")
    s.add_column("ms/report", justify="right")
    for name, secs in result["stages"].items():
        s.add_row(
            name, f"{secs:.2f}", f"{secs / total:.0%}", f"{1000 * secs / result['articles']:.2f}"
        )
    console.print(s)
    gl = result.get("gazetteer_load")
    if gl:
        console.print(
            f"Gazetteer load (fresh process: import, open, first lookups): {gl['seconds']:.2f} s, "
            f"peak memory {gl['mb']:.0f} MB"
        )
    lr = result.get("long_report")
    if lr:
        console.print(
            f"Long report (fresh process): {lr['short_chars'] / 1000:.0f} KB report "
            f"{lr['short_ms_per_kb']:.1f} ms/KB, {lr['long_chars'] / 1e6:g} MB report "
            f"{lr['long_ms_per_kb']:.1f} ms/KB ({lr['ratio']:.2f}x), "
            f"peak memory {lr['peak_mb']:.0f} MB"
        )
