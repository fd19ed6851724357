"""The zip-bomb guard shared by every door (CLI readers and the portal's uploads).

An .xlsx / .docx is a zip container.  Before any reader opens one, its central directory is read
(a few KB) and the container is refused when its entries would unpack to more than
MAX_UNZIPPED_BYTES, when it has more than MAX_ZIP_ENTRIES entries, or when one large entry has a
compression ratio above MAX_ZIP_RATIO.  zipfile never reads more than an entry's declared size,
so checking the declared sizes is enough.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_RATIO = 150


class ZipRefused(Exception):
    """The container is damaged or looks like a zip bomb; the message names the file (Chinese)."""


def check_zip(source: Path | bytes, name: str) -> list[zipfile.ZipInfo]:
    """Refuse a damaged container or a zip bomb (ZipRefused); return its entries."""
    try:
        with zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ZipRefused(f"文件“{name}”已损坏，无法打开") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ZipRefused(f"文件“{name}”内部文件过多（{len(infos)} 个），已拒绝")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise ZipRefused(f"文件“{name}”压缩比异常（疑似压缩炸弹），已拒绝")
    if total > MAX_UNZIPPED_BYTES:
        raise ZipRefused(f"文件“{name}”解压后过大（{total // 1048576} MB，疑似压缩炸弹），已拒绝"
                         f"（上限 {MAX_UNZIPPED_BYTES // 1048576} MB）")
    return infos


def guard_file(path: Path) -> None:
    """`check_zip` for a file a reader is about to open: InputError naming the file."""
    from juesuan.core.errors import InputError

    if not zipfile.is_zipfile(path):
        return  # not a zip at all: the reader says what the file is instead
    try:
        check_zip(path, path.name)
    except ZipRefused as exc:
        raise InputError(f"文件 {path}：{str(exc).split('”', 1)[-1].lstrip('，')}", file=str(path)) from None
