"""A small synthetic corpus shared by the batch tests (published TXT and DOCX, written once)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five reports: four TXT and one DOCX (units 1–5 of seed 21); no manifest beside them."""
    from juesuan.synth.corpus import write_corpus

    d = tmp_path_factory.mktemp("corpus")
    write_corpus(d, 5, seed=21, formats=("txt", "txt", "docx", "txt", "txt"), mix=True)
    (d / "corpus.jsonl").unlink()
    return d


@pytest.fixture
def corpus(small_corpus: Path, tmp_path: Path) -> Path:
    """A fresh copy a test may add to."""
    d = tmp_path / "in"
    shutil.copytree(small_corpus, d)
    return d
