"""Errors shown to users: always a plain Chinese message naming where the problem is."""

from __future__ import annotations


class JuesuanError(Exception):
    """Base class; the message is what the user reads."""


class InputError(JuesuanError):
    """The input cannot be read: file, sheet/page, cell/line and what was expected are in the message."""

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None, expected: str | None = None) -> None:
        self.file, self.sheet, self.cell, self.expected = file, sheet, cell, expected
        super().__init__(message)

    @classmethod
    def at(cls, file: str, what: str, *, sheet: str | None = None, cell: str | None = None,
           expected: str | None = None) -> InputError:
        """Compose 文件 X，工作表 Y，单元格 Z：what（应为 …）."""
        parts = [f"文件 {file}"]
        if sheet:
            parts.append(f"工作表“{sheet}”")
        if cell:
            parts.append(f"单元格 {cell}")
        msg = "，".join(parts) + f"：{what}"
        if expected:
            msg += f"（应为{expected}）"
        return cls(msg, file=file, sheet=sheet, cell=cell, expected=expected)
