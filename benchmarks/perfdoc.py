"""docs/performance.md: each benchmark owns one section between `<!-- key:start -->` and `<!-- key:end -->`."""

from __future__ import annotations

from pathlib import Path

from juesuan.core.fileio import write_text_atomically

PERF = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def markers(key: str) -> tuple[str, str]:
    return f"<!-- {key}:start -->", f"<!-- {key}:end -->"


def write_section(key: str, heading: str, text: str, doc_path: Path = PERF) -> None:
    """Replace the body of section `key` of `doc_path` (markers kept; `text` may carry them), or append
    it under `## heading` when the file has no such section yet.  The file is replaced atomically."""
    start, end = markers(key)
    body = text.strip()
    body = body[len(start):] if body.startswith(start) else body
    body = body[: -len(end)] if body.endswith(end) else body
    block = f"{start}\n{body.strip()}\n{end}"
    doc = doc_path.read_text(encoding="utf-8") if doc_path.exists() else f"# {doc_path.stem.capitalize()}\n"
    if start in doc and end in doc:
        head, rest = doc.split(start, 1)
        doc = head + block + rest.split(end, 1)[1]
    else:
        doc = doc.rstrip("\n") + (f"\n\n## {heading}\n" if heading else "\n\n") + block + "\n"
    write_text_atomically(doc_path, doc)
