"""Score the time resolver on TempEval-3 TimeBank + AQUAINT (TimeML with TIMEX3 values).

Two measurements, both anchored on each document's creation time (DCT), as TempEval-3 does:

* **value accuracy with gold spans**: every gold TIMEX3 string is normalised by
  :func:`eventwire.resolve.times.normalize` (with the clause tense taken from the spaCy parse) and
  by plain ``dateparser`` (``RELATIVE_BASE`` = DCT, its default ``PREFER_DATES_FROM`` unless
  ``--dateparser-prefer`` says otherwise) as the baseline, per corpus and overall;
* **end-to-end**: :func:`eventwire.resolve.times.find_times` on the plain text, scored against the
  gold spans with strict (exact offsets) and relaxed (overlap) matching, for spans alone and for
  span + value.

Values are compared after a light canonicalisation that only removes spelling differences
TimeML allows for the same value (``W7`` = ``W07``, ``T09:00:00`` = ``T09:00``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class GoldDoc:
    name: str
    corpus: str
    dct: dt.date
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)


def read_tml(path: Path, corpus: str) -> GoldDoc:
    """Plain text of the TEXT element with the offsets of every TIMEX3 in it."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"{path}: not a readable TimeML file ({exc})") from exc
    dct_node = root.find("DCT/TIMEX3")
    text_node = root.find("TEXT")
    if dct_node is None or text_node is None:
        raise InputError(f"{path}: TimeML file without a DCT or a TEXT element")
    dct = dt.date.fromisoformat(dct_node.get("value", "")[:10])
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    length = 0

    def walk(node: ET.Element) -> None:
        nonlocal length
        start = length
        if node.text:
            parts.append(node.text)
            length += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if node.tag == "TIMEX3":
            text = "".join(parts)[start:length]
            timexes.append(
                GoldTimex(start, length, text, node.get("type", ""), node.get("value", ""))
            )

    walk(text_node)
    return GoldDoc(path.stem, corpus, dct, "".join(parts), timexes)


def load_corpus(data: Path, limit: int | None = None) -> list[GoldDoc]:
    """TimeBank and AQUAINT documents under ``data`` (``limit`` documents from each)."""
    docs: list[GoldDoc] = []
    for corpus in ("TimeBank", "AQUAINT"):
        folder = data / corpus
        if not folder.is_dir():
            continue
        files = sorted(folder.glob("*.tml"))[: limit if limit else None]
        docs.extend(read_tml(path, corpus) for path in files)
    if not docs:
        raise InputError(f"{data}: no TimeBank/ or AQUAINT/ folder with .tml files")
    return docs


def canonical(value: str | None) -> str | None:
    """Remove spelling differences that do not change a TIMEX3 value."""
    if value is None:
        return None
    value = re.sub(r"W(\d)(?!\d)", r"W0\1", value)
    value = re.sub(r"(T\d{2}:\d{2}):00$", r"\1", value)
    value = re.sub(r"(T\d{2})$", r"\1:00", value)
    value = re.sub(r"^(\d{3})X$|^(\d{2})XX$", r"\1\2", value)  # "199X" and "199" both say the 1990s
    return value


# Gold values plain dateparser can express at all: a calendar day, month, year, ISO week or
# clock time. Durations, sets, quarters, seasons, parts of day and *_REF values are out of reach.
_CALENDAR_VALUE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d)?)?)?$|^\d{4}-W\d\d$")

DATEPARSER_PREFERENCES = ("current_period", "past", "future")


@functools.lru_cache(maxsize=64)
def _dateparser(dct: dt.date, prefer: str = "current_period") -> Any:
    import dateparser.date

    return dateparser.date.DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(dct.year, dct.month, dct.day),
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DATES_FROM": prefer,
        },
    )


def dateparser_value(text: str, dct: dt.date, prefer: str = "current_period") -> str | None:
    """The baseline: plain dateparser (its default ``PREFER_DATES_FROM`` unless told), formatted
    at the precision it reports (a month-level answer is ``YYYY-MM``, a week ``YYYY-Www``)."""
    parser = _dateparser(dct, prefer)
    try:
        data = parser.get_date_data(text)
    except Exception:
        return None
    if data is None or data.date_obj is None:
        return None
    date = data.date_obj
    period = data.period or "day"
    if period == "year":
        return f"{date.year:04d}"
    if period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if period == "week":
        year, week, _ = date.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "time":
        return date.strftime("%Y-%m-%dT%H:%M")
    return date.date().isoformat()


