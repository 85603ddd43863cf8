"""Distributed for real: a Dask scheduler and two workers, each its own process on loopback, run a
batch; one worker is killed (SIGKILL) while chunks are still to do. Its chunks are run again on
the other worker and the output equals a single-process ``extract``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batchhelp import cli, parquet_rows, write_corpus
from conflictwire.batch_checkpoint import MANIFEST, parts_dir
from conflictwire.ingest import Sourced, read_sourced

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
TIMEOUT = 120  # seconds, for anything to start or finish (a hang fails instead of blocking)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler address, [worker processes]); every process is stopped afterwards."""
    from distributed import Client

    logs = tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{_free_port()}"
    procs: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> subprocess.Popen:
        log = (logs / f"{name}.log").open("w")
        proc = subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=log)
        procs.append(proc)
        return proc

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":")[-1],
              "--no-dashboard")  # fmt: skip
        workers = [
            start(f"worker{i}", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                  "--no-nanny", "--no-dashboard", "--name", f"w{i}")  # fmt: skip
            for i in range(2)
        ]
        with Client(address, timeout=f"{TIMEOUT}s") as client:
            client.wait_for_workers(2, timeout=TIMEOUT)
        yield address, workers
    finally:
        for proc in reversed(procs):
            _stop(proc)


def test_batch_survives_a_killed_worker(cluster, tmp_path):
    address, workers = cluster
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=3)
    out = tmp_path / "events.parquet"
    manifest = parts_dir(out) / MANIFEST
    cmd = [str(BIN / "conflictwire"), "batch", str(corpus), "--out", str(out),
           "--scheduler", address, "--chunk-size", "1", "--quiet"]  # fmt: skip
    log = (tmp_path / "batch.log").open("w")
    run = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + TIMEOUT
        done = 0
        while done < 3 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            if manifest.exists():
                done = len(manifest.read_text().splitlines()) - 1
        assert run.poll() is None, "the batch ended before a worker could be killed"
        assert done >= 3
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait(10)
        at_kill = done
        run.wait(TIMEOUT)
    finally:
        _stop(run)
    output = (tmp_path / "batch.log").read_text()
    assert run.returncode == 1, output  # the corpus's two bad lines are rejected
    assert not parts_dir(out).exists()
    reports = sum(isinstance(s, Sourced) for s in read_sourced([str(corpus)]))
    assert at_kill < reports - 10  # chunks (of one report) were left when the worker died

    single = tmp_path / "single.parquet"
    assert cli("extract", str(corpus), "--format", "parquet", "-o", str(single)).exit_code == 1
    assert parquet_rows(out) == parquet_rows(single)
    assert len(parquet_rows(single)) > 60
