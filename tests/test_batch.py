"""``conflictwire batch`` on a local Dask cluster of two worker processes: the same Parquet rows
as ``extract``, the same store as ``ingest`` (SQLite, and PostgreSQL when a test server is given),
a resume that redoes only the unfinished chunks, and a one-line error without Dask."""

from __future__ import annotations

import json
import sys
from itertools import islice

import pytest

from batchhelp import cli, parquet_rows, rejected_lines, store_dump, write_corpus
from conflictwire import batch
from conflictwire.batch_checkpoint import MANIFEST, parts_dir
from conflictwire.ingest import Sourced, read_sourced
from conflictwire.progress import Bar
from storehelp import drop_db, fresh_db_url

pytest.importorskip("distributed")

CHUNK = 4  # small chunks: many of them, out of order


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("batch") / "corpus.jsonl")


@pytest.fixture(scope="module")
def client():
    with batch.connect(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def extracted(corpus, tmp_path_factory):
    """``extract --format parquet`` of the corpus: its rows and its rejection lines."""
    out = tmp_path_factory.mktemp("extract") / "events.parquet"
    res = cli("extract", str(corpus), "--format", "parquet", "-o", str(out))
    assert res.exit_code == 1, res.output  # the corpus has bad lines
    return parquet_rows(out), rejected_lines(res.stderr), res.stderr.splitlines()[-1]


def sourced(corpus):
    return [s for s in read_sourced([str(corpus)]) if isinstance(s, Sourced)]


def test_chunks_are_numbered_the_same_for_the_same_input(corpus):
    a = [(c.index, c.fingerprint, len(c.items)) for c in batch.chunked(sourced(corpus), CHUNK)]
    b = [(c.index, c.fingerprint, len(c.items)) for c in batch.chunked(sourced(corpus), CHUNK)]
    assert a == b
    assert [i for i, _, _ in a] == list(range(len(a)))
    assert sum(n for _, _, n in a) == len(sourced(corpus))
    assert len({f for _, f, _ in a}) == len(a)
    assert list(islice(batch.chunk_sizes(64), 6)) == [4, 8, 16, 32, 64, 64]  # first events soon
    n = len(sourced(corpus))
    assert [len(c.items) for c in batch.chunked(sourced(corpus), 16)] == [4, 8, n - 12]


def test_cli_batch_writes_extracts_rows(corpus, extracted, tmp_path):
    rows, rejections, summary = extracted
    out = tmp_path / "events.parquet"
    res = cli("batch", str(corpus), "--out", str(out), "--workers", "2", "--chunk-size", "16")
    assert res.exit_code == 1, res.output  # rejected lines, as extract
    assert parquet_rows(out) == rows
    assert len(rows) > 20
    assert rejected_lines(res.stderr) == rejections and len(rejections) == 2
    assert res.stderr.splitlines()[-1] == summary  # reports read, events, gated, rejected
    assert not parts_dir(out).exists()  # the checkpoint is gone once the output is whole
    assert "Traceback" not in res.stderr


class _Interrupt(Exception):
    pass


class _StopAfter(Bar):
    """A bar that interrupts the run after ``n`` chunks were finished."""

    def __init__(self, n: int) -> None:
        super().__init__(None, None)
        self.left = n

    def advance(self, n: int = 1) -> None:
        self.left -= 1
        if self.left == 0:
            raise _Interrupt


def test_resume_redoes_only_unfinished_chunks(corpus, extracted, client, tmp_path, monkeypatch):
    rows = extracted[0]
    out = tmp_path / "events.parquet"
    reports = sourced(corpus)
    n_chunks = -(-len(reports) // CHUNK)
    with pytest.raises(_Interrupt):
        batch.to_parquet(client, reports, out, lambda r: None, _StopAfter(4), CHUNK)
    parts = parts_dir(out)
    manifest = parts / MANIFEST
    lines = manifest.read_text().splitlines()
    finished = [json.loads(line)["chunk"] for line in lines[1:]]
    assert len(finished) == 4 and not out.exists()
    # lose one chunk's part, another's manifest line, and cut the last line short
    gone_part, gone_line, cut = finished[0], finished[1], finished[3]
    (parts / f"chunk-{gone_part:07d}.parquet").unlink()
    kept = [line for line in lines if json.loads(line).get("chunk") != gone_line]
    manifest.write_text("\n".join(kept)[:-5])

    submitted: list[int] = []
    real = batch.run_chunks

    def spy(client, chunks, *a, **kw):
        def seen():
            for c in chunks:
                submitted.append(c.index)
                yield c

        return real(client, seen(), *a, **kw)

    monkeypatch.setattr(batch, "run_chunks", spy)
    rejected = []
    summary = batch.to_parquet(client, reports, out, rejected.append, Bar(None, None), CHUNK)
    redone = set(range(n_chunks)) - {finished[2]}
    assert sorted(submitted) == sorted(redone) and {gone_part, gone_line, cut} <= redone
    assert summary.resumed == 1 and summary.reports == len(reports)
    assert parquet_rows(out) == rows
    assert not parts.exists()

    # --restart: a checkpoint is thrown away and every chunk is done again
    submitted.clear()
    with pytest.raises(_Interrupt):
        batch.to_parquet(client, reports, out, lambda r: None, _StopAfter(2), CHUNK)
    submitted.clear()
    batch.to_parquet(client, reports, out, lambda r: None, Bar(None, None), CHUNK, restart=True)
    assert sorted(submitted) == list(range(n_chunks))
    assert parquet_rows(out) == rows


def test_checkpoint_of_other_options_is_not_used(corpus, client, tmp_path, monkeypatch):
    out = tmp_path / "events.parquet"
    reports = sourced(corpus)[:12]
    with pytest.raises(_Interrupt):
        batch.to_parquet(client, reports, out, lambda r: None, _StopAfter(2), CHUNK)
    summary = batch.to_parquet(client, reports, out, lambda r: None, Bar(None, None), 2 * CHUNK)
    assert summary.resumed == 0 and summary.reports == 12


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request, tmp_path):
    """Two fresh, empty stores on one backend."""
    if request.param == "sqlite":
        a, b = f"sqlite:///{tmp_path / 'ingest.sqlite'}", f"sqlite:///{tmp_path / 'batch.sqlite'}"
    else:
        a, b = fresh_db_url(request.param, tmp_path), fresh_db_url(request.param, tmp_path)
    yield a, b
    drop_db(a)
    drop_db(b)


def test_store_equals_single_process_ingest(corpus, client, two_stores):
    """Two workers extracting into one store: each report once, the same incidents with the
    same members as one ``ingest`` process makes; a rerun stores nothing again."""
    single, batched = two_stores
    res = cli("ingest", str(corpus), "--db", single)
    assert res.exit_code == 1, res.output

    from conflictwire.store import Store

    rejected = []
    with Store(batched) as store:
        summary = batch.to_store(
            client, sourced(corpus), store, rejected.append, Bar(None, None), CHUNK
        )
    want = store_dump(single)
    assert store_dump(batched) == want
    n = len(sourced(corpus))
    assert want["totals"]["articles"] == n - 1  # the duplicate is stored once
    assert want["totals"]["incidents"] < want["totals"]["events"]  # second reports merged
    assert summary.counts["added"] == n - 1 and summary.counts["unchanged"] == 1
    assert not rejected

    with Store(batched) as store:
        again = batch.to_store(client, sourced(corpus), store, rejected.append, Bar(None, None))
    assert again.counts["unchanged"] == n and again.counts["added"] == 0
    assert store_dump(batched) == want


def test_without_dask_one_line_error(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails
    res = cli("batch", str(corpus), "--out", str(tmp_path / "x.parquet"))
    assert res.exit_code == 2
    assert res.stderr.strip().count("\n") == 0
    assert "pip install 'conflictwire[batch]'" in res.stderr and "Traceback" not in res.stderr


def test_needs_one_output(corpus, tmp_path):
    res = cli("batch", str(corpus))
    assert res.exit_code == 2 and "--out FILE.parquet or --db URL" in res.stderr
    res = cli("batch", str(corpus), "--out", str(tmp_path / "no" / "x.parquet"))
    assert res.exit_code == 2 and "does not exist" in res.stderr


def test_cli_batch_db_equals_ingest(corpus, tmp_path):
    single, batched = (f"sqlite:///{tmp_path / n}" for n in ("ingest.sqlite", "batch.sqlite"))
    assert cli("ingest", str(corpus), "--db", single).exit_code == 1
    res = cli("batch", str(corpus), "--db", batched, "--workers", "2", "--chunk-size", "8")
    assert res.exit_code == 1, res.output  # the bad lines
    assert store_dump(batched) == store_dump(single)
    assert "26 added, 0 replaced, 1 already stored" in res.stderr
