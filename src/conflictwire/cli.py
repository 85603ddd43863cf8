"""The command line: thin wrappers that parse arguments, call the library and print."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="conflictwire: conflict news -> ACLED-style events with evidence.",
)
evaluate_app = typer.Typer(no_args_is_help=True, help="Measure accuracy on gold data.")
app.add_typer(evaluate_app, name="evaluate")
err = Console(stderr=True)


def _console() -> Console:
    """Standard output; a wide page when it is not a terminal (files, pipes, CI logs)."""
    return Console() if sys.stdout.isatty() else Console(width=200)


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    acled = "acled"


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/] --published {value!r} is not a valid date (use YYYY-MM-DD)")
        raise typer.Exit(2) from None


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .jsonl.gz) or - for stdin."),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD for inputs without one."
    ),
    source: str | None = typer.Option(None, help="Source name for inputs without one."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write to FILE instead of stdout."
    ),
    include_historical: bool = typer.Option(False, help="Also emit background events (marked)."),
) -> None:
    """Extract events from news reports."""
    from conflictwire.ingest import Rejection, read_inputs
    from conflictwire.output import write_events
    from conflictwire.pipeline import Pipeline

    pub = _parse_date(published)
    pipeline = Pipeline(include_historical=include_historical)
    rejected = 0
    articles = []

    def good_articles():
        nonlocal rejected
        for item in read_inputs(inputs, published=pub, source=source, stdin=sys.stdin):
            if isinstance(item, Rejection):
                rejected += 1
                where = f"{item.input}" + (f":{item.line}" if item.line else "")
                err.print(f"[red]rejected[/] {where}: {item.reason}")
                continue
            articles.append(item.id)
            yield item

    events = (e for doc in pipeline.pipe(good_articles()) for e in pipeline.events(doc))
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        n = write_events(events, fmt.value, out, console=None if output else _console())
    finally:
        if output:
            out.close()
    err.print(f"{len(articles)} report(s) read, {n} event(s), {rejected} rejected")
    if rejected:
        raise typer.Exit(1)


class TimexFormat(StrEnum):
    jsonl = "jsonl"


@app.command()
def timex(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .jsonl.gz) or - for stdin."),
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

    from conflictwire.ingest import Rejection, read_inputs
    from conflictwire.nlp import load_nlp
    from conflictwire.stages.dates import tag_text

    pub = _parse_date(published)
    nlp = load_nlp()
    rejected = n = 0
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for item in read_inputs(inputs, published=pub, stdin=sys.stdin):
            if isinstance(item, Rejection):
                rejected += 1
                where = f"{item.input}" + (f":{item.line}" if item.line else "")
                err.print(f"[red]rejected[/] {where}: {item.reason}")
                continue
            n += 1
            tags = tag_text(item.text, item.published, nlp(item.text))
            rows = [
                {"text": t.text, "start": t.start, "end": t.end, "type": t.type, "value": t.value}
                for t in tags
            ]
            line = {"article_id": item.id, "timexes": rows}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    err.print(f"{n} report(s) read, {rejected} rejected")
    if rejected:
        raise typer.Exit(1)


@evaluate_app.command("acled")
def evaluate_acled_cmd(
    csv_path: Path = typer.Argument(..., help="An ACLED export (CSV) with a notes column."),
    split: str = typer.Option("all", help="all, dev or test (see README)."),
    limit: int | None = typer.Option(None, help="Only the first N rows."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON."),
) -> None:
    """Accuracy against hand-coded ACLED events, each row's notes as the input."""
    from conflictwire.evaluate.acled import evaluate_acled, print_report

    if not csv_path.is_file():
        err.print(f"[red]error:[/] {csv_path} is not a file")
        raise typer.Exit(2)
    report = evaluate_acled(csv_path, split=split, limit=limit)
    print_report(report, _console())
    if json_out:
        import json

        json_out.write_text(json.dumps(report.to_dict(), indent=2))


@evaluate_app.command("timeml")
def evaluate_timeml_cmd(
    folder: Path = typer.Argument(..., help="A folder of TimeML .tml files (e.g. TimeBank)."),
    baseline: bool = typer.Option(True, help="Also score dateparser.search_dates."),
    misses: int = typer.Option(0, help="Print the first N gold DATE/TIME expressions missed."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON."),
) -> None:
    """Value accuracy and span precision of the temporal tagger on TimeML files."""
    from conflictwire.evaluate.timeml import evaluate_timeml, print_report

    if not folder.is_dir() or not any(folder.glob("*.tml")):
        err.print(f"skip: no .tml files in {folder}")
        return
    report = evaluate_timeml(folder, baseline=baseline)
    print_report(report, _console(), misses=misses)
    if json_out:
        import json

        json_out.write_text(json.dumps(report.to_dict(), indent=2))


@app.command()
def bench(
    corpus: Path = typer.Argument(..., help="A JSONL corpus {id,text,...}."),
    limit: int | None = typer.Option(None, help="Only the first N reports."),
) -> None:
    """Reports per second for extract, against spaCy's nlp.pipe alone."""
    from conflictwire.bench import run_bench

    if not corpus.is_file():
        err.print(f"[red]error:[/] {corpus} is not a file")
        raise typer.Exit(2)
    run_bench(corpus, limit=limit, console=_console())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
