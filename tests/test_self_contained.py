"""A fresh clone passes its tests anywhere: no test, script or README note reaches outside the repository."""

from __future__ import annotations

import re

from conftest import DATA, REPO, SEED

OUTSIDE = re.compile(r"""\.\.[/\\"' ,]+(?:/ *)?["']?shared|/work/|\.\./shared""")


def test_no_test_or_script_reads_outside_the_repository() -> None:
    files = [*REPO.glob("tests/**/*.py"), *REPO.glob("scripts/*"), *REPO.glob("benchmarks/*.py"), REPO / ".ci" / "run"]
    offenders = []
    for f in files:
        if f == REPO / "tests" / "test_self_contained.py" or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{f.relative_to(REPO)}: {m.group(0)}" for m in OUTSIDE.finditer(text)]
    assert offenders == []


def test_readme_development_notes_stay_inside() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert not OUTSIDE.search(readme)


def test_the_test_documents_are_in_the_repository() -> None:
    assert SEED.is_file() and SEED.is_relative_to(REPO)
    assert (DATA / "README.md").is_file()
    assert len(list((DATA / "corpus").rglob("*.pdf"))) >= 8


def test_every_test_folder_is_collected(pytestconfig) -> None:
    """No folder of tests is skipped by a norecursedirs pattern (pytest's default one skips "build")."""
    from fnmatch import fnmatch

    patterns = pytestconfig.getini("norecursedirs")
    folders = {f.parent for f in (REPO / "tests").rglob("test_*.py")}
    skipped = [str(d.relative_to(REPO)) for d in folders
               if any(fnmatch(part, pat) for part in d.relative_to(REPO / "tests").parts for pat in patterns)]
    assert skipped == []