def run(
    data: Path,
    limit: int | None = None,
    baseline: bool = True,
    dateparser_prefer: str = "current_period",
) -> dict[str, Any]:
    """Value accuracy (ours vs dateparser) on gold spans, and end-to-end span/value F1."""
    from .. import nlp
    from ..model import Article
    from ..resolve.times import (
        advance,
        context_at,
        find_times,
        normalize,
        sentence_bounds,
        tense_at,
    )

    docs = load_corpus(Path(data), limit)
    model = nlp.load()
    started = time.perf_counter()
    parses = list(model.pipe([d.text for d in docs], batch_size=32))
    parse_seconds = time.perf_counter() - started

    value_hits: Counter[str] = Counter()
    base_hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_type_total: Counter[str] = Counter()
    base_by_type: Counter[str] = Counter()
    errors: list[dict[str, str]] = []
    calendar_values = calendar_hits = calendar_base_hits = 0
    resolve_seconds = 0.0
    span_counts = {
        "gold": 0,
        "found": 0,
        "strict": 0,
        "relaxed": 0,
        "strict_value": 0,
        "relaxed_value": 0,
    }
    for doc, sdoc in zip(docs, parses, strict=True):
        bounds = sentence_bounds(sdoc)
        story = None  # narrative state from OUR previous values (never the gold ones)
        for timex in doc.timexes:
            context = context_at(sdoc, timex.start, timex.end, bounds, doc.text)
            tense = tense_at(sdoc, timex.start, timex.end)
            value, _ = normalize(timex.text, doc.dct, tense=tense, context=context, narrative=story)
            story = advance(story, timex.text, value)
            gold = canonical(timex.value)
            ok = canonical(value) == gold
            for key in (doc.corpus, "overall"):
                totals[key] += 1
                value_hits[key] += ok
            by_type_total[timex.type] += 1
            by_type[timex.type] += ok
            if not ok:
                errors.append(
                    {
                        "doc": doc.name,
                        "text": timex.text,
                        "gold": timex.value,
                        "ours": str(value),
                        "dct": doc.dct.isoformat(),
                        "tense": str(tense),
                    }
                )
            is_calendar = bool(_CALENDAR_VALUE.match(gold or ""))
            calendar_values += is_calendar
            calendar_hits += is_calendar and ok
            if baseline:
                base_value = dateparser_value(timex.text, doc.dct, dateparser_prefer)
                base_ok = canonical(base_value) == gold
                calendar_base_hits += is_calendar and base_ok
                for key in (doc.corpus, "overall"):
                    base_hits[key] += base_ok
                base_by_type[timex.type] += base_ok
        article = Article(
            id=doc.name,
            text=doc.text,
            published=dt.datetime(doc.dct.year, doc.dct.month, doc.dct.day),
        )
        started = time.perf_counter()
        found = find_times(article, sdoc)
        resolve_seconds += time.perf_counter() - started
        _match_spans(doc, found, span_counts)

    def ratio(hits: float, total: float) -> float:
        return round(hits / total, 4) if total else 0.0

    accuracy = {key: ratio(value_hits[key], totals[key]) for key in totals}
    base_accuracy = {key: ratio(base_hits[key], totals[key]) for key in totals} if baseline else {}
    end_to_end = {}
    for name in ("strict", "relaxed", "strict_value", "relaxed_value"):
        precision = ratio(span_counts[name], span_counts["found"])
        recall = ratio(span_counts[name], span_counts["gold"])
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        end_to_end[name] = {"precision": precision, "recall": recall, "f1": f1}
    return {
        "documents": {c: sum(1 for d in docs if d.corpus == c) for c in ("TimeBank", "AQUAINT")},
        "expressions": dict(totals),
        "value_accuracy": accuracy,
        "dateparser_accuracy": base_accuracy,
        "accuracy_by_type": {t: ratio(by_type[t], by_type_total[t]) for t in sorted(by_type_total)},
        "dateparser_by_type": (
            {t: ratio(base_by_type[t], by_type_total[t]) for t in sorted(by_type_total)}
            if baseline
            else {}
        ),
        "count_by_type": dict(sorted(by_type_total.items())),
        "dateparser_prefer": dateparser_prefer if baseline else None,
        "calendar_share": ratio(calendar_values, totals["overall"]),
        "calendar_accuracy": ratio(calendar_hits, calendar_values),
        "dateparser_calendar_accuracy": ratio(calendar_base_hits, calendar_values)
        if baseline
        else None,
        "end_to_end": end_to_end,
        "gold_spans": span_counts["gold"],
        "found_spans": span_counts["found"],
        "seconds": {"parse": round(parse_seconds, 2), "find_times": round(resolve_seconds, 2)},
        "errors": errors,
    }


