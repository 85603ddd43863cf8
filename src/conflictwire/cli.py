"""The command line: thin wrappers that parse arguments, call the library and print."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO

import typer
from rich.console import Console
from typer.core import TyperGroup

from conflictwire.errors import OperatorError


class _Commands(TyperGroup):
    """The command group: every failure an operator can meet (``errors.explain``) ends as one
    line on stderr and a non-zero exit instead of a traceback; other exceptions are bugs."""

    def invoke(self, ctx: typer.Context):  # type: ignore[no-untyped-def]
        doing = _DOING.set({})
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            from conflictwire import errors

            if _usage_error(exc) and not sys.stderr.isatty():
                # on a terminal Typer draws its box; in logs and pipes, one line
                where = getattr(getattr(exc, "ctx", None), "command_path", "conflictwire")
                _error(f"{exc.format_message()} (see `{where} --help`)")  # type: ignore[attr-defined]
                raise typer.Exit(exc.exit_code) from None  # type: ignore[attr-defined]
            now = _DOING.get() or {}
            failure = errors.explain(exc, store=now.get("store"), writing=now.get("writing"))
            if failure is None:  # not an operator's problem: a bug, keep its traceback
                raise
            _error(failure.message)
            raise typer.Exit(failure.code) from None
        finally:
            _DOING.reset(doing)


def _usage_error(exc: Exception) -> bool:
    """A command-line usage error (click's, as vendored by Typer or not), except the "no
    arguments: show the help" signal."""
    names = {c.__name__ for c in type(exc).__mro__}
    return "UsageError" in names and "NoArgsIsHelpError" not in names


app = typer.Typer(
    cls=_Commands,
    add_completion=False,
    no_args_is_help=True,
    help="conflictwire: conflict news -> ACLED-style events with evidence.",
)
evaluate_app = typer.Typer(no_args_is_help=True, help="Measure accuracy on gold data.")
app.add_typer(evaluate_app, name="evaluate")
# Messages on stderr are never wrapped by rich: one message, one line, also in logs and pipes.
err = Console(stderr=True, soft_wrap=True)
# What the running command works on ("store": its URL, "writing": its output), for messages.
_DOING: ContextVar[dict[str, str] | None] = ContextVar("conflictwire_doing", default=None)


def _error(message: str) -> None:
    """``error: message`` on stderr, on one line (the message is not read as rich markup)."""
    from rich.markup import escape

    err.print(f"[red]error:[/] {escape(message)}", highlight=False)


def _note(key: str, value: str) -> None:
    """Remember what the command is working on, for the error handler (``_Commands``)."""
    doing = _DOING.get()
    if doing is not None:
        doing[key] = value


def _console() -> Console:
    """Standard output; a wide page when it is not a terminal (files, pipes, CI logs)."""
    return Console() if sys.stdout.isatty() else Console(width=200)


_INPUTS_HELP = (
    "Files (.txt, .json, .jsonl, .jsonl.gz, .html, RSS/Atom .xml/.rss/.atom, .warc, .warc.gz), "
    "directories (read recursively), feed URLs (http/https) or - for stdin."
)


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    acled = "acled"
    parquet = "parquet"


def _parse_date(value: str | None) -> date | None:
    from conflictwire.ingest import InputError, parse_published

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/] --published {value!r} is not a valid date (use YYYY-MM-DD)")
        raise typer.Exit(2) from None
    try:
        return parse_published(day)  # a year outside bounds.MIN_YEAR..MAX_YEAR
    except InputError as e:
        err.print(f"[red]error:[/] --published: {e}")
        raise typer.Exit(2) from None


