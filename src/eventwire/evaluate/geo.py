"""Score toponym resolution on GeoWebNews (GWN.xml) and TR-News (TR-News.xml).

Gold toponyms are given: each one is resolved in the context of its article by
:func:`eventwire.resolve.places.resolve_toponyms`, and the distance from the gold coordinates is
measured (great circle, km). Per corpus we report, as Gritta et al. (2019) recommend:

* **acc@161**: share of toponyms resolved within 161 km (100 miles);
* **mean** and **median** error in km;
* **AUC** of the sorted log-error curve, ``trapz(ln(1 + e_i)) / ((n - 1) * ln(20039))`` over the
  errors sorted ascending: 0 is perfect, 1 is every toponym on the far side of the Earth.

A toponym the resolver leaves unresolved counts as the maximal error, 20,039 km (half the Earth's
circumference). Three systems run on the same toponyms in the same run:

* ``eventwire``: the resolver, falling back to the article's focus place for unknown names;
* ``eventwire_no_fallback``: the same without that fallback (unknown names = maximal error);
* ``baseline``: the highest-population GeoNames match for the name (a demonym goes to its country,
  as in ours), with no fallback.

Only toponyms with gold coordinates count (GeoWebNews also marks non-toponyms and expressions
without coordinates). Offsets are checked against the text; mismatches are reported, not fixed.
The run also times spaCy parsing against parsing plus :func:`find_places` on the same articles.
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..resolve import gazetteer
from ..resolve.places import resolve_toponyms

MAX_ERROR_KM = 20039.0
CORPORA = {"GWN.xml": "GeoWebNews", "TR-News.xml": "TR-News"}


@dataclass
class GoldToponym:
    name: str
    start: int
    end: int
    lat: float
    lon: float


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_corpus(path: Path) -> list[GoldArticle]:
    """Articles with their toponyms that have gold coordinates (both XML layouts)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"{path}: not a readable GeoWebNews/TR-News XML file ({exc})") from exc
    articles: list[GoldArticle] = []
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        article = GoldArticle(node.get("file") or node.get("docid") or str(len(articles)), text)
        for top in node.iter("toponym"):
            gaz = top.find("gaztag")
            if gaz is not None:  # TR-News layout
                name = top.findtext("phrase") or ""
                lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
            else:  # GeoWebNews layout
                name = top.findtext("extractedName") or ""
                lat, lon = _float(top.findtext("latitude")), _float(top.findtext("longitude"))
            start, end = int(top.findtext("start") or -1), int(top.findtext("end") or -1)
            if lat is not None and lon is not None and name:
                article.toponyms.append(GoldToponym(name, start, end, lat, lon))
        articles.append(article)
    return articles


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def summarise(errors: list[float]) -> dict[str, Any]:
    """acc@161, mean, median and AUC of a list of errors in km."""
    if not errors:
        return {"n": 0}
    ordered = sorted(errors)
    logs = [math.log(1 + e) for e in ordered]
    if len(logs) > 1:
        area = sum((a + b) / 2 for a, b in itertools.pairwise(logs))
        auc = area / ((len(logs) - 1) * math.log(MAX_ERROR_KM))
    else:
        auc = logs[0] / math.log(MAX_ERROR_KM)
    return {
        "n": len(errors),
        "acc161": round(sum(e <= 161 for e in errors) / len(errors), 4),
        "mean_km": round(statistics.fmean(errors), 1),
        "median_km": round(statistics.median(errors), 1),
        "auc": round(auc, 4),
    }


def _baseline(name: str) -> tuple[float, float] | None:
    gaz = gazetteer.load()
    candidates = gaz.lookup(name)
    country = gaz.demonym_country(name)
    if country is not None and not any(e.precision != "city" for e in candidates):
        candidates = [country]
    if not candidates:
        return None
    best = max(candidates, key=lambda e: e.population)
    return best.lat, best.lon


def score_corpus(articles: list[GoldArticle]) -> dict[str, Any]:
    """Errors of the three systems on every gold toponym, plus the misses of ours (diagnostics)."""
    errors: dict[str, list[float]] = {"eventwire": [], "eventwire_no_fallback": [], "baseline": []}
    misses: list[dict[str, Any]] = []
    offset_mismatches = fallback = unresolved = 0
    for article in articles:
        spans = [(t.name, t.start, t.end) for t in article.toponyms]
        offset_mismatches += sum(article.text[s:e] != n for n, s, e in spans)
        ours = resolve_toponyms(spans, article.text, focus_fallback=True)
        for gold, place in zip(article.toponyms, ours, strict=True):
            if place is None or place.lat is None or place.lon is None:
                unresolved += 1
                error = MAX_ERROR_KM
                errors["eventwire_no_fallback"].append(MAX_ERROR_KM)
            else:
                error = distance_km(gold.lat, gold.lon, place.lat, place.lon)
                no_fallback = MAX_ERROR_KM if place.precision == "document" else error
                errors["eventwire_no_fallback"].append(no_fallback)
                fallback += place.precision == "document"
            errors["eventwire"].append(error)
            if error > 161:
                misses.append(
                    {
                        "article": article.id,
                        "name": gold.name,
                        "resolved": place.name if place is not None else None,
                        "precision": place.precision if place is not None else None,
                        "km": round(error),
                    }
                )
            point = _baseline(gold.name)
            errors["baseline"].append(
                MAX_ERROR_KM if point is None else distance_km(gold.lat, gold.lon, *point)
            )
    return {
        "articles": len(articles),
        "toponyms": sum(len(a.toponyms) for a in articles),
        "offset_mismatches": offset_mismatches,
        "focus_fallbacks": fallback,
        "unresolved": unresolved,
        "systems": {name: summarise(values) for name, values in errors.items()},
        "misses": misses,
    }


