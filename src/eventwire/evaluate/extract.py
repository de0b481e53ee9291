"""Evaluate the HTML clean stage on Scrapinghub's article-extraction benchmark and on Fundus.

Scrapinghub (``scrapinghub/``: ``html/<id>.html.gz`` + ``ground-truth.json``): body
precision/recall/F1 over 4-token shingles, as its README's ``evaluate.py`` defines them: tokens
are ``\\w+`` runs; per page, true positives/false positives/false negatives are counted over the
shingle multisets and normalised to sum to 1; precision and recall are averaged over pages
(pages with no predicted/gold shingles are left out of the respective mean); F1 is the harmonic
mean of those two averages.

Fundus (``fundus/<country>/<Publisher>.json`` + ``<Publisher>_<date>.html.gz``): the JSON maps
parser versions (V1, V1_1, V2...) to gold articles; in version order they pair with the HTML
files in date order. Only English pages count (language of the gold body by py3langid). We
report title accuracy (equality after folding case, whitespace and quote style), exact
publication day and body F1.

Both sets are scored for eventwire's ``clean`` and for trafilatura with default options, as a
baseline, in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from ..errors import CleanError
from ..model import RawDoc, Source
from ..settings import Settings

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4

# ---- the Scrapinghub shingle metric ------------------------------------------------------------


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    count = max(1, len(tokens) - _SHINGLE + 1)
    return Counter(
        tuple(tokens[i : i + _SHINGLE]) for i in range(count) if tokens[i : i + _SHINGLE]
    )


def shingle_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page's body over 4-token shingles."""
    gold_counts, pred_counts = _shingles(gold), _shingles(predicted)
    tp = fp = fn = 0.0
    for key in gold_counts.keys() | pred_counts.keys():
        g, p = gold_counts.get(key, 0), pred_counts.get(key, 0)
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def body_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Macro precision/recall over pages and their harmonic mean, as the benchmark reports."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# ---- the two systems -----------------------------------------------------------------------------


@dataclass
class Prediction:
    text: str = ""
    title: str | None = None
    published: dt.date | None = None


def predict_eventwire(html: str, url: str | None) -> Prediction:
    """eventwire's clean stage on one page (language filtering does not change the text)."""
    from ..clean import clean

    raw = RawDoc(content=html, content_type="html", source=Source(kind="string"), url=url)
    try:
        article = clean(raw, Settings())
    except CleanError:
        return Prediction()
    day = (
        article.published.date() if article.published and article.published_from == "html" else None
    )
    return Prediction(article.text, article.title, day)


def predict_trafilatura_defaults(html: str, url: str | None) -> Prediction:
    """Baseline: trafilatura with its default options (fallback extractors, comments on)."""
    result = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if result is None:
        return Prediction()
    date = None
    found = getattr(result, "date", None)
    if found:
        try:
            date = dt.date.fromisoformat(str(found)[:10])
        except ValueError:
            date = None
    return Prediction(getattr(result, "text", "") or "", getattr(result, "title", None), date)


SYSTEMS: dict[str, Callable[[str, str | None], Prediction]] = {
    "eventwire": predict_eventwire,
    "trafilatura-defaults": predict_trafilatura_defaults,
}

# ---- datasets ----------------------------------------------------------------------------------


