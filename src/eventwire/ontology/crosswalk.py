"""The official CAMEO → PLOVER crosswalk (2021), loaded from ``data/ontology/cameo2plover.tsv``.

Lexicon entries name a CAMEO code; the crosswalk turns it into the PLOVER type, mode and context,
so the two codings of an event can never disagree.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class CameoEntry:
    """One crosswalk row: a CAMEO code and the PLOVER coding it maps to."""

    cameo: str
    type: str
    mode: tuple[str, ...]
    context: tuple[str, ...]
    description: str


@functools.lru_cache(maxsize=1)
def load_crosswalk() -> dict[str, CameoEntry]:
    """All crosswalk rows keyed by CAMEO code (``"192"`` → COERCE / seize / military)."""
    text = (
        resources.files("eventwire").joinpath("data/ontology/cameo2plover.tsv").read_text("utf-8")
    )
    table: dict[str, CameoEntry] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        table[row["cameo"]] = CameoEntry(
            cameo=row["cameo"],
            type=row["plover_type"],
            mode=tuple(m for m in [row["mode"].strip()] if m),
            context=tuple(c for c in row["context"].split(";") if c),
            description=row["cameo_description"],
        )
    return table


def cameo_entry(code: str) -> CameoEntry | None:
    """The crosswalk row of a CAMEO code, falling back to its parent codes (``1823`` → ``182``)."""
    table = load_crosswalk()
    for cut in range(len(code), 2, -1):
        entry = table.get(code[:cut])
        if entry is not None:
            return entry
    return None