class Inputs:
    """The reports named on the command line: rejections are reported on stderr and counted,
    and ``close()`` ends with the tally (exit code 1 when anything was rejected)."""

    def __init__(
        self, inputs: list[str], published: date | None = None, source: str | None = None
    ) -> None:
        self.inputs, self.published, self.source = inputs, published, source
        self.read = self.rejected = 0

    def __iter__(self):
        for item in self.sourced():
            yield item.article

    def sourced(self):  # -> Iterator[ingest.Sourced]
        """The usable reports with their input and line (``guard.guarded`` takes these)."""
        from conflictwire.ingest import Rejection, read_sourced

        items = read_sourced(
            self.inputs, published=self.published, source=self.source, stdin=sys.stdin,
            notes=self.note,
        )  # fmt: skip
        for item in items:
            if isinstance(item, Rejection):
                self.reject(item)
                continue
            self.read += 1
            yield item

    def reject(self, item, was_read: bool = False) -> None:  # item: ingest.Rejection
        """One line on stderr for a rejected report, counted; ``was_read``: it had been counted
        as read (rejected later, by the pipeline or the store)."""
        from rich.markup import escape

        self.rejected += 1
        self.read -= was_read
        where = f"{item.input}" + (f":{item.line}" if item.line else "")
        err.print(f"[red]rejected[/] {escape(where)}: {escape(item.reason)}", highlight=False)

    def note(self, item) -> None:  # item: ingest.Rejection
        """One line on stderr for a file of a directory passed over (not counted)."""
        from rich.markup import escape

        err.print(f"skipped {escape(item.input)}: {escape(item.reason)}", highlight=False)

    def close(self, what: str = "") -> None:
        err.print(f"{self.read} report(s) read, {what}{self.rejected} rejected")
        if self.rejected:
            raise typer.Exit(1)


_NO_STORE_HINT = "create one with `conflictwire ingest FILE...`"
_QUIET_HELP = "No progress bar (none is drawn anyway when stderr is not a terminal)."


def _open_store(db: str | None, must_exist: bool = False, hint: str = _NO_STORE_HINT):  # -> Store
    """The store at ``db`` (default: ``$CONFLICTWIRE_DB``, else the user's data directory).

    With ``must_exist`` a store that is not there yet is an error instead of being created.
    Failures are one-line errors (exit 2, password masked) instead of a driver's traceback.
    """
    from conflictwire import errors
    from conflictwire.store import Store
    from conflictwire.store.db import default_db_url, display_url, normalise_url, sqlite_path

    url = normalise_url(db or default_db_url())
    errors.add_url_secrets(url)
    if not url.startswith(("sqlite:", "postgresql")):
        raise OperatorError(
            f"unsupported store {display_url(url)}: use sqlite:///PATH or postgresql://..."
        )
    _note("store", url)
    try:
        if must_exist:
            from conflictwire.store.db import store_exists

            if not store_exists(url):
                path = sqlite_path(url) if url.startswith("sqlite") else None
                where = path if path is not None else display_url(url)
                raise OperatorError(f"no store at {where} ({hint})")
        return Store(url)
    except Exception as exc:
        failure = errors.explain(exc, store=url, opening=True)
        if failure is None:
            raise
        raise failure from None


def _check_output(path: Path | None) -> None:
    """Refuse (one line, exit 2) an output file whose folder does not exist: the folder is
    not created, as a mistyped folder would otherwise receive the file."""
    _note("writing", str(path) if path is not None else "standard output")
    if path is not None and not path.parent.is_dir():
        raise OperatorError(f"cannot write {path}: the folder {path.parent} does not exist")


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    """FILE when given (created; its folder must exist), else standard output."""
    _check_output(path)
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as fh:
        yield fh


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help=_INPUTS_HELP),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD for inputs without one."
    ),
    source: str | None = typer.Option(None, help="Source name for inputs without one."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write to FILE instead of stdout."
    ),
    include_historical: bool = typer.Option(False, help="Also emit background events (marked)."),
    explain: bool = typer.Option(
        False, "--explain", help="On stderr, each candidate: kept or set aside, and why."
    ),
    gate: bool = typer.Option(
        True, help="Let the relevance gate skip the parse of reports it finds nothing in."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_QUIET_HELP),
) -> None:
    """Extract events from news reports."""
    from conflictwire.guard import guarded
    from conflictwire.ingest import Rejection
    from conflictwire.output import write_events
    from conflictwire.pipeline import Pipeline
    from conflictwire.progress import progress

    if fmt == Format.parquet:
        if output is None and sys.stdout.isatty():
            raise OperatorError(
                "parquet is a binary format: write it to a file with -o FILE "
                "(or redirect standard output)"
            )
        _check_output(output)
    pipeline = Pipeline(include_historical=include_historical, gate=gate)
    reports = Inputs(inputs, _parse_date(published), source)
    gated = 0

    def _events(doc):
        nonlocal gated
        if doc.gated:
            gated += 1
        if explain:
            _explain(doc, pipeline)
        return pipeline.events(doc)

    def _each(bar):  # every report on its own: one that fails is rejected, the others go on
        for item in guarded(pipeline, reports.sourced(), make=_events):
            bar.advance()
            if isinstance(item, Rejection):
                reports.reject(item, was_read=True)
            else:
                yield from item.events

    if fmt == Format.parquet:  # binary: to -o FILE or a pipe (checked before the model loads)
        from conflictwire.event_parquet import write_event_parquet

        with progress("extract", quiet=quiet, console=err) as bar:
            n = write_event_parquet(_each(bar), output or sys.stdout.buffer)
    else:
        with _output(output) as out, progress("extract", quiet=quiet, console=err) as bar:
            n = write_events(_each(bar), fmt.value, out, console=None if output else _console())
    reports.close(f"{n} event(s), " + (f"{gated} skipped by the relevance gate, " if gate else ""))


