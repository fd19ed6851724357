"""Decoding text files whose encoding users do not know (UTF-8 or GB18030, as Chinese offices save)."""

from __future__ import annotations


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or GB18030 text; None when neither decodes."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None
