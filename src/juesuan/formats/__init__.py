"""Readers: every door into FinalAccounts.  `read_input(path)` picks one by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from juesuan.core.errors import InputError
from juesuan.core.model import FinalAccounts

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MODEL_SUFFIXES = (".yaml", ".yml", ".json")
EMBEDDED_SUFFIXES = (".docx", ".pdf", ".html", ".htm")


def read_input(path: Path | str) -> FinalAccounts:
    """Read a workbook, a YAML/JSON model, or one of our own DOCX/PDF/HTML outputs.

    Raises errors.InputError (a Chinese message naming file, sheet and cell) on bad input.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError.at(str(path), "文件不存在")
    if path.is_dir():
        raise InputError.at(str(path), "这是一个文件夹，不是文件", expected="一个 .xlsx、.yaml 或 .json 文件")
    if suffix in WORKBOOK_SUFFIXES:
        from juesuan.formats.workbook.read import read_workbook

        return read_workbook(path)
    if suffix in MODEL_SUFFIXES:
        from juesuan.core.codec import read_path

        return read_path(path)
    if suffix in EMBEDDED_SUFFIXES:
        from juesuan.formats.embedded import read_embedded

        return read_embedded(path)
    if suffix == ".xls":
        raise InputError.at(str(path), "不支持旧版 Excel（.xls）文件",
                            expected="在 Excel 中“另存为”Excel 工作簿（.xlsx）后再提交")
    known = "、".join((*WORKBOOK_SUFFIXES, *MODEL_SUFFIXES, *EMBEDDED_SUFFIXES))
    raise InputError.at(str(path), f"不支持“{suffix or '无扩展名'}”类型的文件", expected=f"以下类型之一：{known}")


__all__ = ["read_input"]
