"""The command line: parse arguments, call the library, print. No pipeline logic lives here."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import EventwireError
from .model import Document, Failure
from .settings import DEFAULT_MAX_BYTES, Settings
from .store import DEFAULT_DB, Store

EVALUATIONS = ("extract", "geo", "time", "quotes", "events")


class PublishedDate(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.datetime:
        from .pipeline import parse_published

        try:
            result = parse_published(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        assert result is not None
        return result


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"eventwire: {message}", err=True)
    sys.exit(code)


def _settings(nlp: bool = True, **kwargs: Any) -> Settings:
    return Settings(nlp=nlp, **{k: v for k, v in kwargs.items() if v is not None})


db_option = click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite database file.",
)
nlp_options = [
    click.option("--no-nlp", is_flag=True, help="Only ingest and clean (no spaCy, no resolution)."),
    click.option(
        "--actors",
        "actor_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="Extra actor dictionary (YAML); repeatable.",
    ),
    click.option("--model", "spacy_model", default=None, help="spaCy pipeline name or path."),
]


def with_nlp_options(func: Any) -> Any:
    for option in reversed(nlp_options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: turn raw news into sourced, structured event data."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", type=PublishedDate(), help="Publication date for undated documents.")
@click.option(
    "--batch-size", type=click.IntRange(1, 10_000), default=None, help="Documents per transaction."
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest document accepted.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: a process pool on this machine; dask: a Dask cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Worker processes (default: every core; in-process for inputs under 1 MB).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler, e.g. tcp://host:8786 (default: a LocalCluster).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Write a partitioned Parquet dataset here instead of the database.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@with_nlp_options
def ingest(
    paths: tuple[str, ...],
    db: str,
    published: dt.datetime | None,
    batch_size: int | None,
    max_bytes: int,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    out: str | None,
    quiet: bool,
    no_nlp: bool,
    actor_files: tuple[str, ...],
    spacy_model: str | None,
) -> None:
    """Ingest files, directories, HTML, WARC, JSONL or - (stdin) into the database.

    With --out or --engine dask, each input file is one shard; with --out, a rerun skips the
    shards the dataset's manifest lists as finished.
    """
    from .engine import run_ingest
    from .engine.sharded import run_sharded
    from .progress import IngestProgress, render_summary

    if scheduler and engine != "dask":
        _fail("--scheduler needs --engine dask")
    settings = _settings(
        nlp=not no_nlp,
        batch_size=batch_size,
        max_bytes=max_bytes,
        actor_files=[Path(p) for p in actor_files],
        spacy_model=spacy_model,
    )
    command = "ingest " + " ".join(paths)
    try:
        with contextlib.ExitStack() as stack:
            progress = stack.enter_context(IngestProgress(disable=quiet))
            if out is not None or engine == "dask":
                store = None if out is not None else stack.enter_context(Store(db))
                summary = run_sharded(
                    list(paths),
                    settings,
                    engine=engine,
                    out=Path(out) if out else None,
                    store=store,
                    published=published,
                    workers=workers,
                    scheduler=scheduler,
                    progress=progress.update,
                    command=command,
                )
            else:
                store = stack.enter_context(Store(db))
                summary = run_ingest(
                    list(paths),
                    store,
                    settings,
                    published,
                    progress.update,
                    command=command,
                    workers=workers,
                )
    except EventwireError as exc:
        _fail(str(exc))
    click.echo(render_summary(summary, out or db))
    if summary.read == 0 and summary.failed:
        first = summary.first_failures[0]
        more = sum(summary.failed.values()) - 1
        _fail(
            f"nothing could be read: {first.input}: {first.reason}"
            + (f" (and {more} more failures)" if more else "")
        )


@main.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@db_option
def load(dataset: str, db: str) -> None:
    """Load a Parquet dataset written by `ingest --out` into the database."""
    from .engine.dataset import load_dataset

    try:
        with Store(db) as store:
            counts = load_dataset(Path(dataset), store)
    except EventwireError as exc:
        _fail(str(exc))
    parts = ", ".join(f"{outcome} {n}" for outcome, n in sorted(counts.items()))
    click.echo(f"loaded {dataset} into {db}: {parts or 'nothing'}")


@main.command()
@click.argument("path")
@click.option(
    "--published", type=PublishedDate(), help="Publication date, if the document has none."
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True
)
@with_nlp_options
def extract(
    path: str,
    published: dt.datetime | None,
    fmt: str,
    no_nlp: bool,
    actor_files: tuple[str, ...],
    spacy_model: str | None,
) -> None:
    """Process one document (file or -) without a database and print it."""
    from .engine import documents_from
    from .render import document_text

    settings = _settings(
        nlp=not no_nlp, actor_files=[Path(p) for p in actor_files], spacy_model=spacy_model
    )
    try:
        results = documents_from([path], settings, published)
    except EventwireError as exc:
        _fail(str(exc))
    docs = [r for r in results if isinstance(r, Document)]
    for failure in (r for r in results if isinstance(r, Failure)):
        click.echo(f"eventwire: {failure.input}: {failure.stage}: {failure.reason}", err=True)
    if not docs:
        _fail(f"no document could be extracted from {path}")
    for doc in docs:
        if fmt == "json":
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(document_text(doc))


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(db: str, as_json: bool) -> None:
    """Counts of articles, annotations and failures in the database."""
    from .render import stats_text

    try:
        with Store(db, readonly=True) as store:
            data = store.stats()
            data["recent_failures"] = store.failures(limit=10)
    except EventwireError as exc:
        _fail(str(exc))
    click.echo(json.dumps(data, indent=2) if as_json else stats_text(data))


@main.command()
@click.argument("article_id")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True
)
def show(article_id: str, db: str, fmt: str) -> None:
    """Show one stored article with its annotations (ID or a unique prefix)."""
    from .render import document_text

    try:
        with Store(db, readonly=True) as store:
            doc = store.get_document(article_id)
    except EventwireError as exc:
        _fail(str(exc))
    if doc is None:
        _fail(f"no article with id {article_id!r} in {db}")
    assert doc is not None
    click.echo(
        json.dumps(doc.to_dict(), ensure_ascii=False, indent=2)
        if fmt == "json"
        else document_text(doc)
    )


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
def search(query: str, db: str, limit: int) -> None:
    """Full-text search over article titles and bodies."""
    try:
        with Store(db, readonly=True) as store:
            rows = store.search(query, limit)
    except EventwireError as exc:
        _fail(str(exc))
    for row in rows:
        click.echo(f"{row['id'][:12]}  {row['published'] or '?':<10.10}  {row['title'] or ''}")
        click.echo(f"    {row['snippet']}")
    if not rows:
        click.echo("no match")


@main.command()
@db_option
@click.option("--speaker", default=None, help="Only quotes whose speaker name contains this.")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def quotes(db: str, speaker: str | None, limit: int, as_json: bool) -> None:
    """Who said what: stored quotes with their speakers and sources."""
    try:
        with Store(db, readonly=True) as store:
            rows = store.quotes(speaker, limit)
    except EventwireError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        who = row["speaker"] or row["speaker_text"] or "?"
        via = f" (via {' <- '.join(row['via'])})" if row["via"] else ""
        click.echo(f"{(row['published'] or '?')[:10]}  {who}{via} [{row['kind']}]")
        click.echo(f"    {row['content']}")
    if not rows:
        click.echo("no quotes" + (f" by a speaker matching {speaker!r}" if speaker else ""))


@main.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["plover-jsonl", "cameo-tsv", "acled-csv", "csv", "parquet"]),
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Output file (- for standard output; parquet needs a file).",
)
def export_events(db: str, fmt: str, output: str) -> None:
    """Export every stored event in a format event-data users load."""
    from .export import export

    if fmt == "parquet" and output == "-":
        _fail("parquet is binary: give an output file with -o")
    try:
        with Store(db, readonly=True) as store:
            documents = store.iter_documents()
            if output == "-":
                count = export(documents, fmt, sys.stdout)
            else:
                with open(
                    output,
                    "wb" if fmt == "parquet" else "w",
                    encoding=None if fmt == "parquet" else "utf-8",
                    newline=None if fmt == "parquet" else "",
                ) as fh:
                    count = export(documents, fmt, fh)
    except EventwireError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}")
    click.echo(
        f"exported {count} events as {fmt}" + (f" to {output}" if output != "-" else ""), err=True
    )


@main.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind (loopback by default: nothing is exposed).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="EVENTWIRE_TOKEN",
    default=None,
    show_envvar=True,
    help="Bearer token that enables the ingest endpoint (off without one).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (each keeps its own response cache).",
)
@click.option("--access-log", is_flag=True, help="Log every request.")
def serve(db: str, host: str, port: int, token: str | None, workers: int, access_log: bool) -> None:
    """Run the explorer: JSON API and web UI over the database."""
    from .web import serve as run_server

    if not Path(db).exists():
        _fail(f"no database at {db} (run `eventwire ingest` first)")
    try:
        run_server(
            Path(db), host=host, port=port, token=token, workers=workers, access_log=access_log
        )
    except EventwireError as exc:
        _fail(str(exc))


@main.command()
@click.argument("name", type=click.Choice(EVALUATIONS))
@click.option("--data", required=True, type=click.Path(exists=True), help="Gold data folder.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N items.")
@click.option("--json", "as_json", is_flag=True, help="Print the raw numbers as JSON.")
def evaluate(name: str, data: str, limit: int | None, as_json: bool) -> None:
    """Score a stage against public gold data (see docs/evaluation.md)."""
    try:
        module = importlib.import_module(f"eventwire.evaluate.{name}")
    except ModuleNotFoundError:
        _fail(f"the {name} evaluation is not available in this version")
    try:
        results = module.run(Path(data), limit=limit)
    except EventwireError as exc:
        _fail(str(exc))
    click.echo(json.dumps(results, indent=2, default=str) if as_json else module.render(results))


if __name__ == "__main__":  # pragma: no cover
    main()
