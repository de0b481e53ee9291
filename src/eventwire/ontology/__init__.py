"""PLOVER ontology (types, modes, contexts) and the official CAMEO → PLOVER crosswalk."""

from .crosswalk import CameoEntry, cameo_entry, load_crosswalk
from .plover import PLOVER_TYPES, Ontology, load_ontology

__all__ = [
    "PLOVER_TYPES",
    "CameoEntry",
    "Ontology",
    "cameo_entry",
    "load_crosswalk",
    "load_ontology",
]
