"""Who, where and when of an event: small functions over the spaCy dependency parse.

Each function takes the trigger token and returns one role; they are kept apart from the trigger
matching so that each rule can be read, tested and replaced on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Token

from ..model import Actor, Mention, Span, TimeExpr

# where an event happened lives in its own module (event_location), with the clause walk both
# modules use; re-exported here
from .event_location import CLAUSE_BREAKS as CLAUSE_BREAKS
from .event_location import LOCATIVE_PREPS as LOCATIVE_PREPS
from .event_location import PLACE_NOUNS as PLACE_NOUNS
from .event_location import clause_tokens as clause_tokens
from .event_location import focus_place as focus_place
from .event_location import locate as locate
from .event_location import place_root as place_root
from .event_location import pruned_subtree as pruned_subtree

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj", "attr", "oprd"}
RECIPIENT_PREPS = {"against", "on", "with", "to", "at", "into", "from", "toward", "towards", "upon"}
PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its"}
SECTOR_WORDS = {
    "army": "MIL", "military": "MIL", "troops": "MIL", "forces": "MIL", "soldiers": "MIL",
    "police": "COP", "government": "GOV", "ministry": "GOV", "president": "GOV",
    "rebels": "REB", "militants": "REB", "insurgents": "INS", "protesters": "CVL",
    "opposition": "OPP", "journalists": "JRN", "court": "JUD", "parliament": "LEG",
}  # fmt: skip


def token_chars(tok: Token) -> tuple[int, int]:
    return tok.idx, tok.idx + len(tok.text)


def subject_of(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """(subject token, is_passive): the verb's own subject or, for xcomp/conj/participles, its head's."""  # noqa: E501
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child, False
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj, False
    if depth < 3 and verb.dep_ in ("xcomp", "conj", "advcl", "ccomp") and verb.head is not verb:
        if verb.dep_ == "ccomp" and not any(c.dep_ == "mark" for c in verb.children):
            return None, False
        return subject_of(verb.head, depth + 1)
    return None, False


def passive_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in PASSIVE_SUBJECTS:
            return child
    return None


def objects_of(tok: Token) -> list[Token]:
    """Direct objects, else objects of recipient prepositions (for verbs and for nouns)."""
    direct = [c for c in tok.children if c.dep_ in OBJECTS]
    if direct:
        return direct
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in RECIPIENT_PREPS | {"of"}:
            if child.lower_ == "of" and tok.pos_ == "VERB":
                continue
            out.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "dative" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.append(child)
    return out


def conjuncts(tok: Token) -> list[Token]:
    return [tok, *tok.conjuncts]


class ActorFinder:
    """Turns role tokens into actors using the resolved mentions (and pronouns, by recency)."""

    def __init__(self, mentions: Sequence[Mention], non_actors: set[str]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.span.start)
        self.non_actors = non_actors

    def inside(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.span.start >= start and m.span.end <= end]

    def antecedent(self, pron: Token, exclude: set[str] | None = None) -> Mention | None:
        """Root subject of the sentence if a named person (cataphora), else the last person before."""  # noqa: E501
        exclude = exclude or set()
        sent = pron.sent
        root_subj = next((c for c in sent.root.children if c.dep_ in SUBJECTS), None)
        if root_subj is not None and root_subj.lower_ not in PRONOUNS:
            found = self._person_in(root_subj.idx, root_subj.idx + len(root_subj.text))
            if (
                found is not None
                and found.span.start != pron.idx
                and mention_actor(found).name not in exclude
            ):
                return found
        people = [
            m
            for m in self.mentions
            if m.label in ("PERSON", "ORG", "GPE", "NORP") and m.span.end <= pron.idx
        ]
        persons = [
            m for m in people if m.label == "PERSON" and mention_actor(m).name not in exclude
        ]
        if pron.lower_ in ("it", "its", "they", "them", "their"):
            others = [m for m in people if m.label != "PERSON"]
            return others[-1] if others else None
        return persons[-1] if persons else None

    def _person_in(self, start: int, end: int) -> Mention | None:
        for m in self.mentions:
            overlaps = m.span.start <= start < m.span.end or start <= m.span.start < end
            if overlaps and m.label == "PERSON":
                return m
        return None

    def actors_for(
        self, tok: Token, exclude: set[str] | None = None
    ) -> tuple[list[Actor], list[Mention]]:
        """Actors named by the phrase headed by ``tok`` (with its conjuncts)."""
        actors: list[Actor] = []
        used: list[Mention] = []
        for head in conjuncts(tok):
            if head.lower_ in PRONOUNS and head.pos_ == "PRON":
                found = self.antecedent(head, exclude)
                if found is not None:
                    actors.append(mention_actor(found))
                    used.append(found)
                continue
            if head.lower_ in self.non_actors or head.lower_.rstrip("s") in self.non_actors:
                continue
            starts = {t.idx for t in phrase_tokens(head)}
            inner = [
                m
                for m in self.mentions
                if m.span.start in starts
                and m.label not in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT")
            ]
            if any(m.label in ("PERSON", "ORG") for m in inner):
                inner = [m for m in inner if m.label not in ("NORP",)]
            if inner:
                for m in inner:
                    actors.append(mention_actor(m))
                    used.append(m)
            elif head.pos_ in ("NOUN", "PROPN"):
                actors.append(phrase_actor(head))
        unique: dict[tuple[str, str | None], Actor] = {}
        for a in actors:
            unique.setdefault((a.name, a.country), a)
        return list(unique.values()), used


_PHRASE_STOP = {"in", "near", "at", "outside", "inside", "during", "after", "before", "since"}


def phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without conjuncts, clauses and place/time modifiers."""
    return pruned_subtree(
        head,
        lambda child: (
            child.dep_ in ("conj", "cc", "relcl", "acl", "appos", "advcl", "punct")
            or (child.dep_ == "prep" and child.lower_ in _PHRASE_STOP)
        ),
    )