def _read_gz(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def _locate(data: Path, name: str, marker: str) -> Path | None:
    """``data/name`` when it exists, or ``data`` itself when it is that folder."""
    if (data / name).is_dir():
        return data / name
    if data.name == name or (data / marker).exists():
        return data
    return None


def scrapinghub_pages(folder: Path, limit: int | None) -> Iterator[tuple[str, str | None, str]]:
    """(html, url, gold body) for each benchmark page, in id order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for index, key in enumerate(sorted(truth)):
        if limit is not None and index >= limit:
            return
        path = folder / "html" / f"{key}.html.gz"
        if path.exists():
            yield _read_gz(path), truth[key].get("url"), truth[key].get("articleBody", "")


def _natural(key: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def fundus_gold_body(entry: dict[str, Any]) -> str:
    """The gold body as text: summary, then each section's headline and paragraphs."""
    body = entry.get("body") or {}
    parts: list[str] = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n\n".join(parts)


def fundus_pages(folder: Path, limit: int | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(page name, html, gold entry) for each English Fundus page."""
    from ..clean.language import detect_language

    count = 0
    for gold_path in sorted(folder.glob("*/*.json")):
        entries = json.loads(gold_path.read_text(encoding="utf-8"))
        pages = sorted(gold_path.parent.glob(f"{gold_path.stem}_*.html.gz"))
        for key, page in zip(sorted(entries, key=_natural), pages, strict=False):
            entry = entries[key]
            if detect_language(fundus_gold_body(entry)) != "en":
                continue
            if limit is not None and count >= limit:
                return
            count += 1
            yield page.name, _read_gz(page), entry


def _fold(text: str | None) -> str:
    """Titles compared case-, whitespace- and quote-style-insensitively (’ equals ')."""
    from ..clean.identity import normalize_text

    return normalize_text(text or "").strip()


def _gold_day(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


# ---- running -----------------------------------------------------------------------------------


def _score_scrapinghub(folder: Path, limit: int | None) -> dict[str, Any]:
    counts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in SYSTEMS}
    for html, url, gold in scrapinghub_pages(folder, limit):
        for name, system in SYSTEMS.items():
            counts[name].append(shingle_counts(gold, system(html, url).text))
    pages = len(counts["eventwire"])
    return {"pages": pages, **{name: body_scores(c) for name, c in counts.items()}}


def _score_fundus(folder: Path, limit: int | None) -> dict[str, Any]:
    tallies: dict[str, dict[str, Any]] = {
        name: {"title": 0, "day": 0, "dated": 0, "counts": []} for name in SYSTEMS
    }
    misses: list[str] = []
    pages = 0
    for page_name, html, entry in fundus_pages(folder, limit):
        pages += 1
        gold_day = _gold_day(entry.get("publishing_date"))
        for name, system in SYSTEMS.items():
            prediction = system(html, None)
            tally = tallies[name]
            tally["title"] += _fold(prediction.title) == _fold(entry.get("title"))
            if gold_day is not None:
                tally["dated"] += 1
                hit = prediction.published == gold_day
                tally["day"] += hit
                if name == "eventwire" and not hit:
                    misses.append(f"{page_name}: gold {gold_day}, got {prediction.published}")
            tally["counts"].append(shingle_counts(fundus_gold_body(entry), prediction.text))
    results: dict[str, Any] = {"pages": pages, "date_misses": misses}
    for name, tally in tallies.items():
        results[name] = {
            "title_accuracy": tally["title"] / pages if pages else 0.0,
            "exact_day": tally["day"] / tally["dated"] if tally["dated"] else 0.0,
            "dated_pages": tally["dated"],
            **{f"body_{k}": v for k, v in body_scores(tally["counts"]).items()},
        }
    return results


def run(data: Path, limit: int | None = None) -> dict[str, Any]:
    """Score eventwire and the trafilatura baseline; ``limit`` caps pages per dataset."""
    data = Path(data)
    results: dict[str, Any] = {"data": str(data), "limit": limit}
    scrapinghub = _locate(data, "scrapinghub", "ground-truth.json")
    fundus = _locate(data, "fundus", "uk")
    if scrapinghub is None and fundus is None:
        raise FileNotFoundError(f"{data} holds neither scrapinghub/ nor fundus/ benchmark data")
    if scrapinghub is not None:
        results["scrapinghub"] = _score_scrapinghub(scrapinghub, limit)
    if fundus is not None:
        results["fundus"] = _score_fundus(fundus, limit)
    return results


def render(results: dict[str, Any]) -> str:
    """A Markdown report of :func:`run`'s numbers."""
    lines = [f"# Extraction evaluation ({results['data']}, limit={results['limit']})", ""]
    if "scrapinghub" in results:
        sh = results["scrapinghub"]
        lines += [
            f"## Scrapinghub article-extraction benchmark ({sh['pages']} pages)",
            "",
            "| system | body precision | body recall | body F1 |",
            "|---|---|---|---|",
        ]
        for name in SYSTEMS:
            s = sh[name]
            lines.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")
        lines.append("")
    if "fundus" in results:
        fu = results["fundus"]
        lines += [
            f"## Fundus, English pages ({fu['pages']} pages)",
            "",
            "| system | title accuracy | exact day | body P | body R | body F1 |",
            "|---|---|---|---|---|---|",
        ]
        for name in SYSTEMS:
            s = fu[name]
            lines.append(
                f"| {name} | {s['title_accuracy']:.3f} | {s['exact_day']:.3f} "
                f"({s['dated_pages']} dated) | {s['body_precision']:.3f} | "
                f"{s['body_recall']:.3f} | {s['body_f1']:.3f} |"
            )
        if fu["date_misses"]:
            lines += ["", "Date misses (eventwire):", ""]
            lines += [f"- {miss}" for miss in fu["date_misses"]]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventwire.evaluate.extract")
    parser.add_argument("--data", type=Path, required=True, help="folder with scrapinghub/ fundus/")
    parser.add_argument("--limit", type=int, default=None, help="pages per dataset")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    try:
        results = run(args.data, args.limit)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(results, indent=2) if args.json else render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
