"""Progress display and closing summary for long runs (rich, on stderr)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .engine import RunSummary


class IngestProgress:
    """A live line: documents done, docs/s, new / duplicate / skipped / failed so far."""

    def __init__(self, disable: bool = False) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=disable,
            transient=True,
        )
        self._task = self._progress.add_task("starting…", total=None)

    def __enter__(self) -> IngestProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def update(self, summary: RunSummary) -> None:
        rate = summary.processed / summary.seconds if summary.seconds else 0.0
        shards = (
            f"shards {summary.shards_done}/{summary.shards_total}  " if summary.shards_total else ""
        )
        self._progress.update(
            self._task,
            description=(
                f"{shards}{summary.processed} docs  {rate:.1f} docs/s  new {summary.new}  "
                f"duplicate {summary.duplicate}  skipped {sum(summary.skipped.values())}  "
                f"failed {sum(summary.failed.values())}"
            ),
        )


def render_summary(summary: RunSummary, db: str) -> str:
    """The closing summary printed after ``eventwire ingest``."""
    lines = [
        f"ingested into {db}: {summary.read} documents read in {summary.seconds:.1f}s"
        + (f" ({summary.processed / summary.seconds:.1f} docs/s)" if summary.seconds else ""),
        *(
            [
                f"  shards     {summary.shards_done}/{summary.shards_total} done"
                f" ({summary.shards_resumed} finished by an earlier run)"
            ]
            if summary.shards_total
            else []
        ),
        f"  new        {summary.new}",
        f"  duplicate  {summary.duplicate}",
    ]
    skipped = sum(summary.skipped.values())
    lines.append(f"  skipped    {skipped}")
    lines += [f"    {n:>5}  {reason}" for reason, n in summary.skipped.most_common()]
    failed = sum(summary.failed.values())
    lines.append(f"  failed     {failed}")
    lines += [f"    {n:>5}  {reason}" for reason, n in summary.failed.most_common()]
    if failed:
        lines.append(f"  (details: eventwire stats --db {db})")
    return "\n".join(lines)