def mention_actor(m: Mention) -> Actor:
    return m.actor if m.actor is not None else Actor(name=m.span.text, kind=m.label.lower())


def phrase_actor(head: Token) -> Actor:
    """An unresolved actor named by its noun phrase ("U.S.-allied leaders")."""
    words = [
        t
        for t in head.subtree
        if t.i <= head.i and t.dep_ not in ("det", "predet", "punct") and t.i >= head.left_edge.i
    ]
    name = " ".join(t.text for t in words) or head.text
    sector = SECTOR_WORDS.get(head.lower_)
    return Actor(name=name, sector=sector, kind="agent")


# ---------------------------------------------------------------------------------- times
def times_in(tokens: Sequence[Token], times: Sequence[TimeExpr]) -> TimeExpr | None:
    chars = {t.idx for t in tokens}
    for time in times:
        if any(time.span.start <= c < time.span.end for c in chars):
            return time
    return None


def governing_time(
    trigger: Token, times: Sequence[TimeExpr], stop_at_speech: set[str], allow_speech: bool
) -> TimeExpr | None:
    """The time expression of the trigger's clause, else of the clauses that govern it."""
    if not times:
        return None
    found = times_in(clause_tokens(trigger), times)
    if found is not None:
        return found
    tok = trigger
    for _ in range(6):
        if tok.head is tok:
            break
        child, tok = tok, tok.head
        inside = times_in([tok], times)
        if inside is not None:  # "until the spring ... when X took control"
            return inside
        if tok.lower_ in stop_at_speech and not allow_speech:
            break
        direct = times_in(
            [
                t
                for c in tok.children
                if c is not child and c.dep_ not in CLAUSE_BREAKS
                for t in c.subtree
            ],
            times,
        )
        if direct is not None:
            return direct
    return None


_SEASON_END = {"SP": (5, 31), "SU": (8, 31), "FA": (11, 30), "AU": (11, 30), "WI": (2, 28)}


