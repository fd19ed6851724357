"""Cells holding an Excel error value (#DIV/0!, #N/A, #REF!, #VALUE! …).

calamine reads such a cell as blank, which would turn a broken formula in the clerk's workbook
into a silent 0.  The sheets' XML is scanned for cells of type "e" instead (only sheets that contain
one are looked at closely), so the reader can name the cell and say it is an error.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"|'
                    rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"|'
                  rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _unescape(b: bytes) -> str:
    from html import unescape

    return unescape(b.decode("utf-8", errors="replace"))


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def error_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name -> {(row, col) 0-based: "#DIV/0!"} for every cell holding an Excel error value."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return out
            rels = {}
            if "xl/_rels/workbook.xml.rels" in names:
                for m in _REL.finditer(zf.read("xl/_rels/workbook.xml.rels")):
                    rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
                    t = _unescape(target).lstrip("/")
                    rels[rid] = t if t.startswith("xl/") else f"xl/{t}"
            for m in _SHEET.finditer(zf.read("xl/workbook.xml")):
                name, rid = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
                part = rels.get(rid)
                if part not in names:
                    continue
                data = zf.read(part)
                if b't="e"' not in data:
                    continue
                cells = {}
                for c in _CELL.finditer(data):
                    ref, value = _REF.search(c.group(1)), _VALUE.search(c.group(2))
                    if ref:
                        cells[(int(ref.group(2)) - 1, _col(ref.group(1)))] = _unescape(value.group(1)) if value else "#错误"
                if cells:
                    out[_unescape(name)] = cells
    except (zipfile.BadZipFile, OSError, KeyError):
        return {}
    return out