def measure_speed(texts: list[str]) -> dict[str, Any]:
    """Seconds for nlp.pipe alone vs nlp.pipe followed by find_places, on the same texts."""
    from .. import nlp
    from ..model import Article
    from ..resolve.places import find_places

    gazetteer.load()
    model = nlp.load()
    list(model.pipe(texts[:2]))  # warm up
    started = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(
        len(find_places(Article(id=str(i), text=t), d))
        for i, (t, d) in enumerate(zip(texts, docs, strict=True))
    )
    places_s = time.perf_counter() - started
    return {
        "texts": len(texts),
        "parse_s": round(parse_s, 2),
        "find_places_s": round(places_s, 2),
        "relative_speed": round(parse_s / (parse_s + places_s), 3),
        "places_found": found,
    }


def _corpus_files(data: Path) -> list[Path]:
    if data.is_file():
        return [data]
    files = [data / name for name in CORPORA if (data / name).is_file()]
    if not files:
        raise InputError(f"{data}: no GWN.xml or TR-News.xml found there")
    return files


def run(data: Path, limit: int | None = None, speed: bool = True) -> dict[str, Any]:
    """Score every corpus found at ``data`` (a folder or one XML file); ``limit`` articles each."""
    started = time.perf_counter()
    gazetteer.load()
    results: dict[str, Any] = {"gazetteer_load_s": round(time.perf_counter() - started, 2)}
    corpora: dict[str, Any] = {}
    texts: list[str] = []
    for path in _corpus_files(data):
        articles = read_corpus(path)[:limit]
        corpora[CORPORA.get(path.name, path.stem)] = score_corpus(articles)
        texts.extend(a.text for a in articles)
    results["corpora"] = corpora
    if speed:
        results["speed"] = measure_speed(texts)
    return results


def render_misses(results: dict[str, Any], top: int) -> str:
    """The names most often resolved beyond 161 km, by corpus and kind of miss (diagnostics)."""
    out = []
    for corpus, res in results["corpora"].items():
        counts: Counter[tuple[str, str, str]] = Counter(
            (m["name"], str(m["resolved"]), str(m["precision"])) for m in res["misses"]
        )
        kinds = Counter(str(m["precision"]) for m in res["misses"])
        out.append(f"\n## {corpus}: {len(res['misses'])} misses beyond 161 km")
        out.append("By precision: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
        out.append("| toponym | resolved to | precision | count |")
        out.append("|---|---|---|---:|")
        for (name, resolved, precision), count in counts.most_common(top):
            out.append(f"| {name} | {resolved} | {precision} | {count} |")
    return "\n".join(out) + "\n"


def render(results: dict[str, Any]) -> str:
    """Markdown tables: one row per corpus and system."""
    lines = [
        "| corpus | system | toponyms | acc@161 | mean km | median km | AUC |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for corpus, res in results["corpora"].items():
        for system, s in res["systems"].items():
            if s.get("n"):
                lines.append(
                    f"| {corpus} | {system} | {s['n']} | {s['acc161']:.3f} | {s['mean_km']:.0f} "
                    f"| {s['median_km']:.0f} | {s['auc']:.3f} |"
                )
        notes.append(
            f"- {corpus}: {res['articles']} articles, {res['toponyms']} toponyms with gold "
            f"coordinates; {res['focus_fallbacks']} resolved only to the article's focus, "
            f"{res['unresolved']} unresolved (scored {MAX_ERROR_KM:.0f} km); "
            f"{res['offset_mismatches']} gold offsets that do not match the text."
        )
    out = "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"
    out += f"\nGazetteer load: {results['gazetteer_load_s']} s.\n"
    speed = results.get("speed")
    if speed:
        out += (
            f"\nSpeed on {speed['texts']} articles: nlp.pipe {speed['parse_s']} s, find_places "
            f"{speed['find_places_s']} s more; parse+places runs at {speed['relative_speed']:.2f}x "
            f"the speed of parsing alone ({speed['places_found']} places found).\n"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="folder with GWN.xml / TR-News.xml"
    )
    parser.add_argument("--limit", type=int, default=None, help="articles per corpus")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="also list the N most frequent misses"
    )
    args = parser.parse_args()
    try:
        results = run(args.data, args.limit, speed=not args.no_speed)
        print(render(results))
        if args.errors:
            print(render_misses(results, args.errors))
    except InputError as exc:
        raise SystemExit(str(exc)) from None


if __name__ == "__main__":
    main()