def _explain(doc, pipeline) -> None:
    import json

    from conflictwire.decision.explain import explain

    model = pipeline.resources.decision
    if doc.gated:  # stopped by the relevance gate
        line = {"article_id": doc.article.id, "gated": True, "relevance": round(doc.relevance, 4),
                "threshold": pipeline.gate.threshold}  # fmt: skip
        err.print(json.dumps(line), markup=False, highlight=False, soft_wrap=True)
        return
    for row in explain(doc, model) if model is not None else []:
        line = {"article_id": doc.article.id, **row}
        text = json.dumps(line, ensure_ascii=False)
        err.print(text, markup=False, highlight=False, soft_wrap=True)


class TimexFormat(StrEnum):
    jsonl = "jsonl"


@app.command()
def timex(
    inputs: list[str] = typer.Argument(..., help=_INPUTS_HELP),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD for inputs without one."
    ),
    fmt: TimexFormat = typer.Option(TimexFormat.jsonl, "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write to FILE instead of stdout."
    ),
) -> None:
    """Time expressions (TIMEX3 type and value) of each report, one JSON line per report."""
    import json

    from conflictwire.nlp import load_nlp
    from conflictwire.stages.dates import tag_text

    nlp = load_nlp()
    reports = Inputs(inputs, _parse_date(published))
    with _output(output) as out:
        for item in reports:
            tags = tag_text(item.text, item.published, nlp(item.text))
            rows = [
                {"text": t.text, "start": t.start, "end": t.end, "type": t.type, "value": t.value}
                for t in tags
            ]
            line = {"article_id": item.id, "timexes": rows}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    reports.close()


