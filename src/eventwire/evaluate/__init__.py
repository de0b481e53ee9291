"""Scorers for the public gold sets.

Each module ``evaluate/<name>.py`` exposes::

    run(data: Path, limit: int | None = None) -> dict[str, Any]   # the numbers
    render(results: dict[str, Any]) -> str                         # a Markdown report

and ``eventwire evaluate <name> --data PATH`` prints ``render(run(...))``.
"""
