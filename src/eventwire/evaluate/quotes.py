"""Score the quote extractor on PolNeAR (brat attribution relations: Source / Cue / Content).

    python -m eventwire.evaluate.quotes --data ../shared/data/quotes/polnear [--limit N]

Matching. Each text is a set of non-whitespace character offsets (a gold Content may have several
fragments; a predicted content loses the characters of its own speaker and cue spans, because
PolNeAR never puts a Source or Cue token inside a Content). Primary reading ("matches a gold
Content span at ≥ t character overlap"): ``overlap(P, G) = min(|P ∩ G| / |G|, |P ∩ G| / |P|)`` -
the shared characters are at least t of the gold span *and* at least t of the predicted span, so
neither a fragment nor a whole paragraph around the gold matches. Also reported: character Jaccard
``|P ∩ G| / |P ∪ G|`` (stricter: two spans that each cover 89 % of the other have Jaccard 0.8).
Predictions and gold contents are paired one-to-one, greedily by decreasing overlap; a pair counts
at threshold t when its overlap is ≥ t. Precision = matched / predicted, recall = matched / gold,
at t = 0.3 and 0.8.

Speakers (on pairs matched at 0.3 whose gold has a Source): correct when the predicted speaker span
overlaps the gold Source span by at least one character. Where the gold Source is a pronoun we
also score the resolved name: the gold does not link pronouns to entities, so the reference is the
nearest preceding gold Source in the article that is not a pronoun and contains a capitalised
word, and the name counts as right when it shares that source's last capitalised word ("Trump").

PolNeAR annotates every attribution, including beliefs and intentions ("he figures that …"); the
report gives all attributions and a *statements* subset whose gold cue contains a speech word from
SPEECH_CUES below (fixed here, independent of the extractor's lexicon). The textacy baseline
(direct quotations only) runs on the same parses.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EventwireError
from ..model import Article, Quote

PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me"}
    | {"his", "their", "its", "our"}
)
SPEECH_CUES = re.compile(
    r"\b(s[ae]id|says?|saying|told|tells?|telling|according|claim\w*|add(s|ed|ing)?|stat(e|ed|es|ing)"
    r"|wr(ote|ites?|iting)|tweet\w*|report\w*|announc\w*|ask\w*|not(e|ed|es|ing)|argu\w*"
    r"|explain\w*|declar\w*|insist\w*|warn\w*|accus\w*|den(y|ied|ies)|repl(y|ied|ies)|respond\w*"
    r"|suggest\w*|call(s|ed|ing)?|quot\w*|comment\w*|acknowledg\w*|admit\w*|confirm\w*"
    r"|promis\w*|vow\w*|urg\w*|blam\w*|criticiz\w*|prais\w*|predict\w*|continu\w*|recall\w*)\b"
)
# capitalised words that do not name anyone (determiners, titles)
_NOT_NAMES = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "mr", "mrs", "ms", "dr", "sen"}
    | {"rep", "gov", "president", "senator", "former"}
)
QUOTE_CHARS = '“”"«»„'  # and two apostrophes, as some archives type quotation marks
THRESHOLDS = (0.3, 0.8)


class EvaluationDataError(EventwireError):
    """The evaluation folder is not a PolNeAR layout."""

    code = "E520"


@dataclass
class Gold:
    chars: frozenset[int]
    source: frozenset[int]
    source_text: str
    source_start: int
    cue_text: str
    direct: bool

    @property
    def statement(self) -> bool:
        return bool(SPEECH_CUES.search(self.cue_text.lower()))


@dataclass
class DocCase:
    name: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def _chars(text: str, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for a, b in ranges for i in range(a, b) if not text[i].isspace())


def _ranges(offsets: str) -> list[tuple[int, int]]:
    out = []
    for part in offsets.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(text: str, ann: str) -> list[Gold]:
    """Gold attributions of one brat file (Content with its Source and Cue)."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, _ranges(offsets), parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    gold: list[Gold] = []
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        _, content, content_text = spans[rel["Content"]]
        source = spans.get(rel.get("Source", ""), ("", [], ""))
        cue = spans.get(rel.get("Cue", ""), ("", [], ""))
        gold.append(
            Gold(
                chars=_chars(text, content),
                source=_chars(text, source[1]),
                source_text=source[2],
                source_start=source[1][0][0] if source[1] else -1,
                cue_text=cue[2],
                direct=any(c in content_text for c in QUOTE_CHARS) or "''" in content_text,
            )
        )
    return gold