@evaluate_app.command("acled")
def evaluate_acled_cmd(
    csv_path: Path = typer.Argument(..., help="An ACLED export (CSV) with a notes column."),
    split: str = typer.Option("all", help="all, dev or test (see README)."),
    limit: int | None = typer.Option(None, help="Only the first N rows."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON."),
    raw: bool = typer.Option(
        False, "--raw", help="Read the notes as they are (keep ACLED's coder annotations)."
    ),
) -> None:
    """Accuracy against hand-coded ACLED events, each row's notes (without ACLED's coder
    annotations unless --raw) as the input."""
    from conflictwire.evaluate.handcoded import evaluate_acled, print_report

    if not csv_path.is_file():
        err.print(f"[red]error:[/] {csv_path} is not a file")
        raise typer.Exit(2)
    report = evaluate_acled(csv_path, split=split, limit=limit, strip=not raw)
    print_report(report, _console())
    if json_out:
        import json

        json_out.write_text(json.dumps(report.to_dict(), indent=2))


@evaluate_app.command("glocon")
def evaluate_glocon_cmd(
    path: Path = typer.Argument(
        ..., help="GLOCON-style documents (JSONL: id, url, text, label; label 1 = protest)."
    ),
    limit: int | None = typer.Option(None, help="Only the first N documents."),
    misses: int = typer.Option(0, help="List the first N errors of the tune half (not held-out)."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON."),
) -> None:
    """Precision, recall and F1 of "protest found" (any Protests/Riots event) per document."""
    from conflictwire.evaluate.protest_docs import GloconError, evaluate_glocon, print_report

    if not path.is_file():
        err.print(f"skip: no GLOCON documents at {path}", markup=False, highlight=False)
        raise typer.Exit(2)
    try:
        report = evaluate_glocon(path, limit=limit)
    except GloconError as e:
        err.print(f"error: {e}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    print_report(report, _console(), misses=misses)
    if json_out:
        report.write_json(json_out)


@evaluate_app.command("timeml")
def evaluate_timeml_cmd(
    folder: Path = typer.Argument(..., help="A folder of TimeML .tml files (e.g. TimeBank)."),
    baseline: bool = typer.Option(True, help="Also score dateparser.search_dates."),
    misses: int = typer.Option(0, help="Print the first N gold DATE/TIME expressions missed."),
    split: str = typer.Option("all", help="Whose misses to print: all, tune or held-out."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON."),
) -> None:
    """Value accuracy and span precision of the temporal tagger on TimeML files."""
    from conflictwire.evaluate.timeml import evaluate_timeml, print_report

    if not folder.is_dir() or not any(folder.glob("*.tml")):
        err.print(f"skip: no .tml files in {folder}")
        return
    report = evaluate_timeml(folder, baseline=baseline)
    print_report(report, _console(), misses=misses, split=split)
    if json_out:
        import json

        json_out.write_text(json.dumps(report.to_dict(), indent=2))


@app.command()
def bench(
    corpus: Path = typer.Argument(..., help="A JSONL corpus {id,text,...} or an ACLED CSV."),
    limit: int | None = typer.Option(None, help="Only the first N reports."),
    long_mb: float = typer.Option(
        2.0, min=0, help="Also time a synthetic report of this many MB against a 10 KB one (0: no)."
    ),
) -> None:
    """Reports per second for extract, against spaCy's nlp.pipe alone."""
    from conflictwire.bench import run_bench

    if not corpus.is_file():
        err.print(f"[red]error:[/] {corpus} is not a file")
        raise typer.Exit(2)
    run_bench(corpus, limit=limit, console=_console(), long_mb=long_mb)


gazetteer_app = typer.Typer(no_args_is_help=True, help="Build or import the gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build_cmd(
    path: Path | None = typer.Option(
        None, "--path", help="Output file (default: the user data directory)."
    ),
) -> None:
    """Build the default gazetteer (offline, from the installed GeoNames-derived packages)."""
    from conflictwire.gazetteer.build import build
    from conflictwire.gazetteer.paths import user_path

    target = path or user_path()
    err.print(f"building {target} ...")
    build(target)
    print(target)


@gazetteer_app.command("import")
def gazetteer_import_cmd(
    files: list[Path] = typer.Argument(
        ...,
        help="GeoNames dumps: IQ.txt/IQ.zip or allCountries, alternateNamesV2.txt, "
        "admin1CodesASCII.txt, admin2Codes.txt.",
    ),
    path: Path | None = typer.Option(
        None, "--path", help="Output file (default: the user data directory)."
    ),
    add: bool = typer.Option(
        False, "--add", help="Add the dumps' places to the gazetteer in use (yours, else the "
        "embedded one) instead of building one from the dumps alone."
    ),
) -> None:
    """Build a gazetteer from GeoNames dumps you downloaded (streamed; the old file is kept
    intact until the new one is complete)."""
    from conflictwire.gazetteer.geonames import GeoNamesError, import_geonames
    from conflictwire.gazetteer.paths import default_path, user_path

    target = path or user_path()
    try:
        stats = import_geonames(files, target, onto=default_path() if add else None)
    except GeoNamesError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    err.print(", ".join(f"{k} {v}" for k, v in stats.items()))
    print(target)


class GeoFormat(StrEnum):
    jsonl = "jsonl"


@app.command()
def geoparse(
    inputs: list[str] = typer.Argument(..., help=_INPUTS_HELP),
    fmt: GeoFormat = typer.Option(GeoFormat.jsonl, "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write to FILE instead of stdout."
    ),
    gazetteer: Path | None = typer.Option(
        None, help="A gazetteer file (default: the user's built one, else the embedded one)."
    ),
    explain: bool = typer.Option(
        False, "--explain", help="With each place, the readings weighed and the features that "
        "decided (the resolver's ranking model).",
    ),
) -> None:
    """Toponyms of each report resolved to gazetteer places, one JSON line per report."""
    import json

    from conflictwire.gazetteer.geoparse import Geoparser
    from conflictwire.resources import Resources

    reports = Inputs(inputs)
    gp = Geoparser(Resources(gazetteer) if gazetteer else None)
    with _output(output) as out:
        for res in gp.parse(reports, explain=explain):
            out.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
    reports.close()


@evaluate_app.command("geoparse")
def evaluate_geoparse_cmd(
    xml_path: Path = typer.Argument(..., help="A GeoWebNews- or LGL-style XML file."),
    limit: int | None = typer.Option(None, help="Only the first N articles."),
    misses: int = typer.Option(0, help="Print the first N gold toponyms missed or misplaced."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON."),
) -> None:
    """Geoparsing accuracy (within 161 km), span recall/precision and the gazetteer's ceiling."""
    from conflictwire.evaluate.geoparse import evaluate_geoparse, print_report

    if not xml_path.is_file():
        err.print(f"[red]error:[/] {xml_path} is not a file")
        raise typer.Exit(2)
    report = evaluate_geoparse(xml_path, limit=limit)
    print_report(report, _console(), misses=misses)
    if json_out:
        import json

        json_out.write_text(json.dumps(report.to_dict(), indent=2))


# --------------------------------------------------------------------------- store (issue 5)

_DB_HELP = "Store URL: sqlite:///path or postgresql://... (default: $CONFLICTWIRE_DB, else a "
_DB_HELP += "SQLite file in the user's data directory)."


class StoreFormat(StrEnum):
    table = "table"
    csv = "csv"
    acled = "acled"
    jsonl = "jsonl"
    geojson = "geojson"
    parquet = "parquet"
    plover = "plover"


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help=_INPUTS_HELP),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD for inputs without one."
    ),
    source: str | None = typer.Option(None, help="Source name for inputs without one."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_QUIET_HELP),
) -> None:
    """Extract events from reports and store them (articles, events, merged incidents)."""
    from conflictwire.guard import describe, guarded, store_failure
    from conflictwire.ingest import Rejection
    from conflictwire.progress import progress

    store = _open_store(db)
    reports = Inputs(inputs, _parse_date(published), source)
    counts = {"added": 0, "replaced": 0, "unchanged": 0, "events": 0}

    def pending():
        for item in reports.sourced():
            try:
                status = store.status(item.article)
            except Exception as exc:  # one report's values the store refuses: reject it
                if store_failure(exc):
                    raise
                reason = f"could not be looked up in the store ({describe(exc)})"
                reports.reject(item.rejection(reason), was_read=True)
                bar.advance()
                continue
            if status == "unchanged":
                counts["unchanged"] += 1
                bar.advance()
            else:
                yield item

    with progress("ingest", quiet=quiet, console=err) as bar:
        todo = pending()
        first = next(todo, None)  # load the NLP model only when something is new
        if first is not None:
            import itertools

            from conflictwire.pipeline import Pipeline

            pipeline = Pipeline()

            def keep(doc, evs):  # one transaction per report: a failure leaves nothing behind
                return store.ingest(doc.article, evs)

            reports_todo = itertools.chain([first], todo)
            for item in guarded(pipeline, reports_todo, keep=keep, fatal=store_failure):
                bar.advance()
                if isinstance(item, Rejection):
                    reports.reject(item, was_read=True)
                    continue
                counts[item.kept.status] += 1
                counts["events"] += item.kept.n_events
    totals = store.totals()
    err.print(
        f"{counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} already "
        f"stored; {counts['events']} event(s) stored. Store: "
        f"{totals['articles']} articles, {totals['events']} events, "
        f"{totals['incidents']} incidents ({store.url.split('@')[-1]})"
    )
    store.close()
    reports.close()


@app.command()
def batch(
    inputs: list[str] = typer.Argument(..., help=_INPUTS_HELP),
    out: Path | None = typer.Option(
        None, "--out", help="Write the events to FILE.parquet (checkpoint: FILE.parquet.parts/)."
    ),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    workers: int | None = typer.Option(
        None, "--workers", min=1, max=256, help="Worker processes of the local cluster (cores)."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="A running Dask scheduler (tcp://HOST:PORT) to use instead."
    ),
    chunk_size: int = typer.Option(
        64, "--chunk-size", min=1, max=100_000, help="Reports a task (the first ones fewer)."
    ),
    restart: bool = typer.Option(False, "--restart", help="Throw away an earlier checkpoint."),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD for inputs without one."
    ),
    source: str | None = typer.Option(None, help="Source name for inputs without one."),
    include_historical: bool = typer.Option(False, help="Also emit background events (marked)."),
    gate: bool = typer.Option(
        True, help="Let the relevance gate skip the parse of reports it finds nothing in."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_QUIET_HELP),
) -> None:
    """Extract events from many reports on a Dask cluster, into Parquet or a store (resumable)."""
    from conflictwire import batch as runner
    from conflictwire.progress import progress

    if (out is None) == (db is None):
        raise OperatorError("batch: give one of --out FILE.parquet or --db URL")
    runner.require_dask()
    store = _open_store(db) if db is not None else None
    if out is not None:
        _check_output(out)
    day = _parse_date(published)
    reports = Inputs(inputs, day, source)

    def reject(item) -> None:  # item: ingest.Rejection (after the report was read)
        reports.reject(item, was_read=True)

    n_workers = workers or os.cpu_count() or 1
    options = {"include_historical": include_historical, "gate": gate}  # the Pipeline's
    with runner.connect(n_workers, scheduler) as client, progress("batch", None, quiet, err) as bar:
        runner.count_in_background(inputs, day, source, bar)
        if out is not None:
            done = runner.to_parquet(client, reports.sourced(), out, reject, bar, chunk_size,
                                     options, restart)  # fmt: skip
        else:
            done = runner.to_store(client, reports.sourced(), store, reject, bar, chunk_size,
                                   options)  # fmt: skip
    resumed = f"{done.resumed} chunk(s) from the checkpoint, " if done.resumed else ""
    if gate:
        resumed = f"{done.gated} skipped by the relevance gate, {resumed}"
    if store is not None:
        c, totals = done.counts, store.totals()
        err.print(
            f"{c['added']} added, {c['replaced']} replaced, {c['unchanged']} already stored; "
            f"{done.events} event(s) stored. Store: {totals['articles']} articles, "
            f"{totals['events']} events, {totals['incidents']} incidents "
            f"({store.url.split('@')[-1]})"
        )
        store.close()
    reports.close(f"{done.events} event(s), {resumed}")


@app.command("events")
def events_cmd(
    country: str | None = typer.Option(None, help="Country name (ACLED spelling)."),
    admin1: str | None = typer.Option(None, help="First-level administrative unit."),
    since: str | None = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    type_: str | None = typer.Option(
        None, "--type", help="Event type, sub-event type or disorder type."
    ),
    actor: str | None = typer.Option(None, help="Part of an actor's name."),
    bbox: str | None = typer.Option(None, help="min_lon,min_lat,max_lon,max_lat"),
    q: str | None = typer.Option(None, "--q", help="Text in notes, places, actors, sources."),
    fmt: StoreFormat = typer.Option(StoreFormat.table, "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write to FILE instead of stdout."
    ),
    limit: int | None = typer.Option(None, help="At most N events."),
    sort: str = typer.Option("-event_date", help="Sort key (event_date, fatalities...; - desc)."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Query stored events (incidents merged across reports)."""
    from conflictwire.exports import write_incidents
    from conflictwire.output import BINARY_FORMATS
    from conflictwire.store import EventFilter, parse_bbox

    def day(v: str | None, name: str) -> date | None:
        if v is None:
            return None
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise OperatorError(f"{name} {v!r} is not a valid date (use YYYY-MM-DD)") from None

    try:
        box = parse_bbox(bbox) if bbox else None
    except ValueError as e:
        raise OperatorError(f"--bbox: {e}") from None
    f = EventFilter(
        country, admin1, day(since, "--since"), day(until, "--until"), type_, actor, box, q
    )
    if output is None and fmt.value in BINARY_FORMATS and sys.stdout.isatty():
        raise OperatorError(
            f"{fmt.value} is a binary format: write it to a file with -o FILE "
            "(or redirect standard output)"
        )
    _check_output(output)
    store = _open_store(db, must_exist=True)
    try:
        rows = store.iter_query(f, limit=limit, sort=sort)
        if fmt == StoreFormat.parquet:
            if output is None:
                n = write_incidents(rows, "parquet", sys.stdout.buffer)
            else:
                n = write_incidents(rows, "parquet", str(output))
        elif output is not None:
            with output.open("w", encoding="utf-8", newline="") as out:
                n = write_incidents(rows, fmt.value, out)
        elif fmt == StoreFormat.table:
            n = write_incidents(rows, "table", _console().file)
        else:
            n = write_incidents(rows, fmt.value, sys.stdout)
    except ValueError as e:
        raise OperatorError(str(e)) from None
    finally:
        store.close()
    err.print(f"{n} event(s)")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    read_token: str | None = typer.Option(
        None, "--read-token", help="Require this bearer token for reads (default: open)."
    ),
    create: bool = typer.Option(
        False, "--create", help="Create an empty store when there is none (default: refuse)."
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64,
        help="Server processes (one per core for many concurrent readers); each extracts POSTed "
        "reports in its own share of $CONFLICTWIRE_WORKERS (default: the cores) processes.",
    ),  # fmt: skip
    tiles: str | None = typer.Option(
        None, "--tiles", help="An online tile URL (https://.../{z}/{x}/{y}.png) for the map page "
        "at / (default: its offline basemap only).",
    ),  # fmt: skip
) -> None:
    """Serve the REST API (OpenAPI docs at /docs) and the map page (/). Writes need
    $CONFLICTWIRE_TOKEN."""
    from conflictwire import errors

    errors.add_secret(read_token)
    hint = f"{_NO_STORE_HINT}, or serve an empty one with --create"
    store = _open_store(db, must_exist=not create, hint=hint)
    import uvicorn

    from conflictwire.api import create_app

    if workers == 1:
        uvicorn.run(create_app(store, read_token=read_token, tiles=tiles), host=host, port=port)
        return
    # Several processes: uvicorn starts each from the factory, which reads the store and the
    # tokens from the environment (never the command line, which `ps` shows).
    from conflictwire.api.app import ENV_READ_TOKEN, ENV_TILES
    from conflictwire.api.extraction import ENV_WORKERS, default_workers
    from conflictwire.store.db import ENV_DB

    url = store.url
    store.close()
    os.environ[ENV_DB] = url
    if read_token:
        os.environ[ENV_READ_TOKEN] = read_token
    if tiles:
        os.environ[ENV_TILES] = tiles
    os.environ[ENV_WORKERS] = str(max(1, default_workers() // workers))
    uvicorn.run("conflictwire.api:create_app", factory=True, host=host, port=port, workers=workers)


@app.command()
def train(
    data: Path = typer.Option(
        Path("../shared/data"), help="Folder with train/ (and the texts of the gold set)."
    ),
    labels: Path | None = typer.Option(
        Path("gold/news/labels.jsonl"),
        help="The real-news gold set: its dev split calibrates the model (never its test split).",
    ),
    news_labels: Path | None = typer.Option(
        Path("gold/news/train-labels.jsonl"), help="News labelled for training (one reading)."
    ),
    out: Path | None = typer.Option(None, help="Write the model here (default: the package)."),
    workers: int = typer.Option(2, min=1, help="Processes for the rule stages."),
) -> None:
    """Rebuild the event-decision model from ../shared/data/train (deterministic)."""
    from conflictwire.decision.train import train as run_train

    train_dir = data / "train"
    if not (train_dir / "acled-notes.csv.gz").is_file():
        err.print(f"[red]error:[/] {train_dir} holds no training data (acled-notes.csv.gz)")
        raise typer.Exit(2)
    if labels is not None and not labels.is_file():
        err.print(f"no gold labels at {labels}: the model is not calibrated on real news")
        labels = None
    run_train(
        train_dir, labels=labels, data_dir=data, out=out, news_labels=news_labels,
        workers=workers, log=err.print,
    )  # fmt: skip


@app.command("train-casing")
def train_casing_cmd(
    data: Path = typer.Option(Path("../shared/data"), help="Folder with train/."),
    out: Path | None = typer.Option(None, help="Write the table here (default: the package)."),
) -> None:
    """Rebuild the table of words' usual case, used to read text in capitals (a few seconds)."""
    from conflictwire.casing import model_path
    from conflictwire.train_casing import TrainCasingError
    from conflictwire.train_casing import train as run_train

    try:
        casing = run_train(data, out or model_path())
    except TrainCasingError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    err.print(f"wrote {out or model_path()} ({len(casing.lower)} words in lower case, "
              f"{len(casing.upper)} in capitals)")  # fmt: skip


@app.command("train-resolver")
def train_resolver(
    data: Path = typer.Option(
        Path("../shared/data"), help="Folder with geoparsing/ and train/acled-notes.csv.gz."
    ),
    out: Path | None = typer.Option(None, help="Write the model here (default: the package)."),
) -> None:
    """Rebuild the places resolver's ranking model (deterministic; about 1.5 minutes)."""
    from conflictwire.gazetteer.rank import model_path
    from conflictwire.gazetteer.train_rank import TrainRankError
    from conflictwire.gazetteer.train_rank import train as run_train

    try:
        ranker = run_train(data, out or model_path(), log=err.print)
    except TrainRankError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    err.print(f"wrote {out or model_path()} ({ranker.meta.get('choices')} choices)")


@evaluate_app.command("gate")
def evaluate_gate_cmd(
    data: Path = typer.Option(Path("../shared/data"), help="Folder with acled/ and corpus/."),
    labels: Path = typer.Option(Path("gold/news/labels.jsonl"), help="The real-news gold set."),
    split: str = typer.Option("test", help="Split of the gold set and of the ACLED notes."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """What the relevance gate lets through (ACLED notes, gold events) and what it skips."""
    import json

    from conflictwire.decision.relevance import default_relevance
    from conflictwire.evaluate.gate import evaluate_gate, print_report

    model = default_relevance()
    if model is None:
        raise OperatorError("this package carries no relevance gate (rebuild it: make model)")
    if not data.is_dir():
        err.print(f"skip: {data} not found")
        return
    rep = evaluate_gate(model, data / "acled" / "acled-global-2020-05-01_09.csv", labels, data,
                        data / "corpus" / "mixed-news.jsonl", split)  # fmt: skip
    if as_json:
        print(json.dumps(rep.as_dict()))
    else:
        print_report(rep, model, sys.stdout)


@evaluate_app.command("dedup")
def evaluate_dedup_cmd(
    pairs: Path = typer.Argument(
        ..., help="A YAML file of report pairs (tests/data/dedup_pairs.yaml)."
    ),
    errors: bool = typer.Option(False, help="List the pairs judged wrongly."),
    pipeline: bool = typer.Option(
        False, "--pipeline", help="Extract the events from the texts (end to end)."
    ),
) -> None:
    """Precision and recall of merging reports of the same incident."""
    from conflictwire.evaluate.dedup import evaluate_dedup, print_report

    if not pairs.is_file():
        err.print(f"[red]error:[/] {pairs} is not a file")
        raise typer.Exit(2)
    pipe = None
    if pipeline:
        from conflictwire.pipeline import Pipeline

        pipe = Pipeline()
    print_report(evaluate_dedup(pairs, pipeline=pipe), _console(), errors=errors)


@evaluate_app.command("news")
def evaluate_news_cmd(
    labels: Path = typer.Argument(..., help="Gold labels, one article a line (JSONL)."),
    data: Path | None = typer.Option(
        None, help="Folder with corpus/ and train/ (default: $CONFLICTWIRE_DATA, ../shared/data)."
    ),
    split: str = typer.Option("all", help="all, dev or test."),
    show_errors: bool = typer.Option(
        False, "--show-errors", help="With --split test, also list its false positives and misses."
    ),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON."),
    gate: bool = typer.Option(
        True, help="Run with the relevance gate (its table row counts what it stopped)."
    ),
) -> None:
    """Event precision/recall, field accuracy and calibration on the real-news gold set."""
    from conflictwire.evaluate.handcoded import EvaluationError
    from conflictwire.evaluate.news import evaluate_news, print_report
    from conflictwire.pipeline import Pipeline

    try:
        report = evaluate_news(labels, data_dir=data, split=split, show_errors=show_errors,
                               pipeline=Pipeline(gate=gate))  # fmt: skip
    except EvaluationError as e:
        from rich.markup import escape

        err.print(f"[red]error:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    for aid, reason in sorted(report.not_found.items()):
        err.print(f"not found: {aid}: {reason}", markup=False, highlight=False, soft_wrap=True)
    print_report(report, _console())
    if json_out:
        report.write_json(json_out)


@app.command()
def watch(
    feeds: list[str] = typer.Argument(..., help="RSS/Atom feeds: http(s) URLs or files."),
    every: str = typer.Option("10m", help="Time between polls: 30s, 10m, 1h..."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    once: bool = typer.Option(False, "--once", help="Poll each feed once, then exit (cron)."),
    state: Path | None = typer.Option(
        None, help="File of the items seen (default: beside a SQLite store, else in the user's "
        "data directory).",
    ),  # fmt: skip
) -> None:
    """Poll feeds and store the events of their new items (Ctrl-C stops): one line per feed
    per poll; a feed that is down or malformed is a warning, and the watch goes on. With --once,
    the exit code is 1 when a feed could not be read or an item was rejected."""
    import time

    from conflictwire.errors import scrub
    from conflictwire.watch import SeenItems, Watcher, parse_every, state_path
    from conflictwire.watch import watch as run_watch

    try:
        seconds = parse_every(every)
    except ValueError as e:
        raise OperatorError(f"--every: {e}") from None
    store = _open_store(db)
    reports = Inputs(feeds)

    def pipeline():
        from conflictwire.pipeline import Pipeline

        return Pipeline()

    def show(poll) -> None:
        print(scrub(poll.line()), flush=True)

    seen = SeenItems(state or state_path(store.url))
    watcher = Watcher(store, seen, pipeline, reports.reject)
    try:
        polls = run_watch(watcher, feeds, seconds, once, show, time.sleep)
    except KeyboardInterrupt:
        err.print("stopped")
        return
    finally:
        store.close()
    if any(p.error for p in polls) or reports.rejected:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