def time_bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a TIMEX3 value can denote (day, month, season, year), or None."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", value)
    try:
        if m:
            year = int(m.group(1))
            if m.group(3):
                day = dt.date(year, int(m.group(2)), int(m.group(3)))
                return day, day
            if m.group(2):
                month = int(m.group(2))
                start = dt.date(year, month, 1)
                end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
                return start, end
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        m = re.match(r"^(\d{4})-(SP|SU|FA|AU|WI)$", value)
        if m:
            year = int(m.group(1))
            end_month, end_day = _SEASON_END[m.group(2)]
            end = dt.date(year + (m.group(2) == "WI"), end_month, end_day)
            return end - dt.timedelta(days=91), end
        m = re.match(r"^(\d{4})-W(\d{2})$", value)
        if m:
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return start, start + dt.timedelta(days=6)
    except ValueError:
        return None
    return None


def publication_time(published: dt.datetime) -> TimeExpr:
    """The publication date as a time expression (used when the text names no time)."""
    value = published.date().isoformat()
    return TimeExpr(span=Span(0, 0, ""), value=value, granularity="day", anchor=value)


# ---------------------------------------------------------------------------------- sizes
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUM = (
    r"(\d[\d,]*(?:\.\d+)?(?:\s+(?:million|thousand))?|"
    + "|".join(_NUMBER_WORDS)
    + r"|dozens|hundreds|thousands)"
)
_PEOPLE = (
    r"(?:\s+(?:more\s+)?(?:people|persons|civilians|soldiers|troops|policemen|police officers|"
)
_PEOPLE += (
    r"militants|rebels|protesters|demonstrators|fighters|children|women|men|others|lives|of them))?"
)
_SIZE_PATTERNS = {
    "dead": [
        rf"\b(?:killed|killing|kills|kill|claimed|claiming|left|leaving)\s+(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|nearly\s+|over\s+|almost\s+)?{_NUM}{_PEOPLE}",
        rf"\b{_NUM}{_PEOPLE}\s+(?:were\s+|have\s+been\s+|had\s+been\s+|are\s+)?(?:killed|dead|died|slain)",
        rf"\bdeath\s+toll\s+(?:of|at|to|rose\s+to|climbed\s+to|reached)\s+(?:at\s+least\s+|more\s+than\s+)?{_NUM}",
    ],
    "injured": [
        rf"\b(?:injuring|wounding|injured|wounded)\s+(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+)?{_NUM}{_PEOPLE}",
        rf"\b{_NUM}{_PEOPLE}\s+(?:were\s+|have\s+been\s+)?(?:injured|wounded|hurt)",
    ],
    "arrested": [
        rf"\b(?:arrested|detained|arresting|detaining|rounded\s+up)\s+(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+)?{_NUM}{_PEOPLE}",
        rf"\b{_NUM}{_PEOPLE}\s+(?:were\s+|have\s+been\s+)?(?:arrested|detained)",
    ],
}
_COMPILED = {k: [re.compile(p, re.I) for p in v] for k, v in _SIZE_PATTERNS.items()}


def _number(text: str) -> int | None:
    text = text.lower().strip()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    if text in ("dozens", "hundreds", "thousands"):
        return None
    mult = 1
    if text.endswith("million"):
        mult, text = 1_000_000, text[: -len("million")].strip()
    elif text.endswith("thousand"):
        mult, text = 1000, text[: -len("thousand")].strip()
    try:
        return int(float(text.replace(",", "")) * mult)
    except ValueError:
        return None


def sizes(sentence: str) -> dict[str, int]:
    """Counts of dead, injured and arrested people stated in the sentence ("killed 12")."""
    out: dict[str, int] = {}
    for key, patterns in _COMPILED.items():
        for pattern in patterns:
            m = pattern.search(sentence)
            if m:
                value = _number(m.group(1))
                if value is not None and value > 0:
                    out[key] = value
                    break
    return out
