"""Read our own outputs back: the model JSON every juesuan output embeds (see document.py).

- .html/.htm: <script type="application/json" id="juesuan-model">
- .docx: a custom XML part (customXml/*.xml) whose root is in the urn:juesuan:model namespace
- .pdf: the embedded file (attachment) juesuan-model.json
- .xlsx/.xlsm: the (very) hidden sheet _juesuan_model, JSON in column A from the first "{"
A file without it is not a juesuan output: InputError suggests `juesuan audit` for published reports.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from juesuan.core.codec import from_json
from juesuan.core.document import EMBED_DOCX_PART, EMBED_FILE_NAME, EMBED_HTML_ID, EMBED_SHEET, EMBED_XML_NS
from juesuan.core.errors import InputError
from juesuan.core.model import FinalAccounts

MAX_BYTES = 200_000_000


def read_embedded(path: Path | str) -> FinalAccounts:
    """The model embedded in one of our own .html/.docx/.pdf/.xlsx outputs."""
    path = Path(path)
    if not path.exists():
        raise InputError.at(str(path), "文件不存在")
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError.at(str(path), f"不支持从“{suffix or '无扩展名'}”文件读取内嵌的决算数据",
                            expected=".html、.docx、.pdf 或 .xlsx")
    try:
        if suffix in (".docx", ".xlsx", ".xlsm"):
            from juesuan.core.zipguard import guard_file

            guard_file(path)
        text = reader(path)
    except InputError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, KeyError) as exc:
        raise InputError.at(str(path), f"文件无法打开或已损坏（{type(exc).__name__}）",
                            expected=f"juesuan 生成的 {suffix} 文件") from None
    except Exception as exc:  # noqa: BLE001 - a third-party parser's own error type
        raise InputError.at(str(path), f"文件无法解析（{type(exc).__name__}）",
                            expected=f"juesuan 生成的 {suffix} 文件") from None
    if text is None:
        raise InputError.at(str(path), "不是 juesuan 生成的文件（其中没有内嵌的决算数据）",
                            expected="juesuan build 生成的文件；已公开的决算报告请用 `juesuan audit` 审核")
    return from_json(text, f"{path}（内嵌的决算数据）")


def model_json(path: Path | str) -> str | None:
    """The model JSON embedded in one of our outputs (chosen by extension), or None when it has none."""
    path = Path(path)
    return READERS[path.suffix.lower()](path)


_SCRIPT_RE = re.compile(
    r"<script\b[^>]*\bid=[\"']" + re.escape(EMBED_HTML_ID) + r"[\"'][^>]*>(.*?)</script\s*>", re.S | re.I)


def _html(path: Path) -> str | None:
    text = path.read_bytes()[:MAX_BYTES].decode("utf-8", errors="replace")
    m = _SCRIPT_RE.search(text)
    if m is None:
        return None
    body = m.group(1).strip()
    json.loads(body)  # \u003c escapes decode to "<" here; a broken tag raises ValueError
    return body


def _docx(path: Path) -> str | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(path) as z:
        # Word may rename custom XML parts when it saves (item1.xml …): look at them all, ours first
        names = sorted((n for n in z.namelist() if re.fullmatch(r"customXml/[^/]+\.xml", n)),
                       key=lambda n: (n != EMBED_DOCX_PART, n))
        for name in names:
            if z.getinfo(name).file_size > MAX_BYTES:
                continue
            try:
                root = etree.fromstring(z.read(name), parser)
            except etree.XMLSyntaxError:
                continue
            if isinstance(root.tag, str) and root.tag.startswith(f"{{{EMBED_XML_NS}}}"):
                return root.text or ""
    return None


def _pdf(path: Path) -> str | None:
    import pymupdf

    with pymupdf.open(path) as doc:
        if EMBED_FILE_NAME not in doc.embfile_names():
            return None
        return doc.embfile_get(EMBED_FILE_NAME).decode("utf-8")


def _xlsx(path: Path) -> str | None:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if EMBED_SHEET not in wb.sheetnames:
            return None
        parts: list[str] = []
        started = False
        for (value,) in wb[EMBED_SHEET].iter_rows(min_col=1, max_col=1, values_only=True):
            if not isinstance(value, str):
                continue
            if not started:
                if not value.lstrip().startswith("{"):
                    continue
                started = True
            parts.append(value)
        return "".join(parts) if parts else None
    finally:
        wb.close()


READERS = {".html": _html, ".htm": _html, ".docx": _docx, ".pdf": _pdf, ".xlsx": _xlsx, ".xlsm": _xlsx}