def _match_spans(doc: GoldDoc, found: list[Any], counts: dict[str, int]) -> None:
    """Count strict and overlap matches, one-to-one, with and without the value."""
    counts["gold"] += len(doc.timexes)
    counts["found"] += len(found)
    used_strict: set[int] = set()
    used_relaxed: set[int] = set()
    for timex in doc.timexes:
        gold = canonical(timex.value)
        for index, expr in enumerate(found):
            if index in used_strict:
                continue
            if expr.span.start == timex.start and expr.span.end == timex.end:
                used_strict.add(index)
                counts["strict"] += 1
                counts["strict_value"] += canonical(expr.value) == gold
                break
        for index, expr in enumerate(found):
            if index in used_relaxed:
                continue
            if expr.span.start < timex.end and timex.start < expr.span.end:
                used_relaxed.add(index)
                counts["relaxed"] += 1
                counts["relaxed_value"] += canonical(expr.value) == gold
                break


def render(results: dict[str, Any]) -> str:
    """A Markdown report of :func:`run`'s numbers."""
    lines = ["# Time normalisation: TempEval-3 TimeBank + AQUAINT", ""]
    docs = results["documents"]
    lines.append(
        f"Documents: TimeBank {docs['TimeBank']}, AQUAINT {docs['AQUAINT']}; "
        f"gold expressions: {results['expressions'].get('overall', 0)}."
    )
    lines += [
        "",
        "## Value accuracy with gold spans (anchor = DCT)",
        "",
        "| corpus | expressions | eventwire | dateparser |",
        "|---|---|---|---|",
    ]
    for key in ("TimeBank", "AQUAINT", "overall"):
        if key in results["expressions"]:
            base = results["dateparser_accuracy"].get(key)
            lines.append(
                f"| {key} | {results['expressions'][key]} | {results['value_accuracy'][key]:.3f} | "
                f"{'-' if base is None else f'{base:.3f}'} |"
            )
    lines += ["", "| TIMEX3 type | expressions | eventwire | dateparser |", "|---|---|---|---|"]
    for kind, accuracy in results["accuracy_by_type"].items():
        base = results["dateparser_by_type"].get(kind)
        lines.append(
            f"| {kind} | {results['count_by_type'][kind]} | {accuracy:.3f} | "
            f"{'-' if base is None else f'{base:.3f}'} |"
        )
    if results.get("dateparser_prefer"):
        lines += [
            "",
            f"dateparser: `PREFER_DATES_FROM={results['dateparser_prefer']}`, RELATIVE_BASE = DCT. "
            f"Only {results['calendar_share']:.1%} of the gold values are plain calendar values "
            "(day, month, year, ISO week, clock time) it could express at all; on those, "
            f"eventwire {results['calendar_accuracy']:.3f}, "
            f"dateparser {results['dateparser_calendar_accuracy']:.3f}.",
        ]
    lines.append("")
    lines += [
        "## End-to-end detection (find_times)",
        "",
        f"Gold spans {results['gold_spans']}, found {results['found_spans']}.",
        "",
        "| match | precision | recall | F1 |",
        "|---|---|---|---|",
    ]
    for name, scores in results["end_to_end"].items():
        lines.append(
            f"| {name.replace('_', ' + ')} | {scores['precision']:.3f} | {scores['recall']:.3f} | "
            f"{scores['f1']:.3f} |"
        )
    seconds = results["seconds"]
    lines += [
        "",
        f"Time: spaCy parse {seconds['parse']} s, find_times {seconds['find_times']} s "
        f"({seconds['find_times'] / max(seconds['parse'], 1e-9):.1%} of parsing).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the tempeval3-tbaq folder")
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    parser.add_argument("--errors", type=int, default=0, help="also print N value errors")
    parser.add_argument(
        "--dateparser-prefer",
        choices=DATEPARSER_PREFERENCES,
        default="current_period",
        help="dateparser's PREFER_DATES_FROM for the baseline (its default: current_period)",
    )
    args = parser.parse_args(argv)
    try:
        results = run(
            args.data,
            args.limit,
            baseline=not args.no_baseline,
            dateparser_prefer=args.dateparser_prefer,
        )
    except InputError as exc:
        raise SystemExit(str(exc)) from exc
    print(render(results))
    for error in results["errors"][: args.errors]:
        print(error)


if __name__ == "__main__":
    main()