def load_split(data: Path, split: str, limit: int | None = None) -> list[DocCase]:
    """Articles of a PolNeAR split with one annotator's attributions each."""
    root = data / "data" / split if (data / "data").is_dir() else data / split
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvaluationDataError(
            f"{root} has no text/ and attributions/ folders; pass the PolNeAR folder "
            "(the one holding data/{train,dev})"
        )
    cases: list[DocCase] = []
    for path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        gold = read_ann(text, anns[0].read_text(encoding="utf-8"))  # first annotator
        cases.append(DocCase(path.stem, text, gold))
        if limit is not None and len(cases) >= limit:
            break
    if not cases:
        raise EvaluationDataError(f"no annotated articles found under {root}")
    return cases


def overlap(pred: frozenset[int], gold: frozenset[int], reading: str = "coverage") -> float:
    """Character overlap of a predicted and a gold content (see the module docstring).

    ``coverage`` (primary): the shared characters as a share of the gold span *and* of the
    predicted span, whichever is smaller; ``jaccard``: shared / union.
    """
    inter = len(pred & gold)
    if not inter:
        return 0.0
    if reading == "jaccard":
        return inter / len(pred | gold)
    return min(inter / len(gold), inter / len(pred))


def _match(
    preds: list[frozenset[int]],
    golds: list[frozenset[int]],
    threshold: float,
    reading: str = "coverage",
) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if p & g:
                score = overlap(p, g, reading)
                if score >= threshold:
                    pairs.append((score, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _reference_name(case: DocCase, gold: Gold) -> str | None:
    """Last capitalised word of the nearest preceding named gold Source (see module doc)."""
    best: tuple[int, str] | None = None
    for other in case.gold:
        if not (0 <= other.source_start < gold.source_start):
            continue
        words = [re.sub(r"['’]s?$", "", w.strip(".,;:()")) for w in other.source_text.split()]
        capitalised = [
            w
            for w in words
            if w[:1].isupper() and w.lower() not in PRONOUNS and w.lower() not in _NOT_NAMES
        ]
        if capitalised and (best is None or other.source_start > best[0]):
            best = (other.source_start, capitalised[-1])
    return best[1] if best else None


def _content_chars(text: str, quote: Quote) -> frozenset[int]:
    """A predicted content's characters, less the quote's own speaker and cue.

    PolNeAR labels every token once, so a gold Content never contains its Source or Cue; a
    predicted '"A," he said, "B."' covers its attribution, which is taken out the same way.
    """
    chars = _chars(text, [(quote.content.start, quote.content.end)])
    for span in (quote.speaker.span, quote.cue):
        if span is not None and span.field == "text":
            chars -= _chars(text, [(span.start, span.end)])
    return chars or _chars(text, [(quote.content.start, quote.content.end)])


class Tally:
    """Counts for one system (ours or the baseline)."""

    def __init__(self, reading: str = "coverage") -> None:
        self.reading = reading
        self.n_pred = 0
        self.n_gold = 0
        self.matched: dict[float, int] = dict.fromkeys(THRESHOLDS, 0)
        self.by_kind: dict[float, dict[str, dict[str, int]]] = {t: {} for t in THRESHOLDS}
        self.statement = {"gold": 0, "matched": 0, "pred_other": 0}
        self.speaker = {"scored": 0, "correct": 0, "pron_scored": 0, "pron_name_ok": 0}

    def add(self, case: DocCase, preds: list[Quote]) -> None:
        text = case.text
        pchars = [_content_chars(text, q) for q in preds]
        gchars = [g.chars for g in case.gold]
        self.n_pred += len(preds)
        self.n_gold += len(case.gold)
        for t in THRESHOLDS:
            pairs = _match(pchars, gchars, t, self.reading)
            self.matched[t] += len(pairs)
            self._kinds(case, preds, pairs, self.by_kind[t])
            if t == THRESHOLDS[0]:
                self._speakers(case, preds, pairs)
                self._statements(case, pairs, len(preds))

    @staticmethod
    def _kinds(
        case: DocCase,
        preds: list[Quote],
        pairs: list[tuple[int, int]],
        by_kind: dict[str, dict[str, int]],
    ) -> None:
        """Gold kind: a quotation mark (or '') in the content; predicted: Quote.kind (mixed =
        indirect)."""
        for kind in ("direct", "indirect"):
            by_kind.setdefault(kind, _zero())
        for g in case.gold:
            by_kind["direct" if g.direct else "indirect"]["gold"] += 1
        for q in preds:
            by_kind["direct" if q.kind == "direct" else "indirect"]["pred"] += 1
        for i, j in pairs:
            by_kind["direct" if case.gold[j].direct else "indirect"]["gold_matched"] += 1
            by_kind["direct" if preds[i].kind == "direct" else "indirect"]["pred_matched"] += 1

    def _statements(self, case: DocCase, pairs: list[tuple[int, int]], n_pred: int) -> None:
        self.statement["gold"] += sum(g.statement for g in case.gold)
        self.statement["matched"] += sum(case.gold[j].statement for _, j in pairs)
        self.statement["pred_other"] += sum(not case.gold[j].statement for _, j in pairs)

    def _speakers(self, case: DocCase, preds: list[Quote], pairs: list[tuple[int, int]]) -> None:
        for i, j in pairs:
            gold = case.gold[j]
            if not gold.source:
                continue
            speaker = preds[i].speaker
            self.speaker["scored"] += 1
            span = speaker.span
            if span is not None and _chars(case.text, [(span.start, span.end)]) & gold.source:
                self.speaker["correct"] += 1
            if gold.source_text.lower() in PRONOUNS:
                reference = _reference_name(case, gold)
                if reference is None:
                    continue
                self.speaker["pron_scored"] += 1
                if speaker.name and reference.lower() in speaker.name.lower().split():
                    self.speaker["pron_name_ok"] += 1

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"predicted": self.n_pred, "gold": self.n_gold}
        for t in THRESHOLDS:
            m = self.matched[t]
            out[f"at_{int(t * 100)}"] = _prf(m, self.n_pred, m, self.n_gold)
        st = self.statement
        out["statements_at_30"] = _prf(
            st["matched"], self.n_pred - st["pred_other"], st["matched"], st["gold"]
        ) | {"gold": st["gold"]}
        for t in THRESHOLDS:
            out[f"by_kind_at_{int(t * 100)}"] = {
                kind: _prf(v["pred_matched"], v["pred"], v["gold_matched"], v["gold"])
                | {"gold": v["gold"], "predicted": v["pred"]}
                for kind, v in sorted(self.by_kind[t].items())
            }
        sp = self.speaker
        out["speaker"] = {
            "scored": sp["scored"],
            "accuracy": round(sp["correct"] / sp["scored"], 3) if sp["scored"] else 0.0,
            "pronoun_scored": sp["pron_scored"],
            "pronoun_name_accuracy": round(sp["pron_name_ok"] / sp["pron_scored"], 3)
            if sp["pron_scored"]
            else 0.0,
        }
        return out


def _zero() -> dict[str, int]:
    return {"gold": 0, "gold_matched": 0, "pred": 0, "pred_matched": 0}


def _textacy_quotes(sdoc: Any, lemmas: dict[str, str]) -> list[Quote] | None:
    """textacy's direct_quotations as Quotes; None when textacy refuses the document."""
    from textacy.extract.triples import direct_quotations

    from ..model import Span, Speaker

    for token in sdoc:
        if token.tag_.startswith("VB") or token.lower_ == "according":
            token.lemma_ = lemmas.get(token.lower_, token.lower_)
    try:
        triples = list(direct_quotations(sdoc))
    except ValueError:  # odd number of quotation marks: textacy bails out on the document
        return None
    quotes = []
    for triple in triples:
        c = triple.content
        s = triple.speaker
        quotes.append(
            Quote(
                speaker=Speaker(Span(s[0].idx, s[-1].idx + len(s[-1].text), "") if s else None),
                content=Span(c.start_char, c.end_char, c.text),
            )
        )
    return quotes


def _textacy_lemmas() -> dict[str, str] | None:
    """Our pipeline runs without a lemmatizer; give textacy lemmas for its own reporting verbs."""
    try:
        from textacy import constants
    except ImportError:
        return None
    from ..extract.quote_lexicon import _inflections, load_cues

    lemmas = {form: lemma for form, lemma in load_cues().forms.items()}
    for lemma in constants.REPORTING_VERBS["en"]:
        for form in _inflections(lemma):
            lemmas.setdefault(form, lemma)
    return lemmas


def run(data: Path, limit: int | None = None, split: str = "dev") -> dict[str, Any]:
    """Score eventwire (and textacy's direct quotations, if installed) on a PolNeAR split."""
    from .. import nlp
    from ..extract.quotes import find_quotes

    cases = load_split(Path(data), split, limit)
    started = time.perf_counter()
    parses = list(nlp.parse([c.text for c in cases]))
    parse_seconds = time.perf_counter() - started
    ours = Tally()
    ours_jaccard = Tally("jaccard")
    quote_seconds = 0.0
    for case, sdoc in zip(cases, parses, strict=True):
        article = Article(id=case.name, text=case.text)
        t0 = time.perf_counter()
        preds = find_quotes(article, sdoc)
        quote_seconds += time.perf_counter() - t0
        ours.add(case, preds)
        ours_jaccard.add(case, preds)
    results: dict[str, Any] = {
        "data": str(data),
        "split": split,
        "documents": len(cases),
        "eventwire": ours.summary(),
        "eventwire_jaccard": ours_jaccard.summary(),
        "throughput": {
            "quote_stage_docs_per_s": round(len(cases) / quote_seconds, 1) if quote_seconds else 0,
            "parse_docs_per_s": round(len(cases) / parse_seconds, 1) if parse_seconds else 0,
        },
    }
    lemmas = _textacy_lemmas()
    if lemmas is None:
        results["textacy"] = "skipped: textacy is not installed (pip install textacy)"
    else:
        base = Tally()
        base_jaccard = Tally("jaccard")
        refused = 0
        for case, sdoc in zip(cases, parses, strict=True):
            quotes = _textacy_quotes(sdoc, lemmas)
            if quotes is None:
                refused += 1
                quotes = []
            base.add(case, quotes)
            base_jaccard.add(case, quotes)
        results["textacy"] = base.summary() | {"documents_refused": refused}
        results["textacy_jaccard"] = base_jaccard.summary()
    return results


def render(results: dict[str, Any]) -> str:
    """Markdown report."""
    lines = [
        f"# Quotes on PolNeAR {results['split']} ({results['documents']} articles)",
        "",
        "| system | predicted | gold | P@30 | R@30 | F1@30 | P@80 | R@80 | F1@80 | speaker acc |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    systems = [("eventwire", results["eventwire"])]
    if isinstance(results.get("textacy"), dict):
        systems.append(("textacy direct_quotations", results["textacy"]))
    rows = list(systems)
    if "eventwire_jaccard" in results:
        rows.append(("eventwire (Jaccard overlap)", results["eventwire_jaccard"]))
    if isinstance(results.get("textacy_jaccard"), dict):
        rows.append(("textacy (Jaccard overlap)", results["textacy_jaccard"]))
    for name, r in rows:
        a, b = r["at_30"], r["at_80"]
        lines.append(
            f"| {name} | {r['predicted']} | {r['gold']} | {a['precision']} | {a['recall']} | "
            f"{a['f1']} | {b['precision']} | {b['recall']} | {b['f1']} | "
            f"{r['speaker']['accuracy']} |"
        )
    lines += [
        "",
        "Overlap: primary = shared non-space characters as a share of the gold span and of the "
        "predicted span (the smaller); Jaccard rows = shared / union.",
    ]
    if not isinstance(results.get("textacy"), dict):
        lines += ["", f"textacy baseline: {results.get('textacy')}"]
    for name, r in systems:
        st = r["statements_at_30"]
        lines += [
            "",
            f"## {name}",
            f"- statements subset (gold cue is a speech word; {st['gold']} gold): "
            f"P {st['precision']} R {st['recall']} F1 {st['f1']} (overlap ≥ 0.3)",
        ]
        for kind, v in r["by_kind_at_30"].items():
            w = r["by_kind_at_80"][kind]
            lines.append(
                f"- {kind} ({v['gold']} gold, {v['predicted']} predicted): "
                f"P/R/F1 @30 {v['precision']}/{v['recall']}/{v['f1']}, "
                f"@80 {w['precision']}/{w['recall']}/{w['f1']}"
            )
        sp = r["speaker"]
        lines.append(
            f"- speaker span accuracy {sp['accuracy']} on {sp['scored']} matched quotes; "
            f"pronoun sources: resolved-name accuracy {sp['pronoun_name_accuracy']} "
            f"on {sp['pronoun_scored']}"
        )
        if "documents_refused" in r:
            refused = r["documents_refused"]
            lines.append(f"- documents textacy refused (odd quotation marks): {refused}")
    tp = results["throughput"]
    lines += [
        "",
        f"Throughput: quote stage {tp['quote_stage_docs_per_s']} docs/s "
        f"(parsing excluded; spaCy parse {tp['parse_docs_per_s']} docs/s).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR folder")
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        print(render(run(args.data, args.limit, args.split)))
    except EventwireError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
