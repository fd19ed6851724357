"""Was a file written by juesuan?  Asked before an output would replace an existing file.

DOCX / XLSX: the creator (or application) in docProps is "juesuan"; HTML: `<meta name="generator"
content="juesuan">`; PDF: the attached `juesuan-model.json` (or author "juesuan"); YAML / JSON: the model's format
`juesuan/final-accounts` in the first lines.  Anything unreadable is not ours.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_HTML_MARK = re.compile(rb"""<meta\s+name=["']generator["']\s+content=["']juesuan""", re.I)
_OFFICE_MARK = re.compile(rb"<dc:creator(?:\s[^>]*)?>juesuan</dc:creator>|<Application>juesuan</Application>")


def written_by_juesuan(path: Path) -> bool:
    """True when `path` is a file juesuan wrote (a report, a workbook, an audit report)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".html", ".htm"):
            with path.open("rb") as fh:
                return bool(_HTML_MARK.search(fh.read(4096)))
        if suffix in (".docx", ".xlsx", ".xlsm"):
            from juesuan.core.zipguard import check_zip

            check_zip(path, path.name)
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "xl/workbook.xml" in names and b'name="_juesuan_model"' in zf.read("xl/workbook.xml"):
                    return True  # a report workbook: its hidden sheet holds the model
                return any(_OFFICE_MARK.search(zf.read(n)[:65536])
                           for n in ("docProps/core.xml", "docProps/app.xml") if n in names)
        if suffix in (".yaml", ".yml", ".json"):
            with path.open("rb") as fh:
                return b"juesuan/final-accounts" in fh.read(400)
        if suffix == ".pdf":
            import pymupdf

            with pymupdf.open(path) as doc:  # our reports carry the model as an attached file
                return (doc.metadata or {}).get("author") == "juesuan" or "juesuan-model.json" in doc.embfile_names()
    except Exception:  # noqa: BLE001 - a file we cannot read is not ours
        return False
    return False
