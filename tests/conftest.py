from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "nk-russia-containers"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEED


@pytest.fixture(scope="session")
def offline_backend():
    from checker.extract.offline import OfflineBackend

    return OfflineBackend()


@pytest.fixture(scope="session")
def seed_report(offline_backend):
    from checker.pipeline import load_sources, run_diff

    return run_diff(load_sources([SEED], 5_000_000), offline_backend)
