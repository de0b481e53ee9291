"""Evaluate the event coder on the public gold sets in ``/work/shared/data/events``.

- ``plover/gold_standard_records``: PLOVER-coded CAMEO manual examples. Old labels are mapped
  (DEMAND→REQUEST, DISAPPROVE→ACCUSE, FIGHT→ASSAULT, INVESTIGATE→ACCUSE:investigate). Scores: type
  accuracy of the most confident event, mode match, actor/recipient country match.
- ``ngec``: synthetic stories, one PLOVER type each. A story is *found* when an event of its type
  is coded. Precision needs a prediction per story: the main reading takes the story's main type
  (``extract.events.main_type``: confidence per type, headline x16, lead x1.5) as its one label;
  the "found" reading counts every type coded anywhere in the story as predicted (recall =
  found recall, precision = share of stories coding T that are T). Macro-F1 of both. The
  headline is the first line of the prompt, put before the body (``--title-field``: given as
  ``Article.title`` instead, coded by ``find_title_events`` as the pipeline does for HTML and
  JSONL inputs).
- ``event_location``: sentences with an event verb and the span of its location. The location
  rule is applied to the gold verb; a prediction matches when it overlaps a gold location span,
  or when both are empty. Gold spans are read through their tokens (some sources give token
  indices in start/end).

Run: ``python -m eventwire.evaluate.events --data /work/shared/data/events [--limit N]``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from .. import nlp
from ..extract.event_roles import locate
from ..extract.events import find_events, find_title_events, main_type, places_from_entities
from ..model import Article, Event, Mention, Place, Span
from ..ontology.plover import PLOVER_TYPES, normalise_mode, normalise_type

_PUBLISHED = dt.datetime(2000, 1, 1)


def _resolvers() -> dict[str, Any]:
    """The other stages when they are importable; spaCy entities stand in otherwise."""
    out: dict[str, Any] = {}
    try:
        from ..resolve.actors import ActorResolver

        out["actors"] = ActorResolver(())
    except Exception:
        pass
    for name, module, func in (
        ("places", "..resolve.places", "find_places"),
        ("times", "..resolve.times", "find_times"),
        ("quotes", "..extract.quotes", "find_quotes"),
    ):
        try:
            import importlib

            mod = importlib.import_module(module, __package__)
            out[name] = getattr(mod, func)
        except Exception:
            pass
    return out


def annotate(article: Article, sdoc: Doc, stages: dict[str, Any]) -> list[Event]:
    """Run the resolvers that exist, then the coder (the pipeline's order)."""
    if "actors" in stages:
        mentions = stages["actors"].find_mentions(article, sdoc)
    else:
        mentions = [Mention(Span(e.start_char, e.end_char, e.text), e.label_) for e in sdoc.ents]
    places = stages["places"](article, sdoc) if "places" in stages else []
    times = stages["times"](article, sdoc) if "times" in stages else []
    quotes = stages["quotes"](article, sdoc, mentions) if "quotes" in stages else []
    return find_events(article, sdoc, mentions, places, times, quotes)


def annotate_title(
    article: Article, title_sdoc: Doc, stages: dict[str, Any], body_places: list[Place]
) -> list[Event]:
    """The title's events: the resolvers run on the title's own parse (as ``annotate.py``)."""
    view = dataclasses.replace(article, text=article.title or "")
    if "actors" in stages:
        mentions = stages["actors"].find_mentions(view, title_sdoc)
    else:
        mentions = [
            Mention(Span(e.start_char, e.end_char, e.text), e.label_) for e in title_sdoc.ents
        ]
    places = stages["places"](view, title_sdoc) if "places" in stages else []
    times = stages["times"](view, title_sdoc) if "times" in stages else []
    return find_title_events(article, title_sdoc, mentions, places, times, body_places)


# ------------------------------------------------------------------------------- PLOVER gold
def eval_plover(path: Path, limit: int | None, stages: dict[str, Any]) -> dict[str, Any]:
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    records = [
        r
        for f in files
        for r in json.loads(f.read_text(encoding="utf-8"))
        if r.get("text") and r.get("event") != "DOCUMENT"
    ]
    records = records[:limit] if limit else records
    nlp_ = nlp.load()
    type_ok = mode_n = mode_ok = act_n = act_ok = rec_n = rec_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for rec, sdoc in zip(records, nlp_.pipe(r["text"] for r in records), strict=True):
        gold_type, gold_mode = normalise_type(rec["event"])
        gold_mode = gold_mode or normalise_mode(rec.get("mode"))
        article = Article(id=rec["id"], text=rec["text"], published=_PUBLISHED)
        events = annotate(article, sdoc, stages)
        best = max(events, key=lambda e: e.confidence, default=None)
        predicted = main_type(events)
        type_ok += predicted == gold_type
        confusion[(gold_type, predicted or "-")] += 1
        if gold_mode:
            mode_n += 1
            mode_ok += best is not None and gold_mode in best.mode
        for key, gold_side, pred_side in (
            ("source", "actor", "actor"),
            ("target", "recipient", "recipient"),
        ):
            codes = {a.get("code") for a in (rec.get(key) or []) if isinstance(a, dict)} - {
                None,
                "",
            }
            if not codes:
                continue
            got = {a.country for e in events if e.type == gold_type for a in getattr(e, pred_side)}
            if gold_side == "actor":
                act_n += 1
                act_ok += bool(codes & got)
            else:
                rec_n += 1
                rec_ok += bool(codes & got)
    n = len(records)
    return {
        "records": n,
        "type_accuracy": round(type_ok / n, 3) if n else 0.0,
        "mode_accuracy": round(mode_ok / mode_n, 3) if mode_n else None,
        "mode_records": mode_n,
        "actor_country_match": round(act_ok / act_n, 3) if act_n else None,
        "recipient_country_match": round(rec_ok / rec_n, 3) if rec_n else None,
        "top_confusions": [f"{g}->{p}: {c}" for (g, p), c in confusion.most_common(40) if g != p][
            :12
        ],
    }


# ------------------------------------------------------------------------------- NGEC
def _ngec_rows(path: Path) -> list[dict[str, str]]:
    archives = sorted(path.glob("*.zip")) if path.is_dir() else [path]
    rows: list[dict[str, str]] = []
    for archive in archives:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if name.endswith(".csv") and not name.startswith("__MACOSX"):
                    with zf.open(name) as fh:
                        rows.extend(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")))
    return rows


def eval_ngec(
    path: Path,
    limit: int | None,
    stages: dict[str, Any],
    rows_range: str | None = None,
    title_field: bool = False,
) -> dict[str, Any]:
    """``rows_range`` ("START:END") evaluates a slice of the stories in file order: study the
    conventions on one part (e.g. ``0:1500``) and measure on the rest (``1500:``).
    ``title_field`` gives the headline as ``Article.title`` instead of the text's first line."""
    rows = _ngec_rows(path)
    if rows_range:
        start, _, end = rows_range.partition(":")
        rows = rows[int(start or 0) : int(end) if end else None]
    if limit:  # a stratified subset: every type is represented
        by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in rows:
            by_type[r["label"]].append(r)
        per = max(1, limit // max(1, len(by_type)))
        rows = [r for group in by_type.values() for r in group[:: max(1, len(group) // per)][:per]]
    texts, heads, leads, titles = [], [], [], []
    for r in rows:
        title = (r.get("prompt") or "").split("\n")[0].strip()
        body = r["text"].strip()
        titles.append(title)
        if title_field:
            texts.append(body)
            heads.append(0)
            leads.append(len(body.split("\n")[0]))
            continue
        texts.append(f"{title}.\n\n{body}" if title else body)
        heads.append(len(title) + 1 if title else 0)
        leads.append(len(title) + 3 + len(body.split("\n")[0]))
    parsed = nlp.load().pipe(texts + (titles if title_field else []), batch_size=16)
    bodies = [next(parsed) for _ in texts]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    found = 0
    coded: Counter[str] = Counter()
    coded_ok: Counter[str] = Counter()
    for r, text, head, lead, sdoc, title in zip(
        rows, texts, heads, leads, bodies, titles, strict=True
    ):
        article = Article(
            id="ngec", text=text, title=title if title_field else None, published=_PUBLISHED
        )
        events = annotate(article, sdoc, stages)
        title_sdoc = next(parsed) if title_field else None
        if title_sdoc is not None and title:
            places = stages["places"](article, sdoc) if "places" in stages else []
            events = annotate_title(article, title_sdoc, stages, places) + events
        gold = r["label"]
        found += any(e.type == gold for e in events)
        for t in {e.type for e in events}:  # "found" reading: any coded event of the type
            coded[t] += 1
            coded_ok[t] += t == gold
        predicted = main_type(events, head, lead)
        if predicted == gold:
            tp[gold] += 1
        else:
            fn[gold] += 1
            if predicted:
                fp[predicted] += 1
    per_type: dict[str, dict[str, float]] = {}
    f1s: list[float] = []
    found_f1s: list[float] = []
    for t in PLOVER_TYPES:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        rc = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        per_type[t] = {
            "precision": round(p, 3),
            "recall": round(rc, 3),
            "f1": round(f1, 3),
            "n": tp[t] + fn[t],
        }
        if tp[t] + fn[t]:
            f1s.append(f1)
            fp_ = coded_ok[t] / coded[t] if coded[t] else 0.0
            fr_ = coded_ok[t] / (tp[t] + fn[t])
            found_f1s.append(2 * fp_ * fr_ / (fp_ + fr_) if fp_ + fr_ else 0.0)
    return {
        "stories": len(rows),
        "found_recall": round(found / len(rows), 3) if rows else 0.0,
        "top1_accuracy": round(sum(tp.values()) / len(rows), 3) if rows else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 3) if f1s else 0.0,
        "found_macro_f1": round(sum(found_f1s) / len(found_f1s), 3) if found_f1s else 0.0,
        "per_type": per_type,
    }


# ------------------------------------------------------------------------------- locations
def _location_items(path: Path) -> list[dict[str, Any]]:
    archives = sorted(path.glob("*.zip")) if path.is_dir() else [path]
    items: list[dict[str, Any]] = []
    for archive in archives:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if name.endswith(".jsonl") and not name.startswith("__MACOSX"):
                    for line in zf.read(name).decode("utf-8").splitlines():
                        if line.strip():
                            data = json.loads(line)
                            items.extend(data if isinstance(data, list) else [data])
    return [i for i in items if any(s.get("label") == "VERB" for s in i.get("spans", []))]


def _span_chars(item: dict[str, Any], span: dict[str, Any]) -> tuple[int, int]:
    """Character offsets of a gold span, read from its tokens: about 1,100 LOCATION spans of the
    set (sources AP, Atrocities, RELABEL, Xinhua, wiki) give *token* indices in start/end
    ("Algiers" as 15-15), which read as characters would be an empty or wrong span."""
    tokens = item.get("tokens") or []
    first, last = span.get("token_start"), span.get("token_end")
    if isinstance(first, int) and 0 <= first < len(tokens):
        last = last if isinstance(last, int) and first <= last < len(tokens) else first
        return int(tokens[first]["start"]), int(tokens[last]["end"])
    return int(span["start"]), int(span["end"])


def _verb_token(sdoc: Doc, start: int) -> Token | None:
    """The token the gold verb starts in. Not the one before it: a quote mark, hyphen or extra
    space token ends right where the verb begins ('rebels "slaughtered', "guerrillas  shot")."""
    words = [t for t in sdoc if not t.is_space]
    inside = next((t for t in words if t.idx <= start < t.idx + len(t.text)), None)
    return inside or next((t for t in words if t.idx >= start), None)


def eval_location(path: Path, limit: int | None, stages: dict[str, Any]) -> dict[str, Any]:
    items = _location_items(path)
    if limit:
        items = items[:: max(1, len(items) // limit)][:limit]
    ok = with_gold = with_gold_ok = none_gold = none_ok = relabel = relabel_ok = 0
    rules: Counter[str] = Counter()
    for item, sdoc in zip(items, nlp.load().pipe(i["text"] for i in items), strict=True):
        verb = next(s for s in item["spans"] if s["label"] == "VERB")
        gold = [
            chars
            for s in item["spans"]
            if s["label"] == "LOCATION" and (chars := _span_chars(item, s))[1] > chars[0]
        ]
        trigger = _verb_token(sdoc, verb["start"])
        article = Article(id="loc", text=item["text"], published=_PUBLISHED)
        places: list[Place] = stages["places"](article, sdoc) if "places" in stages else []
        places = places or places_from_entities(sdoc)
        predicted: Place | None = None
        if trigger is not None:
            predicted, rule = locate(trigger, trigger.sent, places, None)
            rules[rule or "none"] += 1
        if gold:
            hit = predicted is not None and any(
                predicted.span.start < e and s < predicted.span.end for s, e in gold
            )
            with_gold, with_gold_ok = with_gold + 1, with_gold_ok + hit
        else:
            hit = predicted is None
            none_gold, none_ok = none_gold + 1, none_ok + hit
        ok += hit
        if item.get("source") == "RELABEL":  # the set's README: the adjudicated gold standard
            relabel, relabel_ok = relabel + 1, relabel_ok + hit
    n = len(items)
    return {
        "sentences": n,
        "location_match": round(ok / n, 3) if n else 0.0,
        "match_when_gold_location": round(with_gold_ok / with_gold, 3) if with_gold else None,
        "match_when_no_location": round(none_ok / none_gold, 3) if none_gold else None,
        "relabel_sentences": relabel,
        "match_relabel": round(relabel_ok / relabel, 3) if relabel else None,
        "rules": dict(rules),
    }


# ------------------------------------------------------------------------------- entry points
def run(data: Path, limit: int | None = None) -> dict[str, Any]:
    """All three evaluations (each part is skipped when its folder is absent)."""
    data = Path(data)
    stages = _resolvers()
    results: dict[str, Any] = {"stages": sorted(stages), "limit": limit}
    if (data / "plover" / "gold_standard_records").exists():
        results["plover"] = eval_plover(data / "plover" / "gold_standard_records", limit, stages)
    if (data / "ngec").exists():
        results["ngec"] = eval_ngec(data / "ngec", limit, stages)
    if (data / "event_location").exists():
        results["event_location"] = eval_location(data / "event_location", limit, stages)
    return results


def render(results: dict[str, Any]) -> str:
    """A Markdown report of :func:`run`'s numbers."""
    lines = [
        "# Event coding evaluation",
        "",
        f"Stages used: {', '.join(results.get('stages', [])) or 'spaCy entities only'}; "
        f"limit: {results.get('limit')}",
        "",
    ]
    if "plover" in results:
        p = results["plover"]
        lines += ["## PLOVER gold records", "", "| metric | value |", "|---|---|"]
        for key in (
            "records",
            "type_accuracy",
            "mode_accuracy",
            "mode_records",
            "actor_country_match",
            "recipient_country_match",
        ):
            lines.append(f"| {key} | {p[key]} |")
        lines += ["", "Most frequent confusions: " + "; ".join(p["top_confusions"]), ""]
    if "ngec" in results:
        g = results["ngec"]
        lines += [
            "## NGEC synthetic stories",
            "",
            f"stories {g['stories']}, found (any event of the type) {g['found_recall']}, "
            f"top-1 accuracy {g['top1_accuracy']}, **macro-F1 {g['macro_f1']}** (main type); "
            f"macro-F1 when any coded event counts as a prediction {g['found_macro_f1']}",
            "",
            "| type | precision | recall | F1 | n |",
            "|---|---|---|---|---|",
        ]
        for t, v in g["per_type"].items():
            lines.append(f"| {t} | {v['precision']} | {v['recall']} | {v['f1']} | {v['n']} |")
        lines.append("")
    if "event_location" in results:
        e = results["event_location"]
        lines += ["## Event location", "", "| metric | value |", "|---|---|"]
        for key in (
            "sentences",
            "location_match",
            "match_when_gold_location",
            "match_when_no_location",
            "relabel_sentences",
            "match_relabel",
        ):
            lines.append(f"| {key} | {e.get(key)} |")
        lines += ["", f"Rules used: {e['rules']}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the events folder")
    parser.add_argument("--limit", type=int, default=None, help="items per part (subset)")
    parser.add_argument("--part", choices=["plover", "ngec", "event_location"], default=None)
    parser.add_argument("--rows", default=None, help="NGEC stories START:END (file order)")
    parser.add_argument(
        "--title-field", action="store_true", help="NGEC: headline as Article.title"
    )
    args = parser.parse_args(argv)
    if args.part:
        stages = _resolvers()
        func = {"plover": eval_plover, "ngec": eval_ngec, "event_location": eval_location}[
            args.part
        ]
        sub = {"plover": "plover/gold_standard_records"}.get(args.part, args.part)
        part = (
            eval_ngec(args.data / sub, args.limit, stages, args.rows, args.title_field)
            if args.part == "ngec"
            else func(args.data / sub, args.limit, stages)
        )
        results = {"stages": sorted(stages), "limit": args.limit, args.part: part}
    else:
        results = run(args.data, args.limit)
    print(render(results))


if __name__ == "__main__":
    main()
