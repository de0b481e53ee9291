"""The PLOVER ontology as data: the 16 event types, their modes, quad classes and contexts.

The facts live in ``data/ontology/plover.yaml`` so they can be read and checked without code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

# Labels of older PLOVER drafts (the CAMEO-derived gold records use them) and their 2021 names.
LEGACY_TYPES: dict[str, tuple[str, str | None]] = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", None),
    "FIGHT": ("ASSAULT", None),
    "INVESTIGATE": ("ACCUSE", "investigate"),
}


# Mode names of the older drafts used by the gold records, and their 2021 names.
LEGACY_MODES: dict[str, str] = {
    "strike-hun": "hunger",
    "strike-gen": "strike",
    "demo-org": "demo",
    "demo-spon": "demo",
    "riot-spon": "riot",
    "detain": "arrest",
    "confiscate": "seize",
}


@dataclass(frozen=True)
class Ontology:
    """PLOVER types with their quad class and allowed modes, plus contexts and CAMEO scales."""

    types: dict[str, dict[str, Any]]
    contexts: tuple[str, ...]
    auxiliary_modes: tuple[str, ...]
    goldstein_root: dict[str, float] = field(default_factory=dict)
    cameo_quad: dict[str, int] = field(default_factory=dict)

    def quad(self, event_type: str) -> int | None:
        """PLOVER quad category (1 verbal coop … 4 material conflict) of an event type."""
        info = self.types.get(event_type)
        return int(info["quad"]) if info else None

    def modes(self, event_type: str) -> tuple[str, ...]:
        info = self.types.get(event_type)
        return tuple(info.get("modes", ())) if info else ()

    def goldstein(self, cameo: str | None) -> float | None:
        """Goldstein value of the CAMEO root of ``cameo`` (e.g. "192" -> root "19" -> -10.0)."""
        return self.goldstein_root.get(cameo[:2]) if cameo else None

    def cameo_quad_class(self, cameo: str | None) -> int | None:
        return self.cameo_quad.get(cameo[:2]) if cameo else None


def normalise_type(label: str) -> tuple[str, str | None]:
    """Map an old PLOVER label to the 2021 type (and the mode it implies)."""
    label = label.strip().upper()
    return LEGACY_TYPES.get(label, (label, None))


def normalise_mode(mode: str | None) -> str | None:
    """Map an old PLOVER mode name to the 2021 one ("strike-hun" -> "hunger")."""
    if not mode:
        return None
    mode = mode.strip().lower()
    return LEGACY_MODES.get(mode, mode)


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Read ``data/ontology/plover.yaml`` (once per process)."""
    text = resources.files("eventwire").joinpath("data/ontology/plover.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return Ontology(
        types={str(k): dict(v) for k, v in raw["types"].items()},
        contexts=tuple(raw["contexts"]),
        auxiliary_modes=tuple(raw["auxiliary_modes"]),
        goldstein_root={str(k): float(v) for k, v in raw["goldstein_root"].items()},
        cameo_quad={str(k): int(v) for k, v in raw["cameo_quad"].items()},
    )
