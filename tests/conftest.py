"""Shared test fixtures. Tests that need ../shared gold data skip cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_dir() -> Path | None:
    """The shared data folder: $EVENTWIRE_SHARED, else ../shared beside the repository."""
    candidate = Path(os.environ.get("EVENTWIRE_SHARED", REPO.parent / "shared"))
    return candidate if candidate.is_dir() else None


@pytest.fixture
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared is absent")
    return path


@pytest.fixture
def seed_text(shared: Path) -> str:
    return (shared / "seed" / "palmyra-newsweek.txt").read_text(encoding="utf-8")
